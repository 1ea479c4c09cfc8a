"""The relazione sul controllo strategico, built from the database.

`build_strategic_control_report` gathers, in a fixed number of queries, what
every format of the report prints (HTML, PDF, XLSX, text): one definition of
the document, several renderings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from cruscotto.core.italian import format_period
from cruscotto.core.models import Ente, SourceDocument
from cruscotto.core.services.statements import apply_wording, stated_by
from cruscotto.domain import formats
from cruscotto.indicators.models import Indicator, Measurement
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
from cruscotto.plans.services.taxonomies import mandate_groups_of
from cruscotto.reports.services.errors import ReportUnavailable
from cruscotto.reports.services.kinds import Edition, of_enti

NO_REFERENCE = "-"
# The format of a monitoring campaign's document (campaigns.services.opening).
CAMPAIGN_FORMAT = formats.CAMPAIGN


@dataclass
class LogLine:
    years: str  # "2022", "2023 - 2024", "" when the entry has no year
    text: str


@dataclass
class ActivityRow:
    """One printed row of an activity (the first row carries the activity): the departments
    of its cell, which share the row's status and actions."""

    status: str  # as printed: "In corso", "Concluso", "Attività conclusa" …
    departments: list[str]
    log: list[LogLine]


@dataclass
class ReportActivity:
    key: str
    references: str  # "1", "1,2" or "-"
    letter: str
    impacts: str  # "Sociale Ambientale"
    text: str
    concluded: bool  # concluded for every department: printed among the actions done
    rows: list[ActivityRow]
    indicator_codes: str


@dataclass
class ReportMandateLine:
    group: str  # the mandate's thematic group the line belongs to
    number: str
    text: str
    sdgs: list[str]  # "10 – RIDURRE LE DISUGUAGLIANZE"
    pnrr: list[str]  # "MISSIONE 1"
    sdg_codes: list[int] = field(default_factory=list)


@dataclass
class ReportIndicator:
    code: str
    name: str
    group_path: list[str]
    series: str
    cells: dict[int, str]  # year → value as printed
    notes: str
    formula: str = ""
    values: dict[int, Decimal | None] = field(default_factory=dict)  # year → value as read
    value_types: dict[int, str] = field(default_factory=dict)  # year → "numero", "percentuale" …

    @property
    def printed_name(self) -> str:
        """The name cell as published: the name, its formula, then its notes after "*"."""
        notes = "".join(f" * {note}" for note in self.notes.split("\n") if note)
        return f"{self.name} {self.formula}".strip() + notes


@dataclass
class IndicatorTable:
    title: str
    kind: str
    years: list[int]
    group_depth: int  # Area / Prodotto columns before the name
    rows: list[ReportIndicator]
    series: list[str] = field(default_factory=list)  # pivot tables: the column groups
    group_labels: list[str] = field(default_factory=list)  # as printed: "Area", "Prodotto"

    @property
    def group_headers(self) -> list[str]:
        """The headers of the group columns as the table prints them ("Prodotto" alone in
        M08P02); "Area", "Prodotto" for data imported without them."""
        defaults = ["Area", "Prodotto"] if self.group_depth == 2 else ["Area"]
        if len(self.group_labels) == self.group_depth:
            return self.group_labels
        return defaults[: self.group_depth]

    @property
    def is_pivot(self) -> bool:
        return bool(self.series)

    @property
    def pivot_rows(self) -> list[tuple[str, dict[str, dict[int, str]]]]:
        """For a pivot table: each row's printed name with its cells by column group and year."""
        rows: dict[str, dict[str, dict[int, str]]] = {}
        printed: dict[str, str] = {}
        for row in self.rows:
            rows.setdefault(row.name, {})[row.series] = row.cells
            printed.setdefault(row.name, row.printed_name)
        return [(printed[name], cells) for name, cells in rows.items()]


@dataclass
class ReportProgramma:
    missione_code: str
    missione_title: str
    code: str
    title: str
    org_units: list[str]
    stakeholders: list[str]
    mandate_lines: list[ReportMandateLine]
    activities: list[ReportActivity]
    tables: list[IndicatorTable]


@dataclass
class FrontMatterBlock:
    """A paragraph of the cover or premessa, with how it is printed."""

    kind: str  # "heading" (capitals), "title" (bold in the source), "list", "paragraph"
    lines: list[str]  # a list's items; otherwise the paragraph's lines


