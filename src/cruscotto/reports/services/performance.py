"""The piano della performance as a published document, built from the database.

`build_performance_document` gathers, in a fixed number of queries, what every
format of the document prints (HTML, PDF, XLSX), in the order of the plan: the
objectives assigned to each manager and structure, the targets and scoring
rules, the public-value matrix, then one scorecard per manager and, as an annex,
what the validation of the weights and the import found. The figures come from
the performance services (matrix, validation, scores); nothing is recomputed here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from cruscotto.core.models import Ente, ImportDiagnostic, Person
from cruscotto.domain import report_kinds
from cruscotto.performance.models import Assignment, Score, ScoringRule, StructureManager
from cruscotto.performance.services.labels import WEIGHT_SOURCE_LABELS, diagnostic_label
from cruscotto.performance.services.reports import (
    SLOTS,
    MatrixRow,
    YearScores,
    assignment_matrix,
    validation_report,
    year_scores,
)
from cruscotto.performance.services.score_validation import validation_state
from cruscotto.performance.services.scorecards import AssignmentView
from cruscotto.performance.services.scoring import band_from_json
from cruscotto.performance.services.validation import StructureReport
from cruscotto.plans.models import ItemTag, Plan, PlanItem
from cruscotto.reports.render.performance_html import render_performance_html
from cruscotto.reports.render.performance_xlsx import render_performance_xlsx
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.kinds import ReportKind, document_formats, plan_year_editions

SLOT_KIND_LABELS = {"ente": "Ente", "direzione": "Direzione", "individuale": "Individuale"}
# The matrix's column headings, as the plan prints them.
SLOT_HEADINGS = {"ente": "Obiettivo di Ente", "direzione": "Obiettivo Direzione",
                 "individuale": "Obiettivo Individuale"}  # fmt: skip
UNIT_LABELS = {"percent": "%", "euro": "euro", "count": "numero", "days": "giorni"}
RULE_PROBLEM_LABELS = {
    "not_parseable": "non interpretabile",
    "bands_gap": "fasce non contigue",
    "bands_overlap": "fasce sovrapposte",
    "bands_not_monotone": "fasce non monotone",
    "leftover_text": "testo non interpretato",
}
# The unknown weights are listed, with their candidates, in the validation annex itself.
DIAGNOSTICS_IN_VALIDATION = {"weight_unknown"}
MISSING = "—"


def unknown_weights_label(count: int) -> str:
    if count == 0:
        return ""
    return "1 peso non noto" if count == 1 else f"{count} pesi non noti"


def slot_label(slot: str) -> str:
    """ "direzione_2" → "Direzione 2"."""
    kind, _, number = slot.partition("_")
    return f"{SLOT_KIND_LABELS.get(kind, kind)} {number}"


def format_decimal(value: Decimal | str | None) -> str:
    """A score or points as printed in Italian ("60,50"), or a dash when there is none."""
    if value is None:
        return MISSING
    return f"{Decimal(value):.2f}".replace(".", ",")


def format_candidates(candidates: list[int]) -> str:
    """The values an unknown weight can take: "5–45 (multipli di 5)" for a run, else a list."""
    if len(candidates) >= 3 and all(
        later - earlier == 5 for earlier, later in zip(candidates, candidates[1:], strict=False)
    ):
        return f"{candidates[0]}–{candidates[-1]} (multipli di 5)"
    return ", ".join(map(str, candidates))


def describe_rule(rule: ScoringRule | None) -> str:
    """The scoring rule as Cruscotto reads it, in words: what the scoring engine applies."""
    if rule is None:
        return "nessuna regola di calcolo"
    bands = "; ".join(band_from_json(band).describe() for band in rule.bands)
    unit = f", {UNIT_LABELS[rule.unit]}" if rule.unit in UNIT_LABELS else ""
    polarity = rule.get_polarity_display() if rule.polarity else ""
    if rule.kind == ScoringRule.Kind.YES_NO:
        return "Sì/No: Sì → 100, No → 0"
    if rule.kind == ScoringRule.Kind.BANDS:
        return f"fasce ({polarity}{unit}): {bands}"
    if rule.kind == ScoringRule.Kind.PROPORTIONAL:
        full = f"{bands}; " if bands else ""
        return f"proporzionale{unit}: {full}sotto, la quota raggiunta del target {rule.target_as_printed}"
    if rule.kind == ScoringRule.Kind.FORMULA:
        return f"formula: {rule.formula} (il valore è la percentuale di raggiungimento)"
    reasons = [p.partition(": ")[2] for p in rule.problems if p.startswith("not_parseable")]
    return "non interpretabile: " + ("; ".join(reasons) or "regola non letta")


def describe_problem(problem: str) -> str:
    """ "bands_gap: tra 10 e 11" → "fasce non contigue: tra 10 e 11"."""
    code, _, detail = problem.partition(": ")
    label = RULE_PROBLEM_LABELS.get(code, code)
    return f"{label}: {detail}" if detail else label


@dataclass
class ObjectiveEntry:
    """One objective by its Id: its row of "Target e regole di calcolo" and of the public-value matrix."""

    objective_id: int
    text: str
    note: str
    for_all_structures: bool  # "Tutte"
    target_table_structures: list[str]  # the "Struttura" column
    assigned_structures: list[str]  # the structures of the matrix that hold it
    target: str  # as printed
    rule_as_printed: str
    rule_kind: str  # yes_no, bands, proportional, formula, unparsed; "" without a rule
    rule_kind_label: str  # "Sì/No", "fasce" …
    rule_reading: str  # the rule as read, in words
    problems: list[str]  # as stored: "bands_gap: tra 10 e 11"
    ente_wide: bool  # measured once for the whole Ente
    types: list[str]  # "Ente", "Direzione", "Individuale" (the plan may print two)
    value_matrix_structures: list[str]  # the "Direzione" column
    dimension: str
    drivers: list[str]

    @property
    def structures_label(self) -> str:
        return "Tutte" if self.for_all_structures else " – ".join(self.target_table_structures)

    @property
    def types_label(self) -> str:
        return " / ".join(self.types)

    @property
    def problem_labels(self) -> list[str]:
        return [describe_problem(problem) for problem in self.problems]

    @property
    def band_warnings(self) -> list[str]:
        """What is wrong with a rule that was read (an unreadable one says why in its reading)."""
        return [describe_problem(p) for p in self.problems if not p.startswith("not_parseable")]


@dataclass
class MatrixEntry:
    """A row of the assignment matrix: the structure, its manager, a cell per slot, the totals."""

    row: MatrixRow
    declared_total: int | None  # "Totale peso" as printed
    known_sum: int  # the weights read, completed or inferred
    unknown: int  # weights the data does not give

    @property
    def cells(self) -> list[AssignmentView | None]:
        return self.row.cells

    @property
    def assignments(self) -> list[tuple[AssignmentView, str]]:
        """The structure's assignments in slot order, each with its slot in words ("Ente 1")."""
        return [(cell, slot_label(cell.slot)) for cell in self.row.cells if cell is not None]

    @property
    def labelled_cells(self) -> list[tuple[AssignmentView, str, str] | None]:
        """Each slot's assignment with its weight in words: ("15", "letto"), ("?", "5–45")."""
        return [None if cell is None else (cell, *weight_label(cell)) for cell in self.row.cells]


