"""The plan itself: axes, strategies (code, titles, description) and their actions.

Strategy titles come from the indicator tables, where every code sits beside its
sentence-case title; the upper-case titles and descriptions of the plan pages
are matched to them by folded text, so it does not matter on which page, how
many times or in which order the converter printed them.
"""

from __future__ import annotations

from cruscotto.domain.diagnostics import Diagnostic, Severity
from cruscotto.domain.text import fold_text

from .context_indicators import ContextTables
from .plan_pages import PlanPages
from .records import StrategyRecord


def build_strategies(
    pages: PlanPages, tables: ContextTables, diagnostics: list[Diagnostic]
) -> list[StrategyRecord]:
    """Return the strategies named anywhere in the report, ordered by code."""
    first_line: dict[str, int] = {}
    for action in pages.actions:
        first_line.setdefault(action.strategy_code, action.line)
    for line, code in pages.heading_codes:
        first_line.setdefault(code, line)
    for code, (line, _) in tables.strategy_titles.items():
        first_line[code] = min(first_line.get(code, line), line)
    strategies = {
        code: StrategyRecord(line=line, code=code)
        for code, line in sorted(first_line.items(), key=lambda item: code_order(item[0]))
    }
    for code, (_, title) in tables.strategy_titles.items():
        strategies[code].title = title
    by_folded_title = {fold_text(s.title): s for s in strategies.values() if s.title}
    for upper in pages.upper_titles:
        strategy = by_folded_title.get(fold_text(upper.title))
        if strategy is None and upper.heading_code in strategies:
            strategy = strategies[upper.heading_code]
        if strategy is None:
            diagnostics.append(
                Diagnostic(
                    upper.line,
                    Severity.WARNING,
                    "strategy_title_unmatched",
                    f"il titolo «{upper.title[:60]}» non corrisponde a nessuna strategia "
                    "delle tabelle degli indicatori",
                )
            )
            continue
        if not strategy.title_upper:
            strategy.title_upper = upper.title
        if upper.description and not strategy.description:
            strategy.description = upper.description
    for line, text, code in pages.loose_descriptions:
        strategy = strategies.get(code)
        if strategy is not None and not strategy.description:
            strategy.description = text
            diagnostics.append(
                Diagnostic(
                    line,
                    Severity.INFO,
                    "strategy_description_apart",
                    f"descrizione della strategia {code} stampata lontano dal titolo: "
                    "attribuita alla strategia delle azioni che la seguono",
                )
            )
    for strategy in strategies.values():
        report_missing_parts(strategy, diagnostics)
    return list(strategies.values())


def report_missing_parts(strategy: StrategyRecord, diagnostics: list[Diagnostic]) -> None:
    missing = [
        label
        for label, value in [
            ("il titolo (tabelle degli indicatori)", strategy.title),
            ("il titolo in maiuscolo", strategy.title_upper),
            ("la descrizione", strategy.description),
        ]
        if not value
    ]
    if missing:
        diagnostics.append(
            Diagnostic(
                strategy.line,
                Severity.WARNING,
                "strategy_incomplete",
                f"strategia {strategy.code}: manca " + ", ".join(missing),
            )
        )


def code_order(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))
