"""Load a parsed relazione sul controllo strategico (allegato al rendiconto) into the database.

The report feeds two plans of the Ente: the catalogue of mandate lines
(kind "mandato", items of level "linea") and the DUP tree for the mandate
(missione → programma → attività) with responsibilities, logs and indicators.
Each plan's imported rows are synchronised by natural key, so a second import
of the same file writes nothing and a corrected report updates in place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from cruscotto.core.models import Ente, OrgUnit, SourceDocument
from cruscotto.domain import formats
from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text, short_digest
from cruscotto.importers.records import (
    ActivityRecord,
    CellValue,
    IndicatorKind,
    IndicatorRecord,
    MandateLineRecord,
    ProgrammaRecord,
    RendicontoDocument,
)
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
    unit_alias_proposals,
    write_audit,
)
from cruscotto.plans.models import (
    ItemTag,
    Link,
    LinkTag,
    LogEntry,
    Plan,
    PlanItem,
    Responsibility,
    StatusReport,
    Taxonomy,
    Term,
)
from cruscotto.plans.services.links import sync_links
from cruscotto.plans.services.statuses import refresh_current_statuses
from cruscotto.plans.services.taxonomies import mandate_groups_code

FORMAT_NAME = formats.RENDICONTO
LOAD_STEPS = 7  # progress.advance() calls made by load_rendiconto
STAKEHOLDER_TAXONOMY = "stakeholder"


@dataclass
class CatalogueLine:
    """One mandate line of the Ente's catalogue: the same text under several programmi is one line.

    The line's own SDG and PNRR tags are the union of those printed beside it in
    every programma (each tag keeps the first line that states it), so that a
    search for SDG 9 finds the line; what each programma's table prints beside
    it is kept on that programma's "lists" link (`LinkTag`), since tables of
    different programmi tag the same line differently.
    """

    key: str
    first: MandateLineRecord
    occurrences: list[tuple[ProgrammaRecord, MandateLineRecord]] = field(default_factory=list)
    sdgs: dict[int, int] = field(default_factory=dict)  # SDG → line that states it
    pnrr_missions: dict[int, int] = field(default_factory=dict)


def build_mandate_catalogue(
    programmi: list[ProgrammaRecord],
) -> tuple[dict[str, CatalogueLine], list[Diagnostic]]:
    """Group the mandate-line rows of every programma by their text.

    Returns the catalogue by key (in order of first appearance) and a diagnostic
    for every occurrence whose mandate group disagrees with the first one.
    """
    catalogue: dict[str, CatalogueLine] = {}
    diagnostics: list[Diagnostic] = []
    for programma in programmi:
        for row in programma.mandate_lines:
            key = "linea-" + short_digest(fold_text(row.text))
            line = catalogue.setdefault(key, CatalogueLine(key=key, first=row))
            line.occurrences.append((programma, row))
            for sdg in row.sdgs:
                line.sdgs.setdefault(sdg, row.line)
            for mission in row.pnrr_missions:
                line.pnrr_missions.setdefault(mission, row.line)
            if row.group_number != line.first.group_number:
                diagnostics.append(
                    Diagnostic(
                        row.line,
                        Severity.WARNING,
                        "mandate_line_group_differs",
                        f"la linea programmatica «{row.text[:60]}…» compare a riga {line.first.line} "
                        f"sotto un'altra area tematica («{line.first.group_as_printed}»); "
                        "vale la prima",
                    )
                )
    return catalogue, diagnostics


def missione_key(programma: ProgrammaRecord) -> str:
    return f"M{programma.missione_code:02d}"


def programma_key(programma: ProgrammaRecord) -> str:
    return f"M{programma.missione_code:02d}.P{programma.programma_code:02d}"


def activity_key(programma: ProgrammaRecord, activity: ActivityRecord) -> str:
    return f"{programma_key(programma)}.{activity.key}"


def cell_components_as_json(cell: CellValue) -> list[dict[str, Any]]:
    return [
        {
            "value": None if component.value is None else str(component.value),
            "value_type": str(component.value_type),
            "label": component.label,
            "unit": component.unit,
            "denominator": None if component.denominator is None else str(component.denominator),
            "qualifiers": [str(qualifier) for qualifier in component.qualifiers],
        }
        for component in cell.components
    ]


class RendicontoLoader(DocumentLoader[RendicontoDocument]):
    """One load of one parsed report; `run` does it all inside a transaction."""

    def run(self) -> LoadResult:
        parsed = self.parsed
        if parsed.reference_year is None:
            raise ImportFailed(
                f"{self.source.name}: l'esercizio di riferimento non è indicato nel documento"
            )
        with transaction.atomic():
            ente = self.resolve_ente(parsed.ente, parsed.ente_line)
            created_before = self.counts.created
            self.document = register_document(
                self.source,
                f"{ente.code}/{FORMAT_NAME}/{parsed.reference_year}",
                FORMAT_NAME,
                parsed.title,
                ente,
                self.counts,
                reference_year=parsed.reference_year,
            )
            self.sync_front_matter(new=self.counts.created > created_before)
            self.terms = self.load_terms()
            mandate_plan, dup_plan = self.sync_plans(ente)
            self.group_terms = self.sync_mandate_groups(mandate_plan)
            self.progress.advance("Linee programmatiche")
            lines_by_programma = self.sync_mandate_lines(mandate_plan)
            self.progress.advance("Missioni e programmi")
            programma_items = self.sync_missioni_and_programmi(dup_plan)
            self.progress.advance("Attività")
            activity_items = self.sync_activities(dup_plan, programma_items)
            self.sync_links(dup_plan, activity_items, programma_items, lines_by_programma)
            self.progress.advance("Strutture, stati e azioni effettuate")
            self.sync_responsibilities(ente, dup_plan, programma_items, activity_items)
            self.progress.advance("Indicatori e valori")
            self.sync_indicators(dup_plan, programma_items, activity_items)
            self.progress.advance("Etichette e diagnostica")
            self.sync_tags([mandate_plan, dup_plan])
            self.diagnostics.sort(key=lambda diagnostic: diagnostic.line)
            sync_diagnostics(self.document, self.diagnostics, self.counts)
            write_audit(self.document, self.actor, self.counts)
            self.progress.advance("Fatto")
        return LoadResult(self.document, self.counts, self.diagnostics, self.count_records())

    # -- helpers -------------------------------------------------------------

    def sync_front_matter(self, new: bool) -> None:
        """Keep the cover and premessa on the document, to print them again."""
        if self.document.front_matter != self.parsed.front_matter:
            self.document.front_matter = self.parsed.front_matter
            self.document.save(update_fields=["front_matter"])
            self.counts.count(SourceDocument, updated=int(not new))

    def load_terms(self) -> dict[tuple[str, str], Term]:
        """The reference terms the report's tags point to (stakeholders are grown separately)."""
        wanted = ["sdg", "pnrr_missioni", "impatto", "stato", "bilancio_118"]
        return {
            (term.taxonomy.code, term.code): term
            for term in Term.objects.filter(taxonomy__code__in=wanted).select_related("taxonomy")
        }

    def term(self, taxonomy: str, code: str, line: int) -> Term | None:
        term = self.terms.get((taxonomy, code))
        if term is None:
            self.diagnostics.append(
                Diagnostic(
                    line,
                    Severity.WARNING,
                    "unknown_reference_term",
                    f"voce «{code}» assente dalla tassonomia {taxonomy}",
                )
            )
        return term

    def sync_plans(self, ente: Ente) -> tuple[Plan, Plan]:
        parsed = self.parsed
        period = (
            f"{parsed.mandate_start}-{parsed.mandate_end}" if parsed.mandate_start else "mandato"
        )
        common = {
            "ente_id": ente.pk,
            "period_start": parsed.mandate_start,
            "period_end": parsed.mandate_end,
            "edition": period,
        }
        plans = self.sync(
            Plan.objects.filter(
                ente=ente, code=period, kind__in=[Plan.Kind.MANDATO, Plan.Kind.DUP]
            ),
            ["kind"],
            [
                {
                    **common,
                    **self.sourced(1),
                    "kind": Plan.Kind.MANDATO,
                    "code": period,
                    "title": f"Linee programmatiche di mandato {period}",
                },
                {
                    **common,
                    **self.sourced(1),
                    "kind": Plan.Kind.DUP,
                    "code": period,
                    "title": f"DUP {period}: missioni, programmi e attività",
                },
            ],
        )
        by_id = Plan.objects.in_bulk(plans.values())
        return by_id[plans[(Plan.Kind.MANDATO,)]], by_id[plans[(Plan.Kind.DUP,)]]

    def sync_mandate_lines(self, plan: Plan) -> dict[tuple[str, str], int]:
        """Return the catalogue item of every (programma key, local number)."""
        self.catalogue, catalogue_diagnostics = build_mandate_catalogue(self.parsed.programmi)
        self.diagnostics.extend(catalogue_diagnostics)
        items = self.sync(
            PlanItem.objects.filter(plan=plan, level=PlanItem.Level.LINEA),
            ["plan_id", "key"],
            [
                {
                    **self.sourced(line.first.line),
                    "plan_id": plan.pk,
                    "parent_id": None,
                    "level": PlanItem.Level.LINEA,
                    "key": line.key,
                    "code": "",
                    "title": line.first.text,
                    "description": "",
                    "position": position,
                }
                for position, line in enumerate(self.catalogue.values(), start=1)
            ],
        )
        lines_by_programma: dict[tuple[str, str], int] = {}
        self.listed_lines: list[tuple[str, MandateLineRecord, int]] = []
        for line in self.catalogue.values():
            for programma, row in line.occurrences:
                item = items[(plan.pk, line.key)]
                self.listed_lines.append((programma_key(programma), row, item))
                lines_by_programma.setdefault((programma_key(programma), row.local_number), item)
        return lines_by_programma

    def sync_missioni_and_programmi(self, plan: Plan) -> dict[str, int]:
        missioni: dict[str, dict[str, Any]] = {}
        for programma in self.parsed.programmi:
            if missione_key(programma) not in missioni:
                missioni[missione_key(programma)] = self.item_row(
                    plan, None, PlanItem.Level.MISSIONE, missione_key(programma),
                    str(programma.missione_code), programma.missione_title, programma.line,
                )  # fmt: skip
        missione_items = self.sync_items(plan, PlanItem.Level.MISSIONE, list(missioni.values()))
        rows = [
            self.item_row(
                plan,
                missione_items[missione_key(programma)],
                PlanItem.Level.PROGRAMMA,
                programma_key(programma),
                str(programma.programma_code),
                programma.programma_title,
                programma.line,
            )  # fmt: skip
            for programma in self.parsed.programmi
        ]
        return self.sync_items(plan, PlanItem.Level.PROGRAMMA, rows)

    def sync_activities(self, plan: Plan, programma_items: dict[str, int]) -> dict[str, int]:
        rows = [
            {
                **self.item_row(
                    plan,
                    programma_items[programma_key(programma)],
                    PlanItem.Level.ATTIVITA,
                    activity_key(programma, activity),
                    activity.letter,
                    activity.text,
                    activity.line,
                ),
                # As the activity table prints them: the indicator table may print a code
                # otherwise ("d.,1" for the "d.1" of 000:1332).
                "indicator_codes": activity.indicator_codes_as_printed,
            }
            for programma in self.parsed.programmi
            for activity in programma.activities
        ]
        return self.sync_items(plan, PlanItem.Level.ATTIVITA, rows)

    def sync_links(
        self,
        plan: Plan,
        activity_items: dict[str, int],
        programma_items: dict[str, int],
        lines_by_programma: dict[tuple[str, str], int],
    ) -> None:
        rows: dict[tuple[int, int, str], dict[str, Any]] = {}

        def add(source: int, target: int, kind: str, local_code: str, line: int) -> None:
            rows.setdefault(
                (source, target, kind),
                {
                    **self.sourced(line),
                    "from_item_id": source,
                    "to_item_id": target,
                    "kind": kind,
                    "origin": Link.Origin.STATED,
                    "local_code": local_code,
                },
            )

        for pkey, row, line_item in self.listed_lines:
            add(programma_items[pkey], line_item, Link.Kind.LISTS, row.local_number, row.line)
        for programma in self.parsed.programmi:
            pkey = programma_key(programma)
            for activity in programma.activities:
                for reference in activity.mandate_line_refs:
                    target = lines_by_programma.get((pkey, reference))
                    # The parser reports references to numbers the programma does not list.
                    if target is not None:
                        add(
                            activity_items[activity_key(programma, activity)],
                            target,
                            Link.Kind.REFERS_TO,
                            reference,
                            activity.line,
                        )
        sync_links(
            Link.objects.filter(from_item__plan=plan, origin=Link.Origin.STATED),
            rows.values(),
            self.counts,
            owner=self.document,
        )
        self.sync_link_tags(plan, programma_items)

    def sync_link_tags(self, plan: Plan, programma_items: dict[str, int]) -> None:
        """Tag each programma's "lists" link with the SDGs and PNRR missions of its own row."""
        lists_links = {
            (source, target): pk
            for pk, source, target in Link.objects.filter(
                from_item__plan=plan, kind=Link.Kind.LISTS
            ).values_list("pk", "from_item_id", "to_item_id")
        }
        rows: dict[tuple[int, int], dict[str, Any]] = {}
        for pkey, row, line_item in self.listed_lines:
            link = lists_links.get((programma_items[pkey], line_item))
            if link is None:  # a user removed the link: its tags go with it
                continue
            terms = [self.term("sdg", str(sdg), row.line) for sdg in row.sdgs] + [
                self.term("pnrr_missioni", f"M{mission}", row.line) for mission in row.pnrr_missions
            ]
            for term in terms:
                if term is not None:
                    rows.setdefault(
                        (link, term.pk),
                        {**self.sourced(row.line), "link_id": link, "term_id": term.pk},
                    )
        self.sync(
            LinkTag.objects.filter(link__from_item__plan=plan),
            ["link_id", "term_id"],
            rows.values(),
        )

    def sync_responsibilities(
        self,
        ente: Ente,
        plan: Plan,
        programma_items: dict[str, int],
        activity_items: dict[str, int],
    ) -> None:
        first_line: dict[str, int] = {}
        for programma in self.parsed.programmi:
            for name in programma.org_units:
                first_line.setdefault(name, programma.line)
            for activity in programma.activities:
                for responsibility in activity.responsibilities:
                    first_line.setdefault(responsibility.department, responsibility.line)
        units = ensure_org_units(
            ente, first_line, self.document, first_line, self.counts, self.diagnostics
        )

        def unit(name: str) -> OrgUnit:
            return units[fold_text(name)]

        rows: dict[tuple[int, int, str], dict[str, Any]] = {}
        logs: dict[tuple[int, int, str], list[dict[str, Any]]] = defaultdict(list)
        year = self.parsed.reference_year
        for programma in self.parsed.programmi:
            item = programma_items[programma_key(programma)]
            for position, name in enumerate(programma.org_units):
                key = (item, unit(name).pk, Responsibility.Role.INVOLVED)
                rows.setdefault(
                    key,
                    {
                        **self.sourced(programma.line),
                        "item_id": item,
                        "org_unit_id": key[1],
                        "org_unit_as_printed": name,
                        "person_id": None,
                        "role": key[2],
                        "status_id": None,
                        "status_as_printed": "",
                        "position": position,
                    },
                )
            for activity in programma.activities:
                item = activity_items[activity_key(programma, activity)]
                for position, responsibility in enumerate(activity.responsibilities):
                    key = (
                        item,
                        unit(responsibility.department).pk,
                        Responsibility.Role.RESPONSIBLE,
                    )
                    status = (
                        self.term("stato", str(responsibility.status), responsibility.line)
                        if responsibility.status
                        else None
                    )
                    if key in rows:
                        self.diagnostics.append(
                            Diagnostic(
                                responsibility.line,
                                Severity.WARNING,
                                "repeated_department",
                                f"la struttura «{responsibility.department}» compare due volte per l'attività "
                                f"{activity.letter}: le azioni sono unite, vale lo stato della prima riga",
                            )
                        )
                    else:
                        rows[key] = {
                            **self.sourced(responsibility.line),
                            "item_id": item,
                            "org_unit_id": key[1],
                            "org_unit_as_printed": responsibility.department,
                            "person_id": None,
                            "role": key[2],
                            "status_id": status.pk if status else None,
                            "status_as_printed": responsibility.status_as_printed,
                            "position": position,
                        }
                    logs[key].extend(
                        {
                            "line": entry.line,
                            "year_from": entry.year_from,
                            "year_to": entry.year_to,
                            "text": entry.text,
                        }
                        for entry in responsibility.log
                    )
        statuses = {
            key: (row.pop("status_id"), row.pop("status_as_printed")) for key, row in rows.items()
        }
        responsibilities = self.sync(
            Responsibility.objects.filter(item__plan=plan),
            ["item_id", "org_unit_id", "role"],
            rows.values(),
        )
        # The esercizio's own statements: each department's status, and its log as this
        # year's report prints it; another year's report keeps its own.
        self.sync_own(
            StatusReport.objects.filter(responsibility__item__plan=plan),
            ["responsibility_id", "year"],
            [
                {
                    **self.sourced(row["source_line"]),
                    "responsibility_id": responsibilities[key],
                    "year": year,
                    "status_id": statuses[key][0],
                    "status_as_printed": statuses[key][1],
                }
                for key, row in rows.items()
                if key[2] == Responsibility.Role.RESPONSIBLE
            ],
        )
        refresh_current_statuses(Responsibility.objects.filter(item__plan=plan))
        log_rows = [
            {
                **self.sourced(entry.pop("line")),
                "responsibility_id": responsibilities[key],
                "reported_year": year,
                "position": position,
                **entry,
            }
            for key, entries in logs.items()
            for position, entry in enumerate(entries)
        ]
        self.sync_own(
            LogEntry.objects.filter(responsibility__item__plan=plan),
            ["responsibility_id", "reported_year", "position"],
            log_rows,
        )
        unit_alias_proposals(ente, first_line, self.diagnostics)

    def sync_indicators(
        self, plan: Plan, programma_items: dict[str, int], activity_items: dict[str, int]
    ) -> None:
        indicator_rows: list[dict[str, Any]] = []
        measurement_rows: list[tuple[str, dict[str, Any]]] = []
        for programma in self.parsed.programmi:
            pkey = programma_key(programma)
            activities_by_letter = {a.letter: a for a in programma.activities if a.key == a.letter}
            activities_by_code = {
                code: a for a in programma.activities for code in a.indicator_codes
            }
            used_keys: set[str] = set()
            for indicator in programma.indicators:
                key = self.indicator_key(pkey, indicator, used_keys)
                activity = activities_by_letter.get(
                    indicator.activity_letter
                ) or activities_by_code.get(indicator.code)
                item = (
                    activity_items[activity_key(programma, activity)]
                    if activity
                    else programma_items[pkey]
                )
                indicator_rows.append(
                    {
                        **self.sourced(indicator.line),
                        "plan_id": plan.pk,
                        "item_id": item,
                        "key": key,
                        "kind": str(indicator.kind),
                        "code": indicator.code,
                        "name": indicator.name,
                        "formula": indicator.formula,
                        "table_title": indicator.table_title,
                        "group_path": list(indicator.group_path),
                        "group_labels": list(indicator.group_labels),
                        "notes": "\n".join(indicator.notes),
                        "position": self.next_position(),
                    }
                )
                for measurement in indicator.measurements:
                    cell = measurement.cell
                    measurement_rows.append(
                        (
                            key,
                            {
                                **self.sourced(measurement.line),
                                "year": measurement.year,
                                "reported_year": self.parsed.reference_year,
                                "series": measurement.series,
                                "as_printed": cell.as_printed,
                                "value": cell.value,
                                "value_type": str(cell.value_type),
                                "qualifiers": [str(qualifier) for qualifier in cell.qualifiers],
                                "components": cell_components_as_json(cell),
                            },
                        )
                    )
        indicators = self.sync(
            Indicator.objects.filter(plan=plan), ["plan_id", "key"], indicator_rows
        )
        self.sync_own(
            Measurement.objects.filter(indicator__plan=plan),
            ["indicator_id", "year", "series", "reported_year"],
            [{**row, "indicator_id": indicators[(plan.pk, key)]} for key, row in measurement_rows],
        )

    @staticmethod
    def indicator_key(programma_key: str, indicator: IndicatorRecord, used_keys: set[str]) -> str:
        """Return a natural key for the indicator, stable while its code or name stays the same."""
        if indicator.kind == IndicatorKind.PUBLIC_VALUE and indicator.code:
            base = f"{programma_key}/vp/{indicator.code}"
        else:
            label = " / ".join([indicator.table_title, *indicator.group_path, indicator.name])
            base = f"{programma_key}/{indicator.kind}/{short_digest(fold_text(label))}"
        key, repeat = base, 1
        while key in used_keys:
            repeat += 1
            key = f"{base}#{repeat}"
        used_keys.add(key)
        return key

    def sync_tags(self, plans: list[Plan]) -> None:
        stakeholder_terms = self.ensure_stakeholder_terms()
        items = {
            (plan_id, key): pk
            for pk, plan_id, key in PlanItem.objects.filter(plan__in=plans).values_list(
                "pk", "plan_id", "key"
            )
        }
        mandate_plan, dup_plan = plans
        rows: dict[tuple[int, int], dict[str, Any]] = {}

        def tag(item: int, term: Term | None, line: int, position: int = 0) -> None:
            if term is not None:
                rows.setdefault(
                    (item, term.pk),
                    {
                        **self.sourced(line),
                        "item_id": item,
                        "term_id": term.pk,
                        "position": position,
                    },
                )

        for line in self.catalogue.values():
            item = items[(mandate_plan.pk, line.key)]
            first = line.first
            if first.group_number is not None:
                tag(item, self.group_terms.get(first.group_number), first.line)
            for sdg, sdg_line in line.sdgs.items():
                tag(item, self.term("sdg", str(sdg), sdg_line), sdg_line)
            for mission, mission_line in line.pnrr_missions.items():
                tag(item, self.term("pnrr_missioni", f"M{mission}", mission_line), mission_line)
        for programma in self.parsed.programmi:
            missione = items[(dup_plan.pk, missione_key(programma))]
            tag(
                missione,
                self.term("bilancio_118", f"{programma.missione_code:02d}", programma.line),
                programma.line,
            )
            item = items[(dup_plan.pk, programma_key(programma))]
            code = f"{programma.missione_code:02d}.{programma.programma_code:02d}"
            tag(item, self.term("bilancio_118", code, programma.line), programma.line)
            # In the order the programma prints them, which the report prints again.
            for position, name in enumerate(programma.stakeholders):
                tag(item, stakeholder_terms[fold_text(name)], programma.line, position)
            for activity in programma.activities:
                item = items[(dup_plan.pk, activity_key(programma, activity))]
                for position, impact in enumerate(activity.impacts):
                    term = self.term("impatto", str(impact), activity.line)
                    tag(item, term, activity.line, position)
        self.sync(
            ItemTag.objects.filter(item__plan__in=plans), ["item_id", "term_id"], rows.values()
        )

    def sync_mandate_groups(self, mandate_plan: Plan) -> dict[int, Term]:
        """Return the mandate's thematic groups by number, as the premessa lists them.

        They are the ente's and the mandate's, stated by the documents that print
        them: a group is added when a report lists it; names and descriptions are
        those of the plan's own document (the edition that gives the mandate its
        wording), never rewritten by another; one a report no longer lists stays
        while lines are tagged with it.
        """
        parsed = self.parsed
        if not parsed.groups:
            return {}
        code = mandate_groups_code(mandate_plan)
        owner = mandate_plan.source_document_id == self.document.pk
        wording = {
            "name": (parsed.groups_label or "Aree tematiche del mandato")[:200],
            "description": parsed.groups_intro,
            "source": f"{self.document.title or self.source.name}, premessa",
        }
        taxonomy = Taxonomy.objects.filter(code=code).first()
        if taxonomy is None:
            taxonomy = Taxonomy.objects.create(
                code=code,
                kind=Taxonomy.Kind.MANDATE_GROUPS,
                ente=mandate_plan.ente,
                plan=mandate_plan,
                **wording,
            )
            self.counts.count(Taxonomy, created=1)
        elif owner and any(getattr(taxonomy, k) != v for k, v in wording.items()):
            Taxonomy.objects.filter(pk=taxonomy.pk).update(**wording)
            self.counts.count(Taxonomy, updated=1)
        existing = {term.code: term for term in taxonomy.terms.all()}
        terms = {}
        for group in parsed.groups:
            values = {
                "name": group.name[:300],
                "description": group.description,
                "position": group.number,
            }
            term = existing.get(str(group.number))
            if term is None:
                term = Term.objects.create(taxonomy=taxonomy, code=str(group.number), **values)
                self.counts.count(Term, created=1)
            elif owner and any(getattr(term, k) != v for k, v in values.items()):
                Term.objects.filter(pk=term.pk).update(**values)
                self.counts.count(Term, updated=1)
            elif fold_text(term.name) != fold_text(group.name):
                self.diagnostics.append(
                    Diagnostic(
                        group.line,
                        Severity.WARNING,
                        "mandate_group_differs",
                        f"l'area tematica {group.number} è «{group.name}» in questo documento "
                        f"e «{term.name}» nel documento che ha dato il mandato: vale quello",
                    )
                )
            terms[group.number] = term
        return terms

    def ensure_stakeholder_terms(self) -> dict[str, Term]:
        """Return the stakeholder terms by folded name, adding the ones seen for the first time."""
        taxonomy, created = Taxonomy.objects.get_or_create(
            code=STAKEHOLDER_TAXONOMY, defaults={"name": "Stakeholder", "is_reference": False}
        )
        self.counts.count(Taxonomy, created=int(created))
        names = {fold_text(name): name for p in self.parsed.programmi for name in p.stakeholders}
        existing = {term.code: term for term in Term.objects.filter(taxonomy=taxonomy)}
        by_fold = {}
        missing = []
        for folded, name in names.items():
            code = folded[:50] if len(folded) <= 50 else f"{folded[:39]} {short_digest(folded)}"
            term = existing.get(code)
            if term is None:
                term = Term(taxonomy=taxonomy, code=code, name=name)
                missing.append(term)
            by_fold[folded] = term
        Term.objects.bulk_create(missing)
        self.counts.count(Term, created=len(missing))
        return by_fold

    def count_records(self) -> dict[str, int]:
        programmi = self.parsed.programmi
        return {
            "missioni": len({p.missione_code for p in programmi}),
            "programmi": len(programmi),
            "linee programmatiche": len(self.catalogue),
            "attività": sum(len(p.activities) for p in programmi),
            "responsabilità (attività × struttura)": sum(
                len(a.responsibilities) for p in programmi for a in p.activities
            ),
            "indicatori": sum(len(p.indicators) for p in programmi),
            "valori degli indicatori": sum(
                len(i.measurements) for p in programmi for i in p.indicators
            ),
        }


def load_rendiconto(
    parsed: RendicontoDocument,
    source: SourceFile,
    actor: str,
    progress: Progress | None = None,
    ente_code: str | None = None,
) -> LoadResult:
    """Write the parsed report into the database in one transaction and return what happened."""
    return RendicontoLoader(parsed, source, actor, progress or SilentProgress(), ente_code).run()


__all__ = ["FORMAT_NAME", "LOAD_STEPS", "load_rendiconto"]
