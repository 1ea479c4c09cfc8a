"""Organisational units named in several ways: aliases, merging, and the proposals the
documents' own evidence supports.

A unit's aliases are added by a person (the admin, `cruscotto units alias`): names alone
never decide that two units are one. What the documents show is offered as a proposal,
in a diagnostic of the import, for that person to confirm.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from cruscotto.core.models import AuditEntry, Ente, OrgUnit, OrgUnitAlias
from cruscotto.core.services.user_edits import field_values, record_deletion, record_user_edit
from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text
from cruscotto.plans.models import Responsibility
from cruscotto.search.services import refresh_search_index

# Words that say what kind of office a unit is, not which one: Italian administrations
# write "Dipartimento Corpo di Polizia Locale" in one table and "Polizia Locale" in the
# next. Folded, as `fold_text` writes them.
ORGANISATIONAL_PREFIXES = frozenset(
    {
        "AREA",
        "CORPO",
        "DIPARTIMENTO",
        "DIREZIONE",
        "DIVISIONE",
        "SERVIZIO",
        "SETTORE",
        "STAFF",
        "UFFICIO",
        "UNITA",
    }
)
# Joining words, left out wherever they stand: "Corpo Polizia" and "Corpo di Polizia".
CONNECTIVES = frozenset({"DI", "DEL", "DELLA", "DELLE", "DELLO", "DEI", "DEGLI", "E", "ED"})


class UnitAliasRefused(ValueError):
    """The alias or merge cannot be made as asked; the message says why, in Italian."""


def core_name(name: str) -> str:
    """The unit's name without its kind of office and joining words:
    "DIPARTIMENTO CORPO DI POLIZIA LOCALE" → "POLIZIA LOCALE"."""
    words = [word for word in fold_text(name).split() if word not in CONNECTIVES]
    while words and words[0] in ORGANISATIONAL_PREFIXES:
        words.pop(0)
    return " ".join(words)


def find_units_by_name(ente: Ente, names: Iterable[str]) -> dict[str, tuple[OrgUnit, str]]:
    """The units `names` name through an alias, by folded name: (canonical unit, alias)."""
    folded = {fold_text(name) for name in names}
    return {
        alias.normalized_alias: (alias.unit, alias.alias)
        for alias in OrgUnitAlias.objects.filter(
            ente=ente, normalized_alias__in=folded
        ).select_related("unit")
    }


def alias_resolved_diagnostic(printed: str, unit: OrgUnit, line: int | None) -> Diagnostic:
    return Diagnostic(
        line or 0,
        Severity.INFO,
        "unit_alias_resolved",
        f"La struttura «{printed}» è un altro nome di «{unit.name}»: le sue voci sono "
        f"attribuite a «{unit.name}».",
    )


@dataclass
class AliasAdded:
    alias: OrgUnitAlias
    merged: OrgUnit | None  # the unit that had the alias as its name, now merged
    repointed: dict[str, int] = field(default_factory=dict)  # model label → records moved


def add_unit_alias(
    ente: Ente, alias: str, canonical: OrgUnit, actor: str, source: str, reason: str = ""
) -> AliasAdded:
    """Make `alias` another name of `canonical`, and merge the unit of that name, if one
    exists, into `canonical` (see merge_units). One transaction; the history records the
    alias, every record moved and the merged unit's deletion. Raises UnitAliasRefused."""
    alias = " ".join(alias.split())
    folded = fold_text(alias)
    if not folded:
        raise UnitAliasRefused("il nome alternativo è vuoto")
    if canonical.ente_id != ente.pk:
        raise UnitAliasRefused(f"la struttura «{canonical.name}» non è di {ente.name}")
    if folded == canonical.normalized_name:
        raise UnitAliasRefused(f"«{alias}» è già il nome di «{canonical.name}»")
    why = reason or OrgUnitAlias.Source(source).label
    with transaction.atomic():
        existing = OrgUnitAlias.objects.filter(ente=ente, normalized_alias=folded).first()
        if existing is not None and existing.unit_id != canonical.pk:
            raise UnitAliasRefused(
                f"«{alias}» è già un altro nome di «{existing.unit.name}» in {ente.name}"
            )
        if existing is not None:
            return AliasAdded(existing, None)
        record = OrgUnitAlias.objects.create(
            ente=ente,
            unit=canonical,
            alias=alias,
            normalized_alias=folded,
            source=source,
            added_by=actor,
        )
        AuditEntry.objects.create(
            at=timezone.now(),
            actor=actor,
            action=AuditEntry.Action.RECORD_EDITED,
            summary=f"Aggiunto «{alias}» come altro nome della struttura «{canonical.name}»",
            details={
                "model": "core.orgunitalias",
                "object_id": record.pk,
                "before": {},
                "after": {"alias": alias, "unit_id": canonical.pk, "ente_id": ente.pk},
                "reason": why,
            },
        )
        merged = OrgUnit.objects.filter(ente=ente, normalized_name=folded).first()
        repointed = merge_units(merged, canonical, actor, why) if merged else {}
    return AliasAdded(record, merged, repointed)


