"""Enti as data: finding the administration a document names, adding one."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from cruscotto.core.models import Ente
from cruscotto.domain.reference import read_reference_enti
from cruscotto.domain.text import fold_text

# How a name printed by a document says what kind of ente it is, by its folded start.
KIND_BY_PREFIX = [
    ("CITTA METROPOLITANA", Ente.Kind.CITTA_METROPOLITANA),
    ("PROVINCIA", Ente.Kind.PROVINCIA),
    ("REGIONE", Ente.Kind.REGIONE),
    ("UNIONE", Ente.Kind.UNIONE),
    ("COMUNE", Ente.Kind.COMUNE),
    ("CITTA DI", Ente.Kind.COMUNE),  # "Città di Torino": a comune with the title of città
]


class EnteError(ValueError):
    """An ente cannot be added or named as asked."""


def sync_reference_enti(ente_model: Any) -> None:
    """Add the reference enti (core/reference/enti.json) or bring them up to date.

    Takes the model class, so a migration can pass its historical model.
    """
    for entry in read_reference_enti():
        ente_model.objects.update_or_create(
            code=entry["code"],
            defaults={key: value for key, value in entry.items() if key != "code"},
        )


def find_ente(printed_name: str) -> Ente | None:
    """The ente whose name or an alias is `printed_name`, compared folded; None if none is."""
    folded = fold_text(printed_name)
    if not folded:
        return None
    for ente in Ente.objects.order_by("code"):
        if folded in {fold_text(ente.name), *(fold_text(alias) for alias in ente.aliases)}:
            return ente
    return None


def find_enti_by_prefix(printed_name: str) -> list[Ente]:
    """The enti whose name or an alias goes on from `printed_name` (compared folded): the
    candidates for a name the document prints cut ("Città Metropolitana di To").

    Only a name that states its kind and at least two letters of the place is looked
    up: "Città metropolitana di" alone would be the start of every one.
    """
    folded = fold_text(printed_name)
    _, _, place = folded.partition(" DI ")
    if kind_from_name(printed_name) == Ente.Kind.ALTRO or len(place) < 2:
        return []
    return [
        ente
        for ente in Ente.objects.order_by("code")
        if any(
            name.startswith(folded) and name != folded
            for name in {fold_text(ente.name), *(fold_text(alias) for alias in ente.aliases)}
        )
    ]


def kind_from_name(printed_name: str) -> str:
    """The kind of ente a printed name states ("Città metropolitana di …"), else `altro`."""
    folded = fold_text(printed_name)
    return next(
        (kind for prefix, kind in KIND_BY_PREFIX if folded.startswith(prefix)), Ente.Kind.ALTRO
    )


def new_ente_code(printed_name: str) -> str:
    """A code not yet taken, from the printed name: "citta-di-milano", "citta-di-milano-2"."""
    base = slugify(fold_text(printed_name).lower())[:36] or "ente"
    code, number = base, 1
    while Ente.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


def refuse_names_of_others(names: list[str], ente: Ente | None = None) -> None:
    """Raise EnteError if a name is another ente's name or alias: imports would not know which."""
    for name in names:
        other = find_ente(name)
        if other is not None and (ente is None or other.pk != ente.pk):
            raise EnteError(f"«{name}» è già il nome o un alias dell'ente «{other.code}»")


def add_ente(
    code: str, name: str, kind: str, istat_code: str = "", aliases: list[str] | None = None
) -> Ente:
    """Add an ente; raises EnteError naming what is wrong."""
    if slugify(code) != code or not code:
        raise EnteError(f"codice «{code}» non valido: lettere minuscole, cifre e trattini")
    if Ente.objects.filter(code=code).exists():
        raise EnteError(f"l'ente «{code}» esiste già")
    if kind not in Ente.Kind.values:
        raise EnteError(f"tipo «{kind}» sconosciuto: {', '.join(Ente.Kind.values)}")
    if not name.strip():
        raise EnteError("il nome dell'ente è vuoto")
    refuse_names_of_others([name, *(aliases or [])])
    return Ente.objects.create(
        code=code, name=name.strip(), kind=kind, istat_code=istat_code, aliases=aliases or []
    )


def confirm_ente(
    code: str,
    name: str | None = None,
    kind: str | None = None,
    istat_code: str | None = None,
    aliases: list[str] | None = None,
) -> Ente:
    """Confirm an ente an import created, correcting what is given; raises EnteError."""
    ente = Ente.objects.filter(code=code).first()
    if ente is None:
        raise EnteError(f"l'ente «{code}» non esiste")
    if kind is not None and kind not in Ente.Kind.values:
        raise EnteError(f"tipo «{kind}» sconosciuto: {', '.join(Ente.Kind.values)}")
    refuse_names_of_others([*([name] if name else []), *(aliases or [])], ente)
    if name:
        ente.name = name.strip()
    if kind:
        ente.kind = kind
    if istat_code is not None:
        ente.istat_code = istat_code
    ente.aliases = [*ente.aliases, *(a for a in aliases or [] if a not in ente.aliases)]
    ente.confirmed = True
    ente.save()
    return ente


def describe_enti() -> list[dict[str, Any]]:
    """Every ente, as `cruscotto enti --json` prints it."""
    return [
        {
            "code": ente.code,
            "name": ente.name,
            "kind": ente.kind,
            "istat_code": ente.istat_code,
            "aliases": list(ente.aliases),
            "confirmed": ente.confirmed,
        }
        for ente in Ente.objects.order_by("code")
    ]