def weight_label(cell: AssignmentView) -> tuple[str, str]:
    """A matrix cell's weight and, below it, its provenance or the values it can take."""
    if cell.weight is not None:
        return str(cell.weight), WEIGHT_SOURCE_LABELS.get(cell.weight_source, cell.weight_source)
    candidates = cell.candidates
    if len(candidates) >= 3 and all(
        b - a == 5 for a, b in zip(candidates, candidates[1:], strict=False)
    ):
        return "?", f"{candidates[0]}–{candidates[-1]}"
    return "?", ", ".join(map(str, candidates))


@dataclass
class ScoredObjective:
    """One objective of a structure's scorecard: the plan's terms, then the year's result."""

    slot: str
    objective_id: int
    text: str
    weight: int | None
    weight_source: str
    candidates: list[int]
    target: str
    rule_reading: str
    ente_wide: bool
    actual: str  # the actual value as entered ("96%"); "" when none was entered
    score: Decimal | None
    points: str | None  # weight × score / 100, as the structure's score counts it
    explanation: str  # the band the value fell in, or why there is no score

    @property
    def slot_label(self) -> str:
        return slot_label(self.slot)

    @property
    def weight_source_label(self) -> str:
        return WEIGHT_SOURCE_LABELS.get(self.weight_source, self.weight_source)

    @property
    def candidates_label(self) -> str:
        return format_candidates(self.candidates)

    @property
    def score_label(self) -> str:
        return format_decimal(self.score)

    @property
    def points_label(self) -> str:
        return format_decimal(self.points)


