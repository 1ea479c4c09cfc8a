"""Load a plan read from the spreadsheet template (importers/spreadsheet_plan) into the database.

The sheet states one plan of one ente: its items (a tree of any depth), who answers
for them with a status per year and a weight, their tags, the indicators with their
targets and the values per year. Everything goes through `DocumentLoader.sync` (the
records other documents may state too: plan, items, responsibilities, indicators,
tags) and `sync_own` (what this sheet alone states: statuses per year, weights,
values), so a second import of the same file changes nothing and a corrected sheet
updates in place. A sheet with any error loads nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Q

from cruscotto.core.models import Ente, OrgUnit, Person
from cruscotto.domain import formats
from cruscotto.domain.diagnostics import Diagnostic
from cruscotto.domain.text import fold_text
from cruscotto.importers.spreadsheet_plan import SpreadsheetPlan
from cruscotto.importers.spreadsheet_plan.parse import reference_term_codes
from cruscotto.importers.spreadsheet_plan.records import ItemRecord
from cruscotto.indicators.models import Indicator, Measurement
from cruscotto.loaders.common import (
    DocumentLoader,
    ImportFailed,
    LoadResult,
    Progress,
    SilentProgress,
    SourceFile,
    ensure_org_units,
    register_document,
    sync_diagnostics,
    write_audit,
)
from cruscotto.loaders.rendiconto import cell_components_as_json
from cruscotto.performance.models import Assignment
from cruscotto.plans.models import (
    ItemTag,
    Plan,
    PlanItem,
    Responsibility,
    StatusReport,
    Taxonomy,
    Term,
)
from cruscotto.plans.services.statuses import refresh_current_statuses

FORMAT_NAME = formats.SPREADSHEET_PLAN
LOAD_STEPS = 6  # progress.advance() calls made by the load


def find_terms(
    wanted: set[tuple[str, str]], counts: Any, document_line: int, ente: Ente
) -> tuple[dict[tuple[str, str], Term], list[Diagnostic]]:
    """The terms the sheet's tags name, by (taxonomy code, term code).

    The one place a spreadsheet's tags meet the taxonomies: reference taxonomies are
    complete (the parser refused codes outside them); another taxonomy grows with the
    terms a sheet names, as the stakeholders grow with the rendiconto, and the sheet
    is told so. A taxonomy the sheet names for the first time is its ente's; another
    ente's (its mandate's groups, its zones) is not this plan's to use.
    """
    taxonomies = {
        t.code: t
        for t in Taxonomy.objects.filter(code__in={t for t, _ in wanted}).filter(
            Q(ente__isnull=True) | Q(ente=ente)
        )
    }
    others = set(
        Taxonomy.objects.filter(code__in={t for t, _ in wanted} - set(taxonomies)).values_list(
            "code", flat=True
        )
    )
    terms = {
        (term.taxonomy.code, term.code): term
        for term in Term.objects.filter(taxonomy__code__in=taxonomies).select_related("taxonomy")
        if (term.taxonomy.code, term.code) in wanted
    }
    diagnostics: list[Diagnostic] = []
    for taxonomy_code, code in sorted(wanted - set(terms)):
        if taxonomy_code in others:
            raise ImportFailed(
                f"voci: l'etichetta «{taxonomy_code}: {code}» è di una tassonomia di un altro "
                "ente: un piano usa le tassonomie comuni e quelle del proprio ente"
            )
        taxonomy = taxonomies.get(taxonomy_code)
        if taxonomy is None:
            taxonomy = Taxonomy.objects.create(
                code=taxonomy_code, name=taxonomy_code.capitalize(), ente=ente
            )
            counts.count(Taxonomy, created=1)
            taxonomies[taxonomy_code] = taxonomy
        if taxonomy_code in reference_term_codes():
            continue  # the parser refused it; left out rather than invented
        terms[(taxonomy_code, code)] = Term.objects.create(taxonomy=taxonomy, code=code, name=code)
        counts.count(Term, created=1)
    return terms, diagnostics


class SpreadsheetPlanLoader(DocumentLoader[SpreadsheetPlan]):
    def run(self) -> LoadResult:
        parsed = self.parsed
        errors = [d for d in parsed.diagnostics if str(d.severity) == "error"]
        if errors or parsed.plan is None:
            raise ImportFailed(
                f"{self.source.name}: il foglio ha {len(errors) or 1} errori (vedi "
                "`cruscotto diagnostics`): nulla è stato importato"
            )
        record = parsed.plan
        if not self.ente_code and Ente.objects.filter(code=record.ente).exists():
            self.ente_code = record.ente  # the sheet names the ente by its code
        with transaction.atomic():
            ente = self.resolve_ente(record.ente)
            self.document = register_document(
                self.source,
                f"{ente.code}/{FORMAT_NAME}/{record.kind}/{record.code}",
                FORMAT_NAME,
                record.title,
                ente,
                self.counts,
                reference_year=record.period_end or record.period_start,
            )
            plan = self.sync_plan(ente)
            self.progress.advance("Voci del piano")
            items = self.sync_items_tree(plan)
            self.progress.advance("Strutture, persone, stati e pesi")
            self.sync_responsibilities(ente, plan, items)
            self.progress.advance("Etichette")
            self.sync_tags(plan, items)
            self.progress.advance("Indicatori e valori")
            self.sync_indicators(plan, items)
            self.progress.advance("Diagnostica")
            self.diagnostics.sort(key=lambda diagnostic: diagnostic.line)
            sync_diagnostics(self.document, self.diagnostics, self.counts)
            write_audit(self.document, self.actor, self.counts)
            self.progress.advance("Fatto")
        return LoadResult(self.document, self.counts, self.diagnostics, self.count_records())

    def sync_plan(self, ente: Ente) -> Plan:
        record = self.parsed.plan
        assert record is not None
        plans = self.sync(
            Plan.objects.filter(ente=ente, kind=record.kind, code=record.code),
            ["ente_id", "kind", "code"],
            [
                {
                    **self.sourced(record.line),
                    "ente_id": ente.pk,
                    "kind": record.kind,
                    "code": record.code,
                    "title": record.title,
                    "period_start": record.period_start,
                    "period_end": record.period_end,
                    "edition": record.edition,
                }
            ],
        )
        return Plan.objects.get(pk=plans[(ente.pk, record.kind, record.code)])

    def item_rows(
        self, plan: Plan, item: ItemRecord, parent: int | None, position: int
    ) -> dict[str, Any]:
        return {
            **self.sourced(item.line),
            "plan_id": plan.pk,
            "parent_id": parent,
            "level": item.level,
            "level_label": item.level_label,
            "key": item.code,
            "code": item.printed_code,
            "title": item.title,
            "description": item.description,
            "position": position,
        }

    def sync_items_tree(self, plan: Plan) -> dict[str, int]:
        """The plan's items, ids by code: parents first, depth by depth, since a child names
        its parent's id; then once over the whole plan, which removes what the sheet no
        longer states (and changes nothing else: every row is already as wanted)."""
        items = self.parsed.items
        by_code = {item.code: item for item in items}
        depth: dict[str, int] = {}
        for item in items:
            chain, parent = 0, item.parent
            while parent:
                chain, parent = chain + 1, by_code[parent].parent
            depth[item.code] = chain
        position = {item.code: number for number, item in enumerate(items, start=1)}
        ids: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        for level in sorted(set(depth.values())):
            at_depth = [item for item in items if depth[item.code] == level]
            level_rows = [
                self.item_rows(
                    plan, item, ids[item.parent] if item.parent else None, position[item.code]
                )
                for item in at_depth
            ]
            synced = self.sync(
                PlanItem.objects.filter(plan=plan, key__in=[item.code for item in at_depth]),
                ["plan_id", "key"],
                level_rows,
            )
            ids.update({key: pk for (_, key), pk in synced.items()})
            rows.extend(level_rows)
        self.sync(PlanItem.objects.filter(plan=plan), ["plan_id", "key"], rows)
        return ids

    def sync_responsibilities(self, ente: Ente, plan: Plan, items: dict[str, int]) -> None:
        first_line: dict[str, int] = {}
        for item in self.parsed.items:
            for name in [*item.units, *item.involved_units]:
                first_line.setdefault(name, item.line)
        units = ensure_org_units(
            ente, first_line, self.document, first_line, self.counts, self.diagnostics
        )
        people = self.ensure_people(ente)

        def unit_of(name: str) -> OrgUnit:
            return units[fold_text(name)]

        rows: dict[tuple[int, int, str], dict[str, Any]] = {}
        statuses: list[dict[str, Any]] = []
        weights: list[tuple[OrgUnit, dict[str, Any]]] = []
        for item in self.parsed.items:
            item_id = items[item.code]
            named = [(n, Responsibility.Role.RESPONSIBLE) for n in item.units]
            named += [(n, Responsibility.Role.INVOLVED) for n in item.involved_units]
            for position, (name, role) in enumerate(named):
                unit = unit_of(name)
                person = next(
                    (p.text for p in item.people if not p.unit or fold_text(p.unit) == fold_text(name)),
                    "",
                ) if role == Responsibility.Role.RESPONSIBLE else ""  # fmt: skip
                key = (item_id, unit.pk, str(role))
                if key in rows:
                    continue
                rows[key] = {
                    **self.sourced(item.line),
                    "item_id": item_id,
                    "org_unit_id": unit.pk,
                    "person_id": people[person].pk if person else None,
                    "org_unit_as_printed": name,
                    "role": str(role),
                    "position": position,
                }
            for status in item.statuses:
                for name in item.units if not status.unit else [status.unit]:
                    statuses.append({"key": (item_id, unit_of(name).pk, str(Responsibility.Role.RESPONSIBLE)),
                                     "year": status.year, "status": status, "line": item.line})  # fmt: skip
            for weight in item.weights:
                for name in item.units if not weight.unit else [weight.unit]:
                    weights.append((unit_of(name), {"item": item, "weight": weight}))
        responsibilities = self.sync(
            Responsibility.objects.filter(item__plan=plan),
            ["item_id", "org_unit_id", "role"],
            rows.values(),
        )
        terms = {t.code: t.pk for t in Term.objects.filter(taxonomy__code="stato")}
        self.sync_own(
            StatusReport.objects.filter(responsibility__item__plan=plan),
            ["responsibility_id", "year"],
            [
                {
                    **self.sourced(entry["line"]),
                    "responsibility_id": responsibilities[entry["key"]],
                    "year": entry["year"],
                    "status_id": terms.get(entry["status"].status),
                    "status_as_printed": entry["status"].as_printed,
                }
                for entry in statuses
            ],
        )
        refresh_current_statuses(Responsibility.objects.filter(item__plan=plan))
        self.sync_weights(plan, items, weights)

    def ensure_people(self, ente: Ente) -> dict[str, Person]:
        first_line: dict[str, int] = {}
        for item in self.parsed.items:
            for person in item.people:
                first_line.setdefault(person.text, item.line)
        people = {p.name: p for p in Person.objects.filter(ente=ente, name__in=first_line)}
        missing = [
            Person(ente=ente, name=name, **self.sourced(line))
            for name, line in first_line.items()
            if name not in people
        ]
        Person.objects.bulk_create(missing)
        self.counts.count(Person, created=len(missing))
        people.update({p.name: p for p in Person.objects.filter(ente=ente, name__in=first_line)})
        return people

    def sync_weights(
        self, plan: Plan, items: dict[str, int], weights: list[tuple[OrgUnit, dict[str, Any]]]
    ) -> None:
        """Each weight is the objective's assignment to a structure, in the sheet's order."""
        positions: dict[int, int] = defaultdict(int)
        slots: dict[tuple[int, str], int] = defaultdict(int)
        rows = []
        for unit, entry in weights:
            item, weight = entry["item"], entry["weight"]
            positions[unit.pk] += 1
            slots[(unit.pk, item.slot)] += 1
            rows.append(
                {
                    **self.sourced(item.line),
                    "plan_id": plan.pk,
                    "org_unit_id": unit.pk,
                    "objective_id": items[item.code],
                    "position": positions[unit.pk],
                    "slot_kind": item.slot,
                    "slot_number": slots[(unit.pk, item.slot)],
                    "weight": weight.weight,
                    "weight_source": Assignment.WeightSource.READ,
                    "weight_as_printed": weight.as_printed,
                }
            )
        self.sync_own(
            Assignment.objects.filter(plan=plan), ["plan_id", "org_unit_id", "position"], rows
        )

    def sync_tags(self, plan: Plan, items: dict[str, int]) -> None:
        wanted = {tag for item in self.parsed.items for tag in item.tags}
        terms, diagnostics = find_terms(
            wanted, self.counts, self.parsed.items[0].line if self.parsed.items else 1, plan.ente
        )
        self.diagnostics.extend(diagnostics)
        rows = [
            {
                **self.sourced(item.line),
                "item_id": items[item.code],
                "term_id": terms[tag].pk,
                "position": position,
            }
            for item in self.parsed.items
            for position, tag in enumerate(item.tags)
            if tag in terms
        ]
        self.sync(ItemTag.objects.filter(item__plan=plan), ["item_id", "term_id"], rows)

    def sync_indicators(self, plan: Plan, items: dict[str, int]) -> None:
        rows = [
            {
                **self.sourced(indicator.line),
                "plan_id": plan.pk,
                "item_id": items[indicator.item] if indicator.item else None,
                "key": indicator.code,
                "kind": indicator.kind,
                "code": indicator.printed_code,
                "name": indicator.name,
                "formula": indicator.formula,
                "table_title": indicator.table_title,
                "group_path": indicator.group_path,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "source": indicator.source,
                "territorial_level": indicator.territorial_level,
                "baseline": indicator.baseline,
                "target": indicator.target,
                "targets_by_year": {str(year): text for year, text in indicator.targets.items()},
                "notes": indicator.notes,
                "position": position,
            }
            for position, indicator in enumerate(self.parsed.indicators, start=1)
        ]
        indicators = self.sync(Indicator.objects.filter(plan=plan), ["plan_id", "key"], rows)
        self.sync_own(
            Measurement.objects.filter(indicator__plan=plan),
            ["indicator_id", "year", "series", "reported_year"],
            [
                {
                    **self.sourced(value.line),
                    "indicator_id": indicators[(plan.pk, value.indicator)],
                    "year": value.year,
                    "reported_year": value.reported_year,
                    "series": value.series,
                    "as_printed": value.cell.as_printed,
                    "value": value.cell.value,
                    "value_type": str(value.cell.value_type),
                    "qualifiers": [str(qualifier) for qualifier in value.cell.qualifiers],
                    "components": cell_components_as_json(value.cell),
                }
                for value in self.parsed.values
            ],
        )

    def count_records(self) -> dict[str, int]:
        parsed = self.parsed
        return {
            "voci": len(parsed.items),
            "responsabilità (voce × struttura)": sum(
                len(i.units) + len(i.involved_units) for i in parsed.items
            ),
            "indicatori": len(parsed.indicators),
            "valori degli indicatori": len(parsed.values),
        }


def load_spreadsheet_plan(
    parsed: SpreadsheetPlan,
    source: SourceFile,
    actor: str,
    progress: Progress | None = None,
    ente_code: str | None = None,
) -> LoadResult:
    """Write the plan read from a spreadsheet in one transaction and return what happened."""
    return SpreadsheetPlanLoader(
        parsed, source, actor, progress or SilentProgress(), ente_code
    ).run()


__all__ = ["FORMAT_NAME", "LOAD_STEPS", "load_spreadsheet_plan"]
