"""The administrations, their organisational units and their people."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from cruscotto.core.models.documents import SourcedModel
from cruscotto.domain.choices import EnteKind


class Ente(models.Model):
    """An administration: a row, not a constant. Documents find it by its name or an alias."""

    # Declared in the domain, so that `cruscotto enti add --help` lists them without Django.
    Kind = EnteKind

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    istat_code = models.CharField(max_length=6, blank=True)  # where the ente has one
    # The ways documents print the ente's name ("CITTA' DI TORINO", "Comune di Torino"),
    # compared folded: an import finds its ente by name or alias.
    aliases = models.JSONField(default=list, blank=True)
    # False for an ente an import made from the name a document prints: every import of
    # its documents says so until someone checks its name, kind and code (admin, `enti`).
    confirmed = models.BooleanField(default=True)

    class Meta:
        verbose_name = "ente"
        verbose_name_plural = "enti"

    def __str__(self) -> str:
        return self.name


class OrgUnit(SourcedModel):
    """A department, division or service; a tree through `parent`."""

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="org_units")
    # The same department is spelled many ways; `normalized_name` is the key an
    # importer matches on, `name` is the spelling shown to people.
    normalized_name = models.CharField(max_length=300)
    name = models.CharField(max_length=300)
    code = models.CharField(max_length=20, blank=True)  # "A02", "QA1" where the Ente uses codes
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = "struttura organizzativa"
        verbose_name_plural = "strutture organizzative"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "normalized_name"], name="unique_org_unit_name")
        ]

    def __str__(self) -> str:
        return self.name


class OrgUnitAlias(models.Model):
    """Another name of an OrgUnit ("Polizia Locale" for "Corpo di Polizia Locale"): an import
    that meets the alias finds the unit, and says so in a diagnostic. Added by a person who
    read the documents (the admin, `cruscotto units alias`), never guessed from the names."""

    class Source(models.TextChoices):
        ADMIN = "admin", "amministrazione"
        COMMAND = "command", "riga di comando"

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)  # as the person wrote it
    normalized_alias = models.CharField(max_length=300)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ADMIN)
    added_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "altro nome di una struttura"
        verbose_name_plural = "altri nomi delle strutture"
        constraints = [
            # An alias names one unit of its ente, or an import could not tell which.
            models.UniqueConstraint(
                fields=["ente", "normalized_alias"], name="unique_org_unit_alias_per_ente"
            )
        ]

    def __str__(self) -> str:
        return f"{self.alias or self.normalized_alias} → {self.unit}"


class Person(SourcedModel):
    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name = "persona"
        verbose_name_plural = "persone"
        constraints = [models.UniqueConstraint(fields=["ente", "name"], name="unique_person_name")]

    def __str__(self) -> str:
        return self.name