@dataclass
class StructureCard:
    code: str
    name: str
    interim: bool  # held under art. 28 of the ROUS, the (*) of the matrix
    declared_total: int | None
    objectives: list[ScoredObjective]
    score: Decimal | None  # None when no actual value has been entered for the year
    complete: bool
    note: str  # why the score is incomplete

    @property
    def unknown_weights(self) -> int:
        return sum(1 for objective in self.objectives if objective.weight is None)

    @property
    def unknown_weights_label(self) -> str:
        return unknown_weights_label(self.unknown_weights)

    @property
    def known_weight(self) -> int:
        return sum(objective.weight or 0 for objective in self.objectives)

    @property
    def score_label(self) -> str:
        return format_decimal(self.score)


@dataclass
class ManagerCard:
    """One manager's scorecard; `person` is None for the structures whose manager is not printed."""

    person: Person | None
    role: str
    structures: list[StructureCard]
    result: Decimal | None
    result_complete: bool
    result_formula: str

    @property
    def name(self) -> str:
        return self.person.name if self.person else "Strutture senza dirigente indicato"

    @property
    def incomplete(self) -> bool:
        """Marked incomplete: a weight is unknown, or a score could not be computed."""
        return any(s.unknown_weights or not s.complete for s in self.structures)

    @property
    def result_label(self) -> str:
        return format_decimal(self.result)