class _DryRun(Exception):
    pass


def check_unit_alias(ente: Ente, alias: str, canonical: OrgUnit) -> None:
    """Raise UnitAliasRefused if `add_unit_alias` would refuse; change nothing."""
    try:
        with transaction.atomic():
            add_unit_alias(ente, alias, canonical, "", OrgUnitAlias.Source.ADMIN)
            raise _DryRun
    except _DryRun:
        pass


def remove_unit_alias(alias: OrgUnitAlias, actor: str, reason: str) -> None:
    """Delete `alias`, keeping its values in the history; imports then create a unit of
    that name again. The units merged when it was added stay merged."""
    with transaction.atomic():
        record_deletion([alias], actor, reason)
        alias.delete()


def merge_units(merged: OrgUnit, canonical: OrgUnit, actor: str, reason: str) -> dict[str, int]:
    """Move everything that points at `merged` (responsibilities, assignments, scores,
    campaigns, roles, sub-units, aliases) to `canonical`, make `merged`'s name an alias of
    `canonical`, and delete `merged`; return how many records moved, by model label.

    One transaction; each moved record is a user's change in the history (kept by the next
    import), the deletion keeps `merged`'s values. Refused, with nothing changed, where a
    record would then repeat one `canonical` already has (the same activity answered for
    by both units)."""
    if merged.pk == canonical.pk or merged.ente_id != canonical.ente_id:
        raise UnitAliasRefused("si uniscono solo due strutture diverse dello stesso ente")
    moved: Counter[str] = Counter()
    conflicts: list[str] = []
    with transaction.atomic():
        plan_ids = set(
            Responsibility.objects.filter(org_unit=merged).values_list("item__plan_id", flat=True)
        )
        for relation in OrgUnit._meta.related_objects:
            if relation.related_model is OrgUnitAlias:
                continue
            if relation.many_to_many:
                accessor = relation.get_accessor_name()
                assert accessor is not None
                for holder in getattr(merged, accessor).all():
                    getattr(holder, relation.field.name).add(canonical)
                    getattr(holder, relation.field.name).remove(merged)
                    moved[relation.related_model._meta.label_lower] += 1
                continue
            model: type[models.Model] = relation.related_model  # type: ignore[assignment]
            attname = relation.field.attname
            for record in model._default_manager.filter(**{relation.field.name: merged}):
                before = field_values(record)
                # A sub-unit that is `canonical` itself cannot become its own child.
                target = None if record.pk == canonical.pk and model is OrgUnit else canonical.pk
                setattr(record, attname, target)
                try:
                    with transaction.atomic():
                        record.save(update_fields=[relation.field.name])
                except IntegrityError:
                    conflicts.append(f"{model._meta.verbose_name} «{str(record)[:80]}»")
                    continue
                record_user_edit(record, before, actor, reason)
                moved[model._meta.label_lower] += 1
        if conflicts:
            transaction.set_rollback(True)
            raise UnitAliasRefused(
                f"«{merged.name}» e «{canonical.name}» hanno entrambe: " + "; ".join(conflicts[:5])
            )
        OrgUnitAlias.objects.filter(unit=merged).update(unit=canonical)
        if not OrgUnitAlias.objects.filter(
            ente_id=merged.ente_id, normalized_alias=merged.normalized_name
        ).exists():
            OrgUnitAlias.objects.create(
                ente_id=merged.ente_id,
                unit=canonical,
                alias=merged.name,
                normalized_alias=merged.normalized_name,
                source=OrgUnitAlias.Source.COMMAND
                if reason == OrgUnitAlias.Source.COMMAND.label
                else OrgUnitAlias.Source.ADMIN,
                added_by=actor,
            )
        record_deletion([merged], actor, f"{reason}: unita a «{canonical.name}»")
        merged.delete()
        # The index holds each activity's unit names: a page of results must not name
        # the unit that no longer exists.
        if plan_ids:
            refresh_search_index(plan_ids=plan_ids)
    return dict(moved)


