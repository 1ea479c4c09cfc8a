"""One tree, many plans: every plan of the cycle is a Plan with a tree of PlanItems."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cruscotto.core.italian import format_period
from cruscotto.core.models import SourcedModel


class Plan(SourcedModel):
    class Kind(models.TextChoices):
        MANDATO = "mandato", "Linee programmatiche di mandato"
        PSM = "psm", "Piano strategico metropolitano"
        DUP = "dup", "Documento unico di programmazione"
        PERFORMANCE = "performance", "Piano della performance"

    ente = models.ForeignKey("core.Ente", on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.SlugField(max_length=80)  # natural key within ente and kind: "2021-2026"
    title = models.CharField(max_length=300)
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    edition = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = "piano"
        verbose_name_plural = "piani"
        ordering = ["ente", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "kind", "code"], name="unique_plan_code")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        """ "2021–2026"; "2024" for a plan of one year; "" when the document gives none."""
        return format_period(self.period_start, self.period_end)


class PlanItem(SourcedModel):
    class Level(models.TextChoices):
        MISSIONE = "missione", "Missione"
        PROGRAMMA = "programma", "Programma"
        LINEA = "linea", "Linea programmatica"
        ATTIVITA = "attivita", "Attività"
        ASSE = "asse", "Asse"
        STRATEGIA = "strategia", "Strategia"
        AZIONE = "azione", "Azione"
        OBIETTIVO = "obiettivo", "Obiettivo"
        PROGETTO = "progetto", "Progetto"
        BISOGNO = "bisogno", "Bisogno"
        TEMA = "tema", "Tema"
        SEZIONE = "sezione", "Sezione"
        STRUTTURA = "struttura", "Struttura"
        # A level a spreadsheet names otherwise ("macro-area"): `level_label` keeps its words.
        VOCE = "voce", "Voce"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    # The level as the document names it, where the level's own name does not say it
    # ("Obiettivo operativo" for an obiettivo; "" where it is just "Obiettivo").
    level_label = models.CharField(max_length=80, blank=True)
    # Natural key within the plan, built by the importer from printed codes
    # ("M01.P01.a"): what makes a second import update instead of duplicate.
    key = models.CharField(max_length=200)
    code = models.CharField(max_length=40, blank=True)  # as printed: "1", "a", "2.1.3"
    title = models.TextField()
    description = models.TextField(blank=True)
    # Codes of the indicators the item's row cites, as that row prints them (the rendiconto's
    # "Codice Indicatore": "d.1" even where the indicator table prints "d.,1").
    indicator_codes = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "voce di piano"
        verbose_name_plural = "voci di piano"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="unique_item_key")]
        indexes = [models.Index(fields=["plan", "level"])]

    def __str__(self) -> str:
        label = f"{self.get_level_display()} {self.code}".strip()
        return f"{label}: {self.title[:80]}"


class Link(SourcedModel):
    """A typed edge between two items, usually of different plans."""

    class Kind(models.TextChoices):
        # A programma's table lists a mandate line, under a local number.
        LISTS = "lists", "elenca"
        # An activity refers to a mandate line ("Rif linee CC").
        REFERS_TO = "refers_to", "si riferisce a"
        CONTRIBUTES_TO = "contributes_to", "contribuisce a"
        SERVES = "serves", "attua"
        # A strategy of a PSM edition continues one of the previous edition (see `change`).
        CONTINUES = "continues", "prosegue"
        # A strategy takes on a need that the plan's preliminary phase collected.
        ADDRESSES = "addresses", "affronta"
        # A new theme could go under this axis ("possibili link a assi esistenti"):
        # a suggestion, not an item of the axis and nothing that carries it out.
        POSSIBLE_AXIS = "possible_axis", "asse possibile"

    class Change(models.TextChoices):
        """How a strategy that `continues` one of the previous edition changed."""

        KEPT = "kept", "invariata"  # the same words
        RENAMED = "renamed", "rinominata"  # the same strategy, other words

    class Origin(models.TextChoices):
        STATED = "stated", "dichiarato nel documento"
        DERIVED = "derived", "derivato da una regola"
        USER = "user", "inserito da un utente"

    from_item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="links_out")
    to_item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.STATED)
    local_code = models.CharField(max_length=20, blank=True)  # the number printed in the source
    # Only for `continues`: whether the later edition kept the strategy's words.
    # Strategies of either edition without a `continues` link are new or dropped:
    # that is read from the links, not stored (see traceability.services.editions).
    change = models.CharField(max_length=10, choices=Change.choices, blank=True)

    class Meta:
        verbose_name = "collegamento"
        verbose_name_plural = "collegamenti"
        constraints = [
            models.UniqueConstraint(fields=["from_item", "to_item", "kind"], name="unique_link")
        ]
        indexes = [
            # Every import leaves out the links users entered (`user_link_keys`), a handful
            # among every ente's stated links: without this index each import read the
            # whole table (11 ms at 57 enti on PostgreSQL, ten times per ente imported).
            models.Index(fields=["origin"], condition=Q(origin="user"), name="link_entered_by_user")
        ]

    def __str__(self) -> str:
        return f"{self.from_item} {self.get_kind_display()} {self.to_item}"

    def clean(self) -> None:
        if self.change and self.kind != Link.Kind.CONTINUES:
            raise ValidationError({"change": "Solo un collegamento «prosegue» ha un esito."})


class LinkRejection(models.Model):
    """A stated or derived link a user removed: no import and no rule makes it again.

    Deleting such a link in the admin records its key here, and the loaders and the
    traceability rules leave that key out, as they leave out the key of a link a
    user entered. Removing the rejection lets the next import or refresh make the
    link again.
    """

    from_item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="+")
    to_item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Link.Kind.choices)
    origin = models.CharField(max_length=10, choices=Link.Origin.choices)  # of the removed link
    rejected_by = models.CharField(max_length=150)
    rejected_at = models.DateTimeField()

    class Meta:
        verbose_name = "collegamento rifiutato"
        verbose_name_plural = "collegamenti rifiutati"
        constraints = [
            models.UniqueConstraint(
                fields=["from_item", "to_item", "kind"], name="unique_link_rejection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_item} {self.get_kind_display()} {self.to_item} (rifiutato)"