@dataclass
class PerformanceDocument:
    ente: Ente
    title: str  # "Piano della Performance 2024"
    year: int
    source_file: str
    matrix: list[MatrixEntry]
    interim_note: str  # the footnote the (*) of the matrix points to
    objectives: list[ObjectiveEntry]
    cards: list[ManagerCard]
    actual_values: int  # values entered for the year
    validation: list[StructureReport]
    diagnostics: list[ImportDiagnostic]  # of the import, but the unknown weights
    weight_sources: dict[str, int] = field(default_factory=dict)
    # Whether the scores printed are the valutatore's validated ones (by whom, when), not
    # yet validated, or changed since their validation; "" when no score is printed.
    scores_validation: str = ""
    scores_validated: bool = False

    @property
    def slot_labels(self) -> list[str]:
        """The matrix's slot headings: "Obiettivo di Ente 1" … "Obiettivo Individuale 5"."""
        return [
            f"{SLOT_HEADINGS[slot.partition('_')[0]]} {slot.partition('_')[2]}" for slot in SLOTS
        ]

    @property
    def has_actuals(self) -> bool:
        """False: no value has been entered for the year, the scorecards are the published plan."""
        return self.actual_values > 0

    @property
    def assignments(self) -> int:
        return sum(1 for entry in self.matrix for cell in entry.cells if cell is not None)

    @property
    def managers(self) -> int:
        return sum(1 for card in self.cards if card.person is not None)

    @property
    def diagnostic_rows(self) -> list[tuple[ImportDiagnostic, str]]:
        """Each diagnostic of the import with what its code means, in Italian."""
        return [(diagnostic, diagnostic_label(diagnostic.code)) for diagnostic in self.diagnostics]

    @property
    def rules_with_problems(self) -> list[ObjectiveEntry]:
        return [objective for objective in self.objectives if objective.problems]

    @property
    def unbalanced(self) -> list[StructureReport]:
        """Structures whose known weights cannot reach, or exceed, the declared total."""
        return [
            report
            for report in self.validation
            if report.declared_total is not None
            and (report.balanced is False or report.known_sum > report.declared_total)
        ]

    @property
    def undecidable(self) -> list[StructureReport]:
        """Structures whose total cannot be checked because some weight is unknown."""
        return [report for report in self.validation if report.balanced is None]

    @property
    def validation_rows(self) -> list[tuple[StructureReport, str, str, str]]:
        """Each structure's report with its unknown weights, non-weights and outcome in words."""
        return [
            (
                report,
                unknown_weights_by_candidates(report),
                "; ".join(
                    f"{n['printed']} (obiettivo {n['objective_id']})"
                    for n in report.not_multiple_of_5
                ),
                validation_outcome(report),
            )
            for report in self.validation
        ]

    @property
    def weight_source_rows(self) -> list[tuple[str, str, str, int]]:
        """(code, label, meaning, assignments) for each provenance of a weight."""
        return [
            (
                source.value,
                WEIGHT_SOURCE_LABELS[source],
                source.label,
                self.weight_sources.get(source, 0),
            )
            for source in Assignment.WeightSource
        ]


def unknown_weights_by_candidates(report: StructureReport) -> str:
    """ "obiettivi 1, 2, 4: 5–45 (multipli di 5); obiettivo 47: 10, 15": unknown weights by what fits."""
    groups: dict[str, list[str]] = {}
    for unknown in report.unknown:
        candidates = format_candidates(list(unknown["candidates"]))  # type: ignore[call-overload]
        groups.setdefault(candidates, []).append(str(unknown["objective_id"]))
    return "; ".join(
        f"{'obiettivo' if len(ids) == 1 else 'obiettivi'} {', '.join(ids)}: {candidates or '—'}"
        for candidates, ids in groups.items()
    )


def validation_outcome(report: StructureReport) -> str:
    if report.declared_total is None:
        return "totale non stampato"
    if report.known_sum > report.declared_total:
        return f"i pesi noti superano il totale ({report.known_sum} su {report.declared_total})"
    if report.balanced is None:
        return f"non verificabile: {unknown_weights_label(len(report.unknown))}"
    if report.balanced:
        return f"i pesi sommano a {report.declared_total}"
    return f"i pesi sommano a {report.known_sum}, non a {report.declared_total}"


def find_performance_plan(ente_code: str, year: int) -> Plan:
    """Return the plan of `ente_code` whose period holds `year`; raises ReportUnavailable."""
    plans = list(
        Plan.objects.filter(ente__code=ente_code, kind=Plan.Kind.PERFORMANCE)
        .select_related("ente", "source_document")
        .order_by("period_start")
    )
    if not plans:
        raise ReportUnavailable(
            f"nessun piano della performance importato per l'ente «{ente_code}»"
        )
    for plan in plans:
        if (plan.period_start or 0) <= year <= (plan.period_end or plan.period_start or 0):
            return plan
    years = ", ".join(plan.code for plan in plans)
    raise ReportUnavailable(
        f"nessun piano della performance per il {year} (piani importati: {years})"
    )


