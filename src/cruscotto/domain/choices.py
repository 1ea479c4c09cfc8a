"""Closed lists of values with their Italian labels, usable without Django.

A model field takes them as Django's TextChoices (`choices=Kind.choices`, `Kind.values`,
`member.label`), and the command line offers them in its --help without configuring
Django (`cruscotto enti add --help` lists the kinds of ente).
"""

from __future__ import annotations

from enum import EnumType, StrEnum
from typing import Any


class LabelledChoicesType(EnumType):
    """The class-level lists Django's TextChoices offers: values, labels, choices."""

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls.members()]

    @property
    def labels(cls) -> list[str]:
        return [member.label for member in cls.members()]

    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls.members()]

    def members(cls) -> list[LabelledChoices]:
        return list(cls)


class LabelledChoices(StrEnum, metaclass=LabelledChoicesType):
    """A member is written `COMUNE = "comune", "Comune"`: the stored value, then its label."""

    label: str

    def __new__(cls, value: str, label: str) -> Any:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class EnteKind(LabelledChoices):
    COMUNE = "comune", "Comune"
    CITTA_METROPOLITANA = "citta_metropolitana", "Città metropolitana"
    PROVINCIA = "provincia", "Provincia"
    REGIONE = "regione", "Regione"
    UNIONE = "unione", "Unione di comuni"
    ALTRO = "altro", "Altro ente"


class RoleKind(LabelledChoices):
    AMMINISTRATORE = "amministratore", "amministratore"
    UFFICIO = "ufficio", "ufficio di controllo"
    REFERENTE = "referente", "referente di unità organizzative"
    DIRIGENTE = "dirigente", "dirigente"
    VALUTATORE = "valutatore", "valutatore (OIV / Nucleo di valutazione)"


class TokenScope(LabelledChoices):
    READ = "read", "lettura"
    WRITE = "write", "lettura e scrittura"
