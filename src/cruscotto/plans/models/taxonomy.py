"""Taxonomies (SDG, PNRR, missioni of D.Lgs. 118/2011, a mandate's thematic groups, an
ente's territorial zones …) and item tags."""

from __future__ import annotations

from django.db import models

from cruscotto.core.models import SourcedModel


class Taxonomy(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", "generale"
        # The groups a mandate gathers its lines in (Turin's 2021-2026 "7 Città"): read
        # from the document that prints them, one taxonomy per ente and mandate.
        MANDATE_GROUPS = "mandate_groups", "aree tematiche del mandato"
        # How an ente divides its territory (a Città metropolitana's zone omogenee).
        ZONES = "zones", "zone del territorio"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    # How the document introduces it, as printed ("le cosiddette «7 Città», …").
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    # Reference taxonomies ship with the code (data migration); the others are
    # grown by imports, e.g. the stakeholders a document names.
    is_reference = models.BooleanField(default=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    # Whose it is: empty for the taxonomies every ente shares (SDG, PNRR, bilancio).
    ente = models.ForeignKey(
        "core.Ente", on_delete=models.CASCADE, null=True, blank=True, related_name="taxonomies"
    )
    # The plan whose document states it: a mandate's groups belong to that mandate.
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="taxonomies"
    )

    class Meta:
        verbose_name = "tassonomia"
        verbose_name_plural = "tassonomie"

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=60)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    aliases = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "voce di tassonomia"
        verbose_name_plural = "voci di tassonomia"
        ordering = ["taxonomy", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ItemTag(SourcedModel):
    item = models.ForeignKey("plans.PlanItem", on_delete=models.CASCADE, related_name="tags")
    term = models.ForeignKey(Term, on_delete=models.RESTRICT, related_name="item_tags")
    # Where the document prints the term among the item's terms of its taxonomy: an
    # activity's Impatto cell reads "Sociale Ambientale Economico" (000:119) as often as
    # "Economico Sociale Ambientale", and the report prints it as it was read. 0 where the
    # order is the taxonomy's.
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "term"], name="unique_item_tag")]

    def __str__(self) -> str:
        return f"{self.item} → {self.term}"


class LinkTag(SourcedModel):
    """A term printed beside one occurrence of a link, not beside its target everywhere.

    A mandate line listed by several programmi carries, in each programma's table,
    its own SDG and PNRR cells: the tags of that row belong to the programma's
    reference to the line (its "lists" link), not to the line.
    """

    link = models.ForeignKey("plans.Link", on_delete=models.CASCADE, related_name="tags")
    term = models.ForeignKey(Term, on_delete=models.RESTRICT, related_name="link_tags")

    class Meta:
        verbose_name = "etichetta di un collegamento"
        verbose_name_plural = "etichette dei collegamenti"
        constraints = [models.UniqueConstraint(fields=["link", "term"], name="unique_link_tag")]

    def __str__(self) -> str:
        return f"{self.link} → {self.term}"