def build_performance_document(ente_code: str, year: int) -> PerformanceDocument:
    """Return the piano della performance of `ente_code` for `year`; raises ReportUnavailable."""
    plan = find_performance_plan(ente_code, year)
    matrix_rows = assignment_matrix(plan)
    validation = validation_report(plan)
    managers = list(
        StructureManager.objects.filter(plan=plan)
        .select_related("org_unit", "person")
        .order_by("org_unit__code")
    )
    objectives = list(
        PlanItem.objects.filter(plan=plan, level=PlanItem.Level.OBIETTIVO)
        .select_related("scoring_rule")
        .order_by("position")
    )
    tags: dict[int, list[ItemTag]] = defaultdict(list)
    for tag in (
        ItemTag.objects.filter(item__plan=plan, item__level=PlanItem.Level.OBIETTIVO)
        .select_related("term__taxonomy")
        .order_by("term__taxonomy__code", "term__position", "term__code")
    ):
        tags[tag.item_id].append(tag)
    scores = year_scores(plan, year)
    # Only printed scores have a validation to state (no query for the published plan).
    state = validation_state(plan, year) if scores.actual_values else None
    diagnostics = list(
        ImportDiagnostic.objects.filter(document=plan.source_document)
        .exclude(code__in=DIAGNOSTICS_IN_VALIDATION)
        .order_by("position")
    )
    reports = {report.structure: report for report in validation}
    assigned: dict[int, list[str]] = defaultdict(list)
    weight_sources: dict[str, int] = defaultdict(int)
    for row in matrix_rows:
        for cell in row.cells:
            if cell is not None:
                assigned[cell.objective_id].append(row.structure)
                weight_sources[cell.weight_source] += 1
    entries = [objective_entry(item, tags[item.pk], assigned) for item in objectives]
    return PerformanceDocument(
        ente=plan.ente,
        title=plan.title,
        year=year,
        source_file=plan.source_document.file_name if plan.source_document else "",
        matrix=[
            MatrixEntry(
                row,
                reports[row.structure].declared_total,
                reports[row.structure].known_sum,
                len(reports[row.structure].unknown),
            )
            for row in matrix_rows
        ],
        interim_note=next((m.interim_note for m in managers if m.interim_note), ""),
        objectives=entries,
        cards=manager_cards(managers, matrix_rows, entries, scores),
        actual_values=len(scores.actual_values),
        validation=validation,
        diagnostics=diagnostics,
        weight_sources=dict(weight_sources),
        scores_validation=state.label if state else "",
        scores_validated=bool(state and state.validated),
    )


def objective_entry(
    item: PlanItem, tags: list[ItemTag], assigned: dict[int, list[str]]
) -> ObjectiveEntry:
    rule: ScoringRule | None = getattr(item, "scoring_rule", None)

    def terms(taxonomy: str) -> list[str]:
        return [tag.term.name for tag in tags if tag.term.taxonomy.code == taxonomy]

    kinds = {tag.term.code for tag in tags if tag.term.taxonomy.code == "tipo_obiettivo"}

    objective_id = int(item.code)
    return ObjectiveEntry(
        objective_id=objective_id,
        text=item.title,
        note=item.description,
        for_all_structures=bool(rule and rule.common_to_all),
        target_table_structures=list(rule.target_table_structures) if rule else [],
        assigned_structures=assigned.get(objective_id, []),
        target=rule.target_as_printed if rule else "",
        rule_as_printed=rule.as_printed if rule else "",
        rule_kind=rule.kind if rule else "",
        rule_kind_label=rule.get_kind_display() if rule else "",
        rule_reading=describe_rule(rule),
        problems=list(rule.problems) if rule else [],
        ente_wide=bool(rule and rule.ente_wide),
        # The types in the order of the slots: Ente, Direzione, Individuale.
        types=[label for kind, label in SLOT_KIND_LABELS.items() if kind in kinds],
        value_matrix_structures=list(rule.value_matrix_structures) if rule else [],
        dimension=", ".join(terms("valore_pubblico_dimensione")),
        drivers=terms("valore_pubblico_driver"),
    )


