"""The report as text in the layout of the published document converted to text.

This is the layout Cruscotto's own `rendiconto` importer reads (tables as
tab-separated lines, cells of several paragraphs as HTML), so that a report
exported from the database can be imported again: the round trip that proves
the export says everything the database holds.
"""

from __future__ import annotations

from html import escape

from cruscotto.reports.services.controllo_strategico import (
    ActivityRow,
    IndicatorTable,
    ReportActivity,
    ReportProgramma,
    StrategicControlReport,
)

ACTIVITY_HEADER = [
    "Rif linee CC",
    "DUP SeO",
    "Impatto",
    "",  # the to-do column, labelled by the report's year
    "Stato dell'obiettivo",
    "Dipartimento",
    "Azioni e attività effettuate",
    "Codice Indicatore",
]


def render_text(report: StrategicControlReport) -> str:
    lines = _preface(report)
    for programma in report.programmi:
        lines.extend(_programma(report, programma))
    return "\n".join(lines) + "\n"


def _row(cells: list[str]) -> str:
    return "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells)


def _preface(report: StrategicControlReport) -> list[str]:
    if report.front_matter:
        # The document's own cover and premessa, paragraph by paragraph.
        return [line for paragraph in report.front_matter for line in (paragraph, "")]
    start, end = report.mandate
    lines = [
        report.ente.name.upper().replace("CITTÀ", "CITTA'"),
        "",
        "RENDICONTO",
        "",
        str(report.year),
        "",
        f"**{report.title}**",
        "",
        "PIANIFICAZIONE E CONTROLLO STRATEGICO",
        "",
        f"(riferito al periodo {start}-{end})",
        "",
        "PREMESSA",
        "",
        f"ESERCIZIO {report.year}",
        "",
        "Nello schema presente le attività definitivamente realizzate transitano dalla colonna "
        f'"{report.todo_label}" alla colonna "Azioni e attività effettuate".',
        "",
    ]
    if report.groups:
        lines += [report.groups_intro, ""] if report.groups_intro else []
        lines += [
            f"{term.code}. {term.name.upper()} - {term.description}" for term in report.groups
        ]
    return [*lines, ""]


def _programma(report: StrategicControlReport, programma: ReportProgramma) -> list[str]:
    lines = [
        f"MISSIONE {programma.missione_code}: {programma.missione_title}",
        "",
        f"PROGRAMMA {programma.code}: {programma.title}",
        "",
        "UNITÀ ORGANIZZATIVE COINVOLTE: " + " - ".join(programma.org_units),
        "",
        # ";" keeps apart stakeholders whose names hold a comma.
        "STAKEHOLDERS: " + "; ".join(programma.stakeholders),
        "",
        "LINEE PROGRAMMATICHE APPROVATE DAL CONSIGLIO COMUNALE",
        "",
        _row([report.groups_heading, "n°", "Testo", "Obiettivi Agenda 2030", "Missioni PNRR"]),
    ]
    for line in programma.mandate_lines:
        # The SDG icons' alternative text, spelled as the published document spells it.
        sdgs = " ".join(line.sdgs)
        lines.append(_row([line.group, line.number, line.text, sdgs, " ".join(line.pnrr)]))
    lines.append("")
    header = list(ACTIVITY_HEADER)
    header[3] = report.todo_label
    for activity in programma.activities:
        lines += [_row(header), *_activity(activity), ""]
    for table in programma.tables:
        lines += _table(table)
    return lines


def _log_cell(rows_log: list[tuple[str, str]], lead: str = "") -> str:
    paragraphs = [f"<p>{_html_text(lead)}</p>"] if lead else []
    for years, text in rows_log:
        body = _html_text(text)
        paragraphs.append(f"<p>{years} {body}</p>" if years else f"<p>{body}</p>")
    return " ".join(paragraphs)


def _html_text(text: str) -> str:
    """Lines starting with "- " become a list, as in the published cells."""
    parts: list[str] = []
    items: list[str] = []
    for line in text.split("\n"):
        if line.startswith("- "):
            items.append(f"<li>{escape(line[2:], quote=False)}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(escape(line, quote=False))
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "<br>".join(part for part in parts if part)


def _activity(activity: ReportActivity) -> list[str]:
    rows = activity.rows or [ActivityRow(status="", departments=[], log=[])]
    lines = []
    for index, row in enumerate(rows):
        log = [(entry.years, entry.text) for entry in row.log]
        if index == 0:
            done_lead = activity.text if activity.concluded else ""
            lines.append(
                _row(
                    [
                        activity.references,
                        activity.letter,
                        activity.impacts,
                        "" if activity.concluded else _html_text(activity.text),
                        _status_cell(row.status),
                        _department_cell(row.departments),
                        _log_cell(log, done_lead),
                        activity.indicator_codes,
                    ]
                )
            )
        else:
            lines.append(
                _row(
                    [
                        "",
                        "",
                        "",
                        "",
                        _status_cell(row.status),
                        _department_cell(row.departments),
                        _log_cell(log),
                        "",
                    ]
                )
            )
    return lines


def _status_cell(status: str) -> str:
    """A status of several lines, as printed ("Concluso (React)" / "In corso (Pinqua)"), as paragraphs."""
    lines = [line for line in status.split("\n") if line]
    return (
        " ".join(f"<p>{escape(line, quote=False)}</p>" for line in lines)
        if len(lines) > 1
        else status
    )


def _department_cell(names: list[str]) -> str:
    """Each department as a paragraph: the importer never splits a paragraph into the names
    it has seen alone elsewhere ("Risorse Finanziarie" + "Partecipazioni Comunali")."""
    return " ".join(f"<p>{escape(name, quote=False)}</p>" for name in names)


def _table(table: IndicatorTable) -> list[str]:
    lines = [table.title, ""]
    years = [str(year) for year in table.years]
    if table.is_pivot:
        header = ["Descrizione Attività"]
        for series in table.series:
            header += [series] + [""] * (len(years) - 1)
        lines.append(_row(header))
        lines.append(_row([""] + years * len(table.series)))
        for name, cells in table.pivot_rows:
            values = [
                cells.get(series, {}).get(year, "")
                for series in table.series
                for year in table.years
            ]
            lines.append(_row([name, *values]))
        return [*lines, ""]
    if table.kind == "valore_pubblico":
        lines.append(_row(["Codice Indicatore", "Indicatori", *years]))
    elif table.group_depth:
        lines.append(_row([*table.group_headers, "Indicatore", *years]))
    else:
        lines.append(_row(["", *years]))
    for row in table.rows:
        values = [row.cells.get(year, "") for year in table.years]
        if table.kind == "valore_pubblico":
            lines.append(_row([row.code, row.printed_name, *values]))
        else:
            groups = (row.group_path + [""] * table.group_depth)[: table.group_depth]
            lines.append(_row([*groups, row.printed_name, *values]))
    return [*lines, ""]