@dataclass
class StrategicControlReport:
    ente: Ente
    title: str
    year: int
    mandate: tuple[int | None, int | None]
    # The mandate's thematic groups as the premessa lists them, what the tables head
    # their column ("Le 7 Città") and the premessa's sentence introducing them.
    groups: list[Term]
    groups_label: str
    groups_intro: str
    programmi: list[ReportProgramma]
    # The imported document's cover and premessa, paragraph by paragraph: empty when the
    # rendiconto was imported without them (a premessa built from the data is printed).
    front_matter: list[str] = field(default_factory=list)

    @property
    def groups_heading(self) -> str:
        """The mandate tables' first column: the document's own heading where it gave one."""
        return self.groups_label or "Area tematica del mandato"

    @property
    def cover(self) -> list[FrontMatterBlock]:
        return _front_matter_blocks(self.front_matter[: self._premessa_start])

    @property
    def premessa(self) -> list[FrontMatterBlock]:
        return _front_matter_blocks(self.front_matter[self._premessa_start + 1 :])

    @property
    def _premessa_start(self) -> int:
        return next(
            (i for i, text in enumerate(self.front_matter) if text.upper() == "PREMESSA"),
            len(self.front_matter),
        )

    @property
    def todo_label(self) -> str:
        return f"Attività da conseguire nel periodo gennaio {self.year + 1} – fine mandato"

    @property
    def mandate_label(self) -> str:
        start, end = self.mandate
        return format_period(start, end, "-")


def _front_matter_blocks(paragraphs: list[str]) -> list[FrontMatterBlock]:
    blocks: list[FrontMatterBlock] = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        if paragraph.startswith("**") and paragraph.endswith("**"):
            blocks.append(FrontMatterBlock("title", [line.strip("*").strip() for line in lines]))
        elif all(line.startswith("- ") for line in lines):
            items = [line[2:] for line in lines]
            if blocks and blocks[-1].kind == "list":
                blocks[-1].lines.extend(items)
            else:
                blocks.append(FrontMatterBlock("list", items))
        elif paragraph.isupper() and len(paragraph) < 200:
            blocks.append(FrontMatterBlock("heading", lines))
        else:
            blocks.append(FrontMatterBlock("paragraph", lines))
    return blocks


def format_years(entry: LogEntry) -> str:
    if entry.year_from is None:
        return ""
    if entry.year_to in (None, entry.year_from):
        return str(entry.year_from)
    return f"{entry.year_from} - {entry.year_to}"