def manager_cards(
    managers: list[StructureManager],
    matrix_rows: list[MatrixRow],
    objectives: list[ObjectiveEntry],
    scores: YearScores,
) -> list[ManagerCard]:
    """One card per manager, by name, then one for the structures whose manager is not printed."""
    rows = {row.structure: row for row in matrix_rows}
    by_id = {objective.objective_id: objective for objective in objectives}
    held: dict[int | None, list[StructureManager]] = defaultdict(list)
    for manager in managers:
        held[manager.person_id].append(manager)
    people = sorted(
        (structures[0].person for person_id, structures in held.items() if person_id is not None),
        key=lambda person: person.name if person else "",
    )
    cards = []
    for person in [*people, None]:
        structures = held.get(person.pk if person else None, [])
        if not structures:
            continue
        result = scores.managers.get(person.pk) if person else None
        cards.append(
            ManagerCard(
                person=person,
                role=next((m.role for m in structures if m.role), ""),
                structures=[
                    structure_card(m, rows.get(m.org_unit.code), by_id, scores) for m in structures
                ],
                result=result.score if result else None,
                result_complete=bool(result and result.complete),
                result_formula=result.explanation.get("formula", "") if result else "",
            )
        )
    return cards


def structure_card(
    manager: StructureManager,
    row: MatrixRow | None,
    objectives: dict[int, ObjectiveEntry],
    scores: YearScores,
) -> StructureCard:
    code = manager.org_unit.code
    structure_score: Score | None = scores.structures.get(code)
    points = {
        (part["objective_id"], part["slot"]): part.get("points")
        for part in (structure_score.explanation.get("parts", []) if structure_score else [])
    }
    cards = []
    for cell in row.cells if row else []:
        if cell is None:
            continue
        objective = objectives.get(cell.objective_id)
        ente_wide = bool(objective and objective.ente_wide)
        actual = scores.actual_values.get((cell.objective_id, "" if ente_wide else code))
        score = scores.objectives.get((code, cell.objective_id))
        cards.append(
            ScoredObjective(
                slot=cell.slot,
                objective_id=cell.objective_id,
                text=objective.text if objective else cell.objective,
                weight=cell.weight,
                weight_source=cell.weight_source,
                candidates=cell.candidates,
                target=objective.target if objective else "",
                rule_reading=objective.rule_reading if objective else describe_rule(None),
                ente_wide=ente_wide,
                actual=actual.as_printed if actual else "",
                score=score.score if score else None,
                points=points.get((cell.objective_id, cell.slot)),
                explanation=explain(score, cell.weight),
            )
        )
    return StructureCard(
        code=code,
        name=manager.org_unit.name,
        interim=manager.interim,
        declared_total=manager.declared_total,
        objectives=cards,
        score=structure_score.score if structure_score else None,
        complete=bool(structure_score and structure_score.complete),
        note=structure_score.explanation.get("note", "") if structure_score else "",
    )


def explain(score: Score | None, weight: int | None) -> str:
    """Why an objective scored what it did, from the explanation the scoring engine stored."""
    if score is None:
        return ""
    why = score.explanation
    text = f"fascia {why['band']}" if why.get("band") else str(why.get("reason", ""))
    # A rule's problems are stored with their codes ("not_parseable: …"): put them in words.
    for code, label in RULE_PROBLEM_LABELS.items():
        text = text.replace(f"{code}: ", f"{label}: ")
    if weight is None:
        text += "; peso non noto: non entra nel punteggio della struttura"
    return text


PERFORMANCE = ReportKind(
    name=report_kinds.PERFORMANCE,
    title="Piano della performance",
    build=build_performance_document,
    formats=document_formats(render_performance_html, render_performance_xlsx),
    editions=plan_year_editions(Plan.Kind.PERFORMANCE),
)

__all__ = ["PERFORMANCE", "SLOTS", "PerformanceDocument", "build_performance_document"]
