"""Load a parsed piano della performance into the database.

The plan becomes a Plan of kind "performance" whose items are the structures
(level "struttura", under their department) and the objectives (level
"obiettivo", keyed by their Id); each objective keeps its scoring rule as data
and its public-value tags; each structure its manager and its assignments with
the weight's provenance. Everything is synchronised by natural key, so a second
import of the same file writes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from cruscotto.core.models import Ente, OrgUnit, Person
from cruscotto.core.services.sync import sync_rows
from cruscotto.domain import formats
from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.scoring_rules import Band
from cruscotto.domain.text import fold_text
from cruscotto.importers.performance_plan.records import (
    CatalogueEntry,
    PerformancePlanDocument,
    StructureRow,
)
from cruscotto.loaders.common import (
    DocumentLoader,
    ImportFailed,
    LoadResult,
    Progress,
    SilentProgress,
    SourceFile,
    register_document,
    sync_diagnostics,
    write_audit,
)
from cruscotto.performance.models import Assignment, ObjectiveDate, ScoringRule, StructureManager
from cruscotto.performance.services.checks import parse_and_check
from cruscotto.performance.services.labels import WEIGHT_SOURCE_COUNT_LABELS
from cruscotto.performance.services.weights import ResolvedWeight, resolve_weights
from cruscotto.plans.models import ItemTag, Plan, PlanItem, Taxonomy, Term
from cruscotto.plans.services.units import alias_resolved_diagnostic, find_units_by_name

FORMAT_NAME = formats.PERFORMANCE_PLAN
LOAD_STEPS = 5  # progress.advance() calls made by load_performance_plan
STRUCTURE_LEVEL = PlanItem.Level.STRUTTURA
TAXONOMIES = {
    "tipo_obiettivo": "Tipo di obiettivo della performance",
    "valore_pubblico_dimensione": "Dimensione di valore pubblico",
    "valore_pubblico_driver": "Driver di valore pubblico",
}
TERM_NAME_LENGTH = Term._meta.get_field("name").max_length or 0


def objective_key(objective_id: int) -> str:
    return f"OB{objective_id:03d}"


def structure_key(code: str) -> str:
    return f"S.{code}"


def band_as_json(band: Band) -> dict[str, Any]:
    return {
        "lower": None if band.lower is None else str(band.lower),
        "lower_inclusive": band.lower_inclusive,
        "upper": None if band.upper is None else str(band.upper),
        "upper_inclusive": band.upper_inclusive,
        "score": band.score,
    }


class PerformancePlanLoader(DocumentLoader[PerformancePlanDocument]):
    """One load of one parsed plan; `run` does it all inside a transaction."""

    def run(self) -> LoadResult:
        parsed = self.parsed
        if parsed.year is None:
            raise ImportFailed(f"{self.source.name}: l'anno del piano non è indicato nel documento")
        if not parsed.structures:
            raise ImportFailed(
                f"{self.source.name}: nessuna struttura nella matrice degli obiettivi"
            )
        with transaction.atomic():
            ente = self.resolve_ente(parsed.ente, parsed.ente_line)
            self.document = register_document(
                self.source, f"{ente.code}/{FORMAT_NAME}/{parsed.year}", FORMAT_NAME,
                parsed.title, ente, self.counts,
            )  # fmt: skip
            plan = self.sync_plan(ente)
            self.progress.advance("Strutture e dirigenti")
            units = self.ensure_units(ente)
            structure_items = self.sync_structure_items(plan, units)
            self.sync_managers(ente, plan, units)
            self.progress.advance("Obiettivi e regole di calcolo")
            objective_items = self.sync_objectives(plan)
            self.sync_rules(objective_items)
            self.sync_dates(objective_items)
            self.sync_tags(plan, objective_items)
            self.progress.advance("Assegnazioni e pesi")
            self.sync_assignments(plan, units, objective_items)
            self.progress.advance("Diagnostica")
            self.diagnostics.sort(key=lambda diagnostic: diagnostic.line)
            sync_diagnostics(self.document, self.diagnostics, self.counts)
            write_audit(self.document, self.actor, self.counts)
            self.progress.advance("Fatto")
        self.structure_items = structure_items
        return LoadResult(self.document, self.counts, self.diagnostics, self.count_records())

    def sync_plan(self, ente: Ente) -> Plan:
        year = self.parsed.year
        plans = sync_rows(
            Plan.objects.filter(ente=ente, kind=Plan.Kind.PERFORMANCE, code=str(year)),
            ["ente_id", "kind", "code"],
            [
                {
                    **self.sourced(1),
                    "ente_id": ente.pk,
                    "kind": Plan.Kind.PERFORMANCE,
                    "code": str(year),
                    "title": self.parsed.title,
                    "period_start": year,
                    "period_end": year,
                    "edition": str(year),
                }
            ],
            self.counts,
        )
        return Plan.objects.get(pk=plans[(ente.pk, Plan.Kind.PERFORMANCE, str(year))])

    def ensure_units(self, ente: Ente) -> dict[str, OrgUnit]:
        """Return the org units of the matrix by code, adding the ones not yet known.

        Units are shared by every document of the Ente: an import adds codes and
        departments it meets for the first time and never renames a unit.
        """
        structures = {s.code: s for s in self.parsed.structures}
        units = {u.code: u for u in OrgUnit.objects.filter(ente=ente, code__in=structures)}
        # A unit created here gets its parent below in the same import: that is
        # part of creating it, not an update of something the database held.
        created_codes: set[str] = set()
        for code, structure in structures.items():
            if code in units:
                continue
            name = f"{code} – {structure.name}"
            unit = OrgUnit.objects.filter(ente=ente, normalized_name=fold_text(name)).first()
            aliased = find_units_by_name(ente, [name]) if unit is None else {}
            if aliased:
                unit = aliased[fold_text(name)][0]
                self.diagnostics.append(alias_resolved_diagnostic(name, unit, structure.line))
            if unit is None:
                unit = OrgUnit.objects.create(
                    ente=ente, normalized_name=fold_text(name), name=name, code=code,
                    **self.sourced(structure.line),
                )  # fmt: skip
                self.counts.count(OrgUnit, created=1)
                created_codes.add(code)
            elif not unit.code:
                unit.code = code
                unit.save(update_fields=["code"])
                self.counts.count(OrgUnit, updated=1)
            units[code] = unit
        for code, structure in structures.items():
            department = units.get(structure.department_code or "")
            unit = units[code]
            if department is not None and unit.parent_id is None:
                unit.parent = department
                unit.save(update_fields=["parent"])
                if code not in created_codes:
                    self.counts.count(OrgUnit, updated=1)
        return units

    def sync_structure_items(self, plan: Plan, units: dict[str, OrgUnit]) -> dict[str, int]:
        structures = self.parsed.structures
        departments = [s for s in structures if s.is_department]
        others = [s for s in structures if not s.is_department]
        rows = [self.structure_row(plan, s, None) for s in departments]
        # Departments first, so that their structures can point to them; scoped to
        # their keys so that this first pass deletes nothing.
        department_ids = sync_rows(
            PlanItem.objects.filter(plan=plan, key__in=[r["key"] for r in rows]),
            ["plan_id", "key"],
            rows,
            self.counts,
        )
        ids = {key: item_id for (_, key), item_id in department_ids.items()}
        rows += [
            self.structure_row(plan, s, ids.get(structure_key(s.department_code or "")))
            for s in others
        ]
        return self.sync_items(plan, STRUCTURE_LEVEL, rows)

    def structure_row(
        self, plan: Plan, structure: StructureRow, parent: int | None
    ) -> dict[str, Any]:
        return {
            **self.sourced(structure.line),
            "plan_id": plan.pk,
            "parent_id": parent,
            "level": STRUCTURE_LEVEL,
            "key": structure_key(structure.code),
            "code": structure.code,
            "title": structure.name,
            "description": "",
            "position": self.parsed.structures.index(structure) + 1,
        }

    def sync_managers(self, ente: Ente, plan: Plan, units: dict[str, OrgUnit]) -> None:
        names = {s.manager for s in self.parsed.structures if s.manager}
        people = {p.name: p for p in Person.objects.filter(ente=ente, name__in=names)}
        first_line: dict[str, int] = {}
        for structure in self.parsed.structures:
            first_line.setdefault(structure.manager, structure.line)
        missing = [
            Person(ente=ente, name=name, **self.sourced(first_line[name]))
            for name in sorted(names) if name not in people
        ]  # fmt: skip
        Person.objects.bulk_create(missing)
        self.counts.count(Person, created=len(missing))
        people.update({p.name: p for p in Person.objects.filter(ente=ente, name__in=names)})
        sync_rows(
            StructureManager.objects.filter(plan=plan),
            ["plan_id", "org_unit_id"],
            [
                {
                    **self.sourced(s.line),
                    "plan_id": plan.pk,
                    "org_unit_id": units[s.code].pk,
                    "person_id": people[s.manager].pk if s.manager else None,
                    "role": s.manager_role,
                    "interim": s.interim,
                    "interim_note": self.parsed.interim_note if s.interim else "",
                    "declared_total": s.declared_total,
                }
                for s in self.parsed.structures
            ],
            self.counts,
        )

    def sync_objectives(self, plan: Plan) -> dict[int, int]:
        rows = [
            {
                **self.sourced(entry.line),
                "plan_id": plan.pk,
                "parent_id": None,
                "level": PlanItem.Level.OBIETTIVO,
                "key": objective_key(objective_id),
                "code": str(objective_id),
                "title": entry.text or entry.matrix_text,
                "description": entry.note,
                "position": position,
            }
            for position, (objective_id, entry) in enumerate(self.parsed.catalogue.items(), start=1)
        ]
        ids = self.sync_items(plan, PlanItem.Level.OBIETTIVO, rows)
        return {
            objective_id: ids[objective_key(objective_id)] for objective_id in self.parsed.catalogue
        }

    def sync_rules(self, objective_items: dict[int, int]) -> None:
        rows = [
            self.rule_row(entry, objective_items[objective_id])
            for objective_id, entry in self.parsed.catalogue.items()
            if entry.rule is not None
        ]
        sync_rows(
            ScoringRule.objects.filter(objective_id__in=objective_items.values()),
            ["objective_id"],
            rows,
            self.counts,
        )

    def sync_dates(self, objective_items: dict[int, int]) -> None:
        """Each objective's dates as read from its text, relative limits last."""
        rows = []
        for objective_id, entry in self.parsed.catalogue.items():
            item = objective_items[objective_id]
            line = entry.line if entry.text else entry.matrix_line
            dated = [
                {"role": str(d.role), "as_printed": d.as_printed[:80], "date": d.value,
                 "amount": None, "unit": ""}
                for d in entry.dates
            ] + [
                {"role": ObjectiveDate.Role.RELATIVE, "as_printed": r.as_printed[:80], "date": None,
                 "amount": r.amount, "unit": r.unit}
                for r in entry.relative_deadlines
            ]  # fmt: skip
            for position, values in enumerate(dated, start=1):
                rows.append(
                    {**self.sourced(line), "objective_id": item, "position": position, **values}
                )
        sync_rows(
            ObjectiveDate.objects.filter(objective_id__in=objective_items.values()),
            ["objective_id", "position"],
            rows,
            self.counts,
        )

    def rule_row(self, entry: CatalogueEntry, item: int) -> dict[str, Any]:
        rule = entry.rule
        assert rule is not None
        target = None if rule.target is None else rule.target.quantize(Decimal("0.01"))
        return {
            **self.sourced(entry.line),
            "objective_id": item,
            "kind": str(rule.kind),
            "polarity": str(rule.polarity or ""),
            "unit": rule.unit,
            "target": target,
            "target_as_printed": entry.target_as_printed[:200],
            "bands": [band_as_json(band) for band in rule.bands],
            "formula": rule.formula,
            "ente_wide": entry.is_ente_wide,
            "common_to_all": entry.for_all_structures,
            "target_table_structures": entry.structures,
            "value_matrix_structures": entry.matrix_structures,
            "as_printed": entry.rule_as_printed,
            "problems": list(rule.problems),
        }

    def sync_tags(self, plan: Plan, objective_items: dict[int, int]) -> None:
        wanted: dict[str, dict[str, str]] = {code: {} for code in TAXONOMIES}
        tags: list[tuple[int, str, str, int]] = []  # item, taxonomy, term code, line
        for objective_id, entry in self.parsed.catalogue.items():
            line = entry.matrix_line or entry.line
            labels = [("tipo_obiettivo", str(kind)) for kind in entry.slot_kinds]
            if entry.value_dimension:
                labels.append(("valore_pubblico_dimensione", entry.value_dimension))
            labels += [("valore_pubblico_driver", driver) for driver in entry.value_drivers]
            for taxonomy, label in labels:
                if len(label) > TERM_NAME_LENGTH:  # text run together, not a dimension or driver
                    self.diagnostics.append(
                        Diagnostic(
                            line,
                            Severity.WARNING,
                            "value_label_unreadable",
                            f"obiettivo {objective_id}: «{label[:80]}…» ({len(label)} caratteri) "
                            f"non è una voce di {TAXONOMIES[taxonomy]}: non etichettato",
                        )
                    )
                    continue
                code = fold_text(label).lower().replace(" ", "_")[:60]
                wanted[taxonomy].setdefault(code, label)
                tags.append((objective_items[objective_id], taxonomy, code, line))
        terms = self.ensure_terms(wanted)
        rows: dict[tuple[int, int], dict[str, Any]] = {}
        for item, taxonomy, code, line in tags:
            term = terms[(taxonomy, code)]
            rows.setdefault(
                (item, term.pk), {**self.sourced(line), "item_id": item, "term_id": term.pk}
            )
        # The plan's items and the taxonomies' terms named by their keys: joined, PostgreSQL
        # read the tags of these terms, shared by every ente, before keeping the plan's
        # (67,000 rows at 206 enti, 50 ms; by the items' index, 0.2 ms).
        items = list(PlanItem.objects.filter(plan=plan).values_list("pk", flat=True))
        taxonomy_terms = list(
            Term.objects.filter(taxonomy__code__in=TAXONOMIES).values_list("pk", flat=True)
        )
        sync_rows(
            ItemTag.objects.filter(item_id__in=items, term_id__in=taxonomy_terms),
            ["item_id", "term_id"],
            rows.values(),
            self.counts,
        )

    def ensure_terms(self, wanted: dict[str, dict[str, str]]) -> dict[tuple[str, str], Term]:
        """Return the terms by (taxonomy, code), adding taxonomies and terms seen for the first time."""
        found: dict[tuple[str, str], Term] = {}
        for taxonomy_code, labels in wanted.items():
            taxonomy, created = Taxonomy.objects.get_or_create(
                code=taxonomy_code, defaults={"name": TAXONOMIES[taxonomy_code]}
            )
            self.counts.count(Taxonomy, created=int(created))
            existing = {t.code: t for t in Term.objects.filter(taxonomy=taxonomy)}
            missing = [
                Term(taxonomy=taxonomy, code=code, name=label)
                for code, label in labels.items() if code not in existing
            ]  # fmt: skip
            Term.objects.bulk_create(missing)
            self.counts.count(Term, created=len(missing))
            for term in Term.objects.filter(taxonomy=taxonomy):
                found[(taxonomy_code, term.code)] = term
        return found

    def sync_assignments(
        self, plan: Plan, units: dict[str, OrgUnit], objective_items: dict[int, int]
    ) -> None:
        rows = []
        self.resolved: dict[str, list[ResolvedWeight]] = {}
        for structure in self.parsed.structures:
            resolved = resolve_weights(structure)
            self.resolved[structure.code] = resolved
            for slot, weight in zip(structure.slots, resolved, strict=True):
                if slot.objective_id is None:
                    continue
                rows.append(
                    {
                        **self.sourced(slot.line),
                        "plan_id": plan.pk,
                        "org_unit_id": units[structure.code].pk,
                        "objective_id": objective_items[slot.objective_id],
                        "position": slot.position,
                        "slot_kind": str(slot.slot_kind),
                        "slot_number": slot.slot_number,
                        "weight": weight.weight,
                        "weight_source": str(weight.source),
                        "weight_as_printed": slot.weight.as_printed[:60],
                        "candidates": list(weight.candidates),
                        "not_a_weight": list(slot.weight.not_a_weight),
                        "printed_id": slot.printed_id,
                        "text_as_printed": slot.text,
                    }
                )
        sync_rows(
            Assignment.objects.filter(plan=plan),
            ["plan_id", "org_unit_id", "position"],
            rows,
            self.counts,
        )

    def count_records(self) -> dict[str, int]:
        by_source: dict[str, int] = {}
        for resolved in self.resolved.values():
            for weight in resolved:
                by_source[str(weight.source)] = by_source.get(str(weight.source), 0) + 1
        return {
            "strutture": len(self.parsed.structures),
            "obiettivi": len(self.parsed.catalogue),
            "assegnazioni": sum(len(s.slots) for s in self.parsed.structures),
            **{
                label: by_source[source]
                for source, label in WEIGHT_SOURCE_COUNT_LABELS.items()
                if source in by_source
            },
        }


def load_performance_plan(
    parsed: PerformancePlanDocument,
    source: SourceFile,
    actor: str,
    progress: Progress | None = None,
    ente_code: str | None = None,
) -> LoadResult:
    """Write the parsed plan into the database in one transaction and return what happened."""
    return PerformancePlanLoader(
        parsed, source, actor, progress or SilentProgress(), ente_code
    ).run()


__all__ = ["FORMAT_NAME", "LOAD_STEPS", "load_performance_plan", "parse_and_check"]