def build_strategic_control_report(ente_code: str, year: int) -> StrategicControlReport:
    """Return the report of `ente_code` for the esercizio `year`; raises ReportUnavailable."""
    try:
        dup = Plan.objects.select_related("ente").get(ente__code=ente_code, kind=Plan.Kind.DUP)
    except Plan.DoesNotExist:
        raise ReportUnavailable(f"nessun DUP importato per l'ente «{ente_code}»") from None
    if dup.period_start and dup.period_end and not dup.period_start <= year <= dup.period_end:
        raise ReportUnavailable(
            f"l'anno {year} è fuori dal mandato {dup.period_start}-{dup.period_end}"
        )
    document = find_rendiconto(dup.ente, year)
    # A year the offices entered in a campaign restates the previous edition's structure and
    # log: its relazione prints that edition's actions and values, then the year's own.
    earlier = earlier_edition_year(document)
    reported_years = [year] if earlier is None else [earlier, year]
    # What that esercizio's rendiconto states, as it states it: the records it prints (not
    # those a later edition added), each in its wording, the year's statuses, log and values.
    # Prefetched into plain lists (to_attr): reading them costs no queryset clone, which
    # matters over thousands of records.
    # Unordered (`order_by()`): sorted below by position; the model's default ordering joins
    # the plans for every row, which cost PostgreSQL 70 ms a report on tables not yet analysed.
    items = apply_wording(
        stated_by(PlanItem.objects.filter(plan=dup), document)
        .order_by()
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=stated_by(Responsibility.objects.select_related("org_unit"), document)
                .prefetch_related(
                    Prefetch(
                        "log",
                        queryset=LogEntry.objects.filter(reported_year__in=reported_years).order_by(
                            "reported_year", "position"
                        ),
                        to_attr="log_list",
                    ),
                    Prefetch(
                        "status_reports",
                        queryset=StatusReport.objects.filter(year=year).select_related("status"),
                        to_attr="year_status_list",
                    ),
                )
                .order_by("role", "position"),
                to_attr="responsibility_list",
            ),
            Prefetch(
                "tags",
                # As printed: the Impatto cell's own order, then the taxonomy's.
                queryset=stated_by(ItemTag.objects.all(), document)
                .select_related("term__taxonomy")
                .order_by("position", "term__position"),
                to_attr="tag_list",
            ),
        ),
        document,
    )
    items.sort(key=lambda item: item.position)
    # Every item's responsibilities worded in one pass: the document's statements are read
    # once, not once per item (which read them all again for each of thousands of items).
    responsibilities: list[Responsibility] = []
    for item in items:
        responsibilities.extend(item.responsibility_list)  # type: ignore[attr-defined,arg-type]
    for responsibility in apply_wording(responsibilities, document):
        _set_year_status(responsibility)
    links = list(
        stated_by(Link.objects.filter(from_item__plan=dup), document)
        .select_related("to_item")
        .prefetch_related(
            # What the programma's own row prints beside the line (SDG, PNRR).
            Prefetch(
                "tags",
                queryset=stated_by(LinkTag.objects.all(), document)
                .select_related("term__taxonomy")
                .order_by("term__position"),
                to_attr="row_tag_list",
            ),
            Prefetch(
                "to_item__tags",
                queryset=stated_by(ItemTag.objects.all(), document)
                .select_related("term__taxonomy")
                .order_by("term__position"),
                to_attr="tag_list",
            ),
        )
        .order_by("pk")
    )
    apply_wording([link.to_item for link in links], document)
    indicators = apply_wording(
        stated_by(Indicator.objects.filter(plan=dup), document)
        .order_by()
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(reported_year__in=reported_years).order_by(
                    "series", "year", "reported_year"
                ),
                to_attr="measurement_list",
            )
        ),
        document,
    )
    if earlier is not None:
        for indicator in indicators:
            indicator.measurement_list = latest_per_year(indicator.measurement_list)  # type: ignore[attr-defined]
    indicators.sort(key=lambda indicator: indicator.position)
    groups_taxonomy = mandate_groups_of(dup)
    groups = list(groups_taxonomy.terms.order_by("position")) if groups_taxonomy else []
    years = _report_years(indicators, dup, year)
    children: dict[int | None, list[PlanItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    links_from: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        links_from[link.from_item_id].append(link)
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.item_id is not None:
            indicators_of[indicator.item_id].append(indicator)
    programmi = []
    for missione in children[None]:
        for programma in children[missione.pk]:
            activities = children[programma.pk]
            programma_indicators = indicators_of[programma.pk] + [
                indicator for activity in activities for indicator in indicators_of[activity.pk]
            ]
            programma_indicators.sort(key=lambda indicator: indicator.position)
            programmi.append(
                ReportProgramma(
                    missione_code=missione.code,
                    missione_title=missione.title,
                    code=programma.code,
                    title=programma.title,
                    org_units=[
                        r.org_unit_as_printed or r.org_unit.name
                        for r in programma.responsibility_list  # type: ignore[attr-defined]
                        if r.role == Responsibility.Role.INVOLVED
                    ],
                    stakeholders=[
                        tag.term.name
                        for tag in programma.tag_list  # type: ignore[attr-defined]
                        if tag.term.taxonomy.code == "stakeholder"
                    ],
                    mandate_lines=_mandate_lines(links_from[programma.pk]),
                    activities=[
                        _activity(activity, links_from[activity.pk], indicators_of[activity.pk])
                        for activity in activities
                    ],
                    tables=_indicator_tables(programma_indicators, years),
                )
            )
    return StrategicControlReport(
        ente=dup.ente,
        title=document.title or "Relazione sul controllo strategico",
        year=year,
        mandate=(dup.period_start, dup.period_end),
        groups=groups,
        groups_label=groups_taxonomy.name if groups_taxonomy else "",
        groups_intro=groups_taxonomy.description if groups_taxonomy else "",
        programmi=programmi,
        front_matter=list(document.front_matter),
    )


def _set_year_status(responsibility: Responsibility) -> None:
    """Give the responsibility, in memory, the status its department reported for the
    report's esercizio (`Responsibility.status` is the latest esercizio's)."""
    reports = responsibility.year_status_list  # type: ignore[attr-defined]
    if reports:
        responsibility.status = reports[0].status
        responsibility.status_as_printed = reports[0].status_as_printed


def find_rendiconto(ente: Ente, year: int) -> SourceDocument:
    """Return the imported rendiconto of `ente` for the esercizio `year`, else the document of
    the year's closed monitoring campaign; raises ReportUnavailable.

    Only an imported or collected esercizio has a report: its statuses, actions and
    values are what that year's rendiconto states, or what the offices entered; another
    year has none to print.
    """
    documents = list(SourceDocument.objects.filter(ente=ente, format="rendiconto"))
    for document in documents:
        if document.reference_year == year:
            return document
    collected = SourceDocument.objects.filter(
        ente=ente,
        format=CAMPAIGN_FORMAT,
        reference_year=year,
        campaign__state="closed",
    ).first()
    if collected is not None:
        return collected
    years = sorted({d.reference_year for d in documents if d.reference_year is not None})
    imported = f"esercizi importati: {', '.join(str(y) for y in years)}" if years else "nessuno"
    raise ReportUnavailable(
        f"nessun rendiconto dell'esercizio {year} importato per l'ente «{ente.code}» ({imported})"
    )


def earlier_edition_year(document: SourceDocument) -> int | None:
    """For a campaign's document, the esercizio of the rendiconto it restates; else None."""
    if document.format != CAMPAIGN_FORMAT or document.reference_year is None:
        return None
    return (
        SourceDocument.objects.filter(
            ente=document.ente,
            format="rendiconto",
            reference_year__lt=document.reference_year,
        )
        .order_by("-reference_year")
        .values_list("reference_year", flat=True)
        .first()
    )


def latest_per_year(measurements: list[Measurement]) -> list[Measurement]:
    """Of each series and year, the value of the latest report (the list ordered by it)."""
    latest: dict[tuple[str, int], Measurement] = {}
    for measurement in measurements:
        latest[(measurement.series, measurement.year)] = measurement
    return list(latest.values())


def rendiconto_editions(enti: QuerySet[Ente] | None = None) -> list[Edition]:
    """One edition per imported rendiconto, or closed campaign of a year no rendiconto
    reports on: the esercizio it reports on (of the enti given)."""
    documents = (
        of_enti(SourceDocument.objects.all(), enti)
        .filter(reference_year__isnull=False, ente__isnull=False)
        .filter(Q(format="rendiconto") | Q(format=CAMPAIGN_FORMAT, campaign__state="closed"))
        .select_related("ente")
        .order_by("ente__name", "-reference_year")
    )
    editions = {
        (document.ente.code, document.reference_year): Edition(
            document.ente.code, document.ente.name, document.reference_year
        )
        for document in documents
        if document.ente is not None and document.reference_year is not None
    }
    return list(editions.values())


def _report_years(indicators: Sequence[Indicator], plan: Plan, year: int) -> list[int]:
    """The year columns of the indicator tables: from the first measured year to the mandate's end."""
    measured = [m.year for indicator in indicators for m in indicator.measurement_list]  # type: ignore[attr-defined]
    first = min(measured, default=plan.period_start or year)
    last = max(plan.period_end or year, year)
    return list(range(first, last + 1))


def _mandate_lines(links: list[Link]) -> list[ReportMandateLine]:
    """The programma's table of mandate lines: the group is the line's, the SDGs and PNRR
    missions those the programma's row prints (the link's tags), never another programma's."""
    lines = []
    for link in links:
        if link.kind != Link.Kind.LISTS:
            continue
        line_tags = link.to_item.tag_list  # type: ignore[attr-defined]
        tags = link.row_tag_list  # type: ignore[attr-defined]
        lines.append(
            ReportMandateLine(
                group=next(
                    (
                        t.term.name
                        for t in line_tags
                        if t.term.taxonomy.kind == Taxonomy.Kind.MANDATE_GROUPS
                    ),
                    "",
                ),
                number=link.local_code,
                text=link.to_item.title,
                sdgs=[
                    f"{t.term.code} – {_sdg_printed_name(t.term)}"
                    for t in tags
                    if t.term.taxonomy.code == "sdg"
                ],
                pnrr=[
                    f"MISSIONE {t.term.code.removeprefix('M')}"
                    for t in tags
                    if t.term.taxonomy.code == "pnrr_missioni"
                ],
                sdg_codes=[int(t.term.code) for t in tags if t.term.taxonomy.code == "sdg"],
            )
        )
    lines.sort(key=lambda line: int(line.number) if line.number.isdigit() else 0)
    return lines


def _sdg_printed_name(term: Term) -> str:
    """The SDG's name as the report prints it ("LA VITA SULLA TERRA"), not the reference
    taxonomy's wording ("Vita sulla terra"): `sdg.json` keeps the printed wording as the
    term's first alias, where it differs from the name."""
    return (term.aliases or [term.name])[0].upper()


def _activity(item: PlanItem, links: list[Link], indicators: list[Indicator]) -> ReportActivity:
    responsible = [
        r
        for r in item.responsibility_list  # type: ignore[attr-defined]
        if r.role == Responsibility.Role.RESPONSIBLE
    ]
    references = sorted(
        (link.local_code for link in links if link.kind == Link.Kind.REFERS_TO),
        key=lambda code: (len(code), code),
    )
    return ReportActivity(
        key=item.key,
        references=",".join(references) or NO_REFERENCE,
        letter=item.code,
        impacts=" ".join(
            tag.term.name
            for tag in item.tag_list  # type: ignore[attr-defined]
            if tag.term.taxonomy.code == "impatto"
        ),
        text=item.title,
        # The premessa's rule: an activity concluded by every department moves to "done".
        concluded=bool(responsible)
        and all(r.status is not None and r.status.code == "concluso" for r in responsible),
        rows=_activity_rows(responsible),
        # The codes the activity's row prints; for data imported without them, those of
        # its public-value indicators as their table prints them.
        indicator_codes=" ".join(
            item.indicator_codes
            or [i.code for i in indicators if i.kind == Indicator.Kind.PUBLIC_VALUE and i.code]
        ),
    )


def _department_name(responsibility: Responsibility) -> str:
    """The department as the row prints it, else its unit's name."""
    return responsibility.org_unit_as_printed or responsibility.org_unit.name


def _activity_rows(responsible: list[Responsibility]) -> list[ActivityRow]:
    """One row per printed row: departments read from one cell (the same source line) that
    still share their status and actions are printed together, their actions once; a
    department whose status or actions differ gets its own row."""
    rows: list[ActivityRow] = []
    previous: tuple[object, ...] | None = None
    for responsibility in responsible:
        row = ActivityRow(
            # As the row prints it ("Attività conclusa", 000:1313), read as Concluso for the
            # premessa's rule; the status's name for data entered without a printed form.
            status=responsibility.status_as_printed
            or (responsibility.status.name if responsibility.status else ""),
            departments=[_department_name(responsibility)],
            log=[
                LogLine(format_years(entry), entry.text)
                for entry in responsibility.log_list  # type: ignore[attr-defined]
            ],
        )
        same_cell = (
            responsibility.source_document_id,
            responsibility.source_line,
            row.status,
            [(line.years, line.text) for line in row.log],
        )
        if rows and responsibility.source_line is not None and same_cell == previous:
            rows[-1].departments.append(_department_name(responsibility))
        else:
            rows.append(row)
        previous = same_cell
    return rows


def _indicator_tables(indicators: Sequence[Indicator], years: list[int]) -> list[IndicatorTable]:
    """Group the programma's indicators into the tables they were printed in, in order."""
    tables: list[IndicatorTable] = []
    for indicator in indicators:
        title = indicator.table_title or _default_title(indicator.kind)
        measurements = indicator.measurement_list  # type: ignore[attr-defined]
        series = next((m.series for m in measurements if m.series), "")
        table = (
            tables[-1]
            if tables and tables[-1].title == title and tables[-1].kind == indicator.kind
            else None
        )
        if table is None:
            table = IndicatorTable(
                title=title, kind=indicator.kind, years=years, group_depth=0, rows=[]
            )
            tables.append(table)
        if series:
            if series not in table.series:
                table.series.append(series)
            table.years = sorted(
                {m.year for m in measurements} | set(table.years if table.rows else [])
            )
        table.group_depth = max(table.group_depth, len(indicator.group_path))
        if len(indicator.group_labels) > len(table.group_labels):
            table.group_labels = list(indicator.group_labels)
        table.rows.append(
            ReportIndicator(
                code=indicator.code,
                name=indicator.name.removesuffix(f" — {series}") if series else indicator.name,
                group_path=list(indicator.group_path),
                series=series,
                cells={m.year: m.as_printed for m in measurements},
                values={m.year: m.value for m in measurements},
                value_types={m.year: m.get_value_type_display() for m in measurements},
                notes=indicator.notes,
                formula=indicator.formula,
            )
        )
    return tables


DEFAULT_TABLE_TITLES: dict[str, str] = {
    Indicator.Kind.PUBLIC_VALUE: "INDICATORI DI VALORE PUBBLICO",
    Indicator.Kind.COMMON: "INDICATORI COMUNI PER LE FUNZIONI DI SUPPORTO DELLE AMMINISTRAZIONI PUBBLICHE",
}


def _default_title(kind: str) -> str:
    return DEFAULT_TABLE_TITLES.get(kind, "INDICATORI DI RISULTATO")