@dataclass(frozen=True)
class AliasProposal:
    canonical: OrgUnit
    aliases: list[OrgUnit]
    evidence: list[str]

    def message(self, ente: Ente) -> str:
        names = ", ".join(f"«{unit.name}»" for unit in self.aliases)
        return (
            f"{names} e «{self.canonical.name}» sembrano la stessa struttura "
            f"({'; '.join(self.evidence[:3])}). Se lo sono, per ciascun nome: "
            f'cruscotto units alias {ente.code} "NOME" "{self.canonical.name}".'
        )


def propose_unit_aliases(ente: Ente) -> list[AliasProposal]:
    """Units of `ente` that the documents show to be one: their names differ only by the
    kind of office or joining words ("Polizia Locale", "Dipartimento Corpo Polizia Locale")
    AND the records tie them: the same code, the same person answering for both, or one
    answering for an activity whose programma lists the other among its units. A name
    alike without such a tie proposes nothing.

    Returns one proposal per group; its canonical unit is the one that answers for most
    activities."""
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(ente=ente)}
    by_core: dict[str, list[int]] = defaultdict(list)
    for unit in units.values():
        by_core[core_name(unit.name)].append(unit.pk)
    candidates = {pk for pks in by_core.values() if len(pks) > 1 for pk in pks}
    if not candidates:
        return []
    parent = {pk: pk for pk in candidates}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    evidence: dict[frozenset[int], str] = {}

    def tie(first: int, second: int, why: str) -> None:
        if first == second or core_name(units[first].name) != core_name(units[second].name):
            return
        evidence.setdefault(frozenset((first, second)), why)
        parent[root(first)] = root(second)

    responsibilities = list(
        Responsibility.objects.filter(org_unit_id__in=candidates).values_list(
            "org_unit_id", "role", "person_id", "item_id", "item__parent_id"
        )
    )
    involved_in: dict[int, set[int]] = defaultdict(set)
    for unit_id, role, _person, item_id, _parent in responsibilities:
        if role == Responsibility.Role.INVOLVED:
            involved_in[item_id].add(unit_id)
    people: dict[int, set[int]] = defaultdict(set)
    answers: Counter[int] = Counter()
    for unit_id, role, person_id, item_id, parent_id in responsibilities:
        if person_id is not None:
            people[person_id].add(unit_id)
        if role != Responsibility.Role.RESPONSIBLE:
            continue
        answers[unit_id] += 1
        listing = involved_in.get(parent_id, set()) if parent_id is not None else set()
        for listed in listing | involved_in.get(item_id, set()):
            tie(
                unit_id,
                listed,
                f"«{units[unit_id].name}» risponde di attività di un programma che elenca "
                f"«{units[listed].name}» tra le sue strutture",
            )
    for person_units in people.values():
        first, *others = sorted(person_units)
        for other in others:
            tie(first, other, "la stessa persona risponde per entrambe")
    by_code: dict[str, list[int]] = defaultdict(list)
    for pk in candidates:
        if units[pk].code:
            by_code[units[pk].code.casefold()].append(pk)
    for same_code in by_code.values():
        for other in same_code[1:]:
            tie(same_code[0], other, f"hanno lo stesso codice {units[other].code}")
    groups: dict[int, list[int]] = defaultdict(list)
    for pk in candidates:
        groups[root(pk)].append(pk)
    proposals = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda pk: (-answers[pk], units[pk].name))
        canonical, *aliases = members
        proposals.append(
            AliasProposal(
                units[canonical],
                [units[pk] for pk in aliases],
                sorted(why for pair, why in evidence.items() if pair <= set(members)),
            )
        )
    return sorted(proposals, key=lambda proposal: proposal.canonical.name)
