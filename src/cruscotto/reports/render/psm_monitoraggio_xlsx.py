"""The monitoring of the PSM as a workbook: one sheet per table kind, one row per record.

Axis and strategy are on every row so that each sheet can be filtered and
pivoted; values are as printed, with the number beside them where there is one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cruscotto.core.xlsx import Sheet, workbook_bytes

if TYPE_CHECKING:  # the services module defines the kind with this renderer
    from cruscotto.reports.services.psm_monitoraggio import (
        ImplementationSummary,
        PsmMonitoringReport,
    )

SHEETS: dict[str, list[str]] = {
    "Documento": ["Voce", "Valore"],
    "Attuazione": [
        "Livello", "Asse", "Strategia", "Titolo", "Azioni", "Con progetti", "In grigio",
        "Non attribuibili", "Quota con progetti (min)", "Quota con progetti (max)", "Progetti",
        "Citazioni nelle risposte aperte", "Indicatori di contesto",
    ],
    "Azioni": ["Asse", "Strategia", "Azione", "Testo", "Attuazione", "Progetti collegati", "Citazioni nelle risposte aperte"],
    "Progetti": ["Asse", "Strategia", "Progetto", "Descrizione", "Azioni", "Programmi di finanziamento", "Misure PNRR", "Link"],
    "Indagine - domande chiuse": [
        "Sezione", "Domanda", "Testo della domanda", "Target", "Base (casi)", "Più risposte",
        "Opzione", "Risposta", "Percentuale come stampata", "Percentuale",
    ],
    "Indagine - risposte aperte": [
        "Sezione", "Domanda", "Testo della domanda", "Target", "Risposta", "Testo della risposta",
        "Strategie citate", "Azioni citate",
    ],
    "Indicatori di contesto": [
        "Asse", "Strategia", "Indicatore", "Descrizione", "Fonte", "Valore come stampato", "Valore",
        "Unità", "Anno", "Livello territoriale",
    ],
}  # fmt: skip
WIDE_COLUMNS = {"Testo", "Descrizione", "Testo della domanda", "Testo della risposta", "Titolo"}
SHARE_FORMAT = "0.0%"


def render_psm_monitoring_xlsx(report: PsmMonitoringReport) -> bytes:
    sheets = {
        title: Sheet(
            title,
            header,
            column_widths=[70 if column in WIDE_COLUMNS else 16 for column in header],
            wrap_rows=True,
        )
        for title, header in SHEETS.items()
    }
    # The shares of actions with projects, in the summary rows.
    sheets["Attuazione"].column_formats = {9: SHARE_FORMAT, 10: SHARE_FORMAT}
    write_document(sheets["Documento"], report)
    for axis in report.axes:
        write_summary(sheets["Attuazione"], "asse", axis.code, "", axis.summary)
        for strategy in axis.strategies:
            write_summary(
                sheets["Attuazione"], "strategia", axis.code, strategy.code, strategy.summary
            )
            for action in strategy.actions:
                sheets["Azioni"].append(
                    [
                        axis.code, strategy.code, action.code, action.text, action.implementation_label,
                        action.projects, action.open_answer_mentions,
                    ]
                )  # fmt: skip
            for project in strategy.projects:
                sheets["Progetti"].append(
                    [
                        axis.code, strategy.code, project.name, "\n".join(project.texts),
                        ", ".join(project.action_codes), ", ".join(project.funding_programmes),
                        ", ".join(project.pnrr_measures), "\n".join(project.urls),
                    ]
                )  # fmt: skip
        for indicator in axis.indicators:
            sheets["Indicatori di contesto"].append(
                [
                    axis.code, indicator.strategy_code, indicator.name, indicator.description, indicator.source,
                    indicator.value_as_printed, indicator.value, indicator.unit, indicator.year,
                    indicator.territorial_level,
                ]
            )  # fmt: skip
    write_summary(sheets["Attuazione"], "totale", "", "", report.total)
    for section in report.survey.sections if report.survey else []:
        for chart in section.charts:
            # One question per series: the zone table is one figure of two questions.
            for key, series in zip(chart.keys, chart.series, strict=True):
                for number, label in enumerate(chart.labels, start=1):
                    sheets["Indagine - domande chiuse"].append(
                        [
                            section.number, key, chart.title, series.name or chart.respondents, series.base,
                            "sì" if chart.multiple_answers else "no", number, label,
                            series.values_as_printed[number - 1], series.percents[number - 1],
                        ]
                    )  # fmt: skip
        for question in section.open_questions:
            for number, answer in enumerate(question.answers, start=1):
                sheets["Indagine - risposte aperte"].append(
                    [
                        section.number, question.key, question.title, question.respondents, number,
                        answer.text, ", ".join(answer.strategy_codes), ", ".join(answer.action_codes),
                    ]
                )  # fmt: skip
    return workbook_bytes(sheets.values())


def write_document(sheet: Sheet, report: PsmMonitoringReport) -> None:
    rows: list[tuple[str, Any]] = [
        ("Ente", report.ente_name),
        ("Documento", report.title),
        ("Piano", report.plan_title),
        ("Periodo del piano", report.period_label),
        ("Anno monitorato", report.year),
        ("Dati importati da", report.source_file),
    ]
    if report.survey:
        rows += [
            ("Indagine", report.survey.title),
            ("Anno dell'indagine", report.survey.year),
            ("Piattaforma", report.survey.platform),
            ("Sindaci invitati", report.survey.invited_mayors),
        ]
    for row in rows:
        sheet.append(list(row))


def write_summary(
    sheet: Sheet, level: str, axis: str, strategy: str, summary: ImplementationSummary
) -> None:
    sheet.append(
        [
            level, axis, strategy, summary.title, summary.actions, summary.with_projects,
            summary.grey if summary.grey_determinable else summary.grey_label,
            summary.not_attributable, summary.share_min, summary.share_max, summary.projects,
            summary.open_answer_mentions, summary.context_indicators,
        ]
    )  # fmt: skip
