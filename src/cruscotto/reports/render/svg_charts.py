"""Horizontal bar charts as inline SVG, drawn on the server from the data.

Documents are printed to PDF by a browser, so a chart must be in the HTML
itself: no script, no external file. Every chart of a document is followed by
a table of the same figures, so nothing is only visual; the SVG carries a
title naming what it shows.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH = 600
LABEL_WIDTH = 230  # the option labels, right-aligned against the axis
BAR_AREA = 300  # 100% spans this width
LABEL_CHARACTERS = 36  # a label wraps beyond this many characters
LINE_HEIGHT = 12
BAR_HEIGHT = 12
BAR_GAP = 2  # between the bars of one option (one per series)
ROW_GAP = 8  # between options
LEGEND_HEIGHT = 18
AXIS_HEIGHT = 16
FONT_SIZE = 10
# Dark and light: the series stay apart when the page is printed in grey.
SERIES_COLOURS = ["#0059b3", "#8fbce6", "#4d4d4d", "#c8c8c8"]
MISSING_LABEL = "(etichetta non stampata)"


@dataclass(frozen=True)
class BarSeries:
    name: str  # "" when the chart has one series
    percents: list[Decimal | None]  # per label; None draws no bar
    printed: list[str]  # per label, the value as printed beside the bar: "45%", "-"


def horizontal_bar_chart(title: str, labels: list[str], series: list[BarSeries]) -> str:
    """Return an SVG element drawing one bar per label and series, 0-100% on a common scale."""
    named = len(series) > 1 or any(s.name for s in series)
    wrapped = [textwrap.wrap(label, LABEL_CHARACTERS) or [MISSING_LABEL] for label in labels]
    bars_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    top = LEGEND_HEIGHT if named else 4
    parts: list[str] = []
    y = top
    for index, lines in enumerate(wrapped):
        row_height = max(len(lines) * LINE_HEIGHT, bars_height)
        style = ' font-style="italic"' if not labels[index] else ""
        first_line = y + (row_height - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 2
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{LABEL_WIDTH - 6}" y="{first_line + number * LINE_HEIGHT:.1f}" '
                f'text-anchor="end"{style}>{escape(line)}</text>'
            )
        bar_y = y + (row_height - bars_height) / 2
        for series_index, one in enumerate(series):
            percent = one.percents[index]
            width = _bar_width(percent)
            colour = SERIES_COLOURS[series_index % len(SERIES_COLOURS)]
            if width:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{width:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 2:.1f}">'
                f"{escape(one.printed[index] or '')}</text>"
            )
            bar_y += BAR_HEIGHT + BAR_GAP
        y += row_height + ROW_GAP
    # The scale first, so that bars and values lie over its lines.
    parts = _axis(top, y) + parts + (_legend(series) if named else [])
    height = y + AXIS_HEIGHT
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'font-family="inherit" font-size="{FONT_SIZE}" fill="#1a1a1a">'
        f"<title>{escape(title)}</title>" + "".join(parts) + "</svg>"
    )


def _bar_width(percent: Decimal | None) -> float:
    if percent is None or percent <= 0:
        return 0.0
    return float(min(percent, Decimal(100))) / 100 * BAR_AREA


def _axis(top: float, bottom: float) -> list[str]:
    """The scale: the axis line, light lines at 25% steps, their labels under the bars."""
    parts = []
    for step in range(0, 101, 25):
        x = LABEL_WIDTH + step / 100 * BAR_AREA
        colour = "#7a7a7a" if step == 0 else "#dddddd"
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{bottom - ROW_GAP + 2}" '
            f'stroke="{colour}" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + AXIS_HEIGHT - 8}" text-anchor="middle" '
            f'fill="#555555">{step}%</text>'
        )
    return parts


def _legend(series: list[BarSeries]) -> list[str]:
    parts = []
    x = LABEL_WIDTH
    for index, one in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x}" y="3" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="12">{escape(one.name)}</text>')
        x += 14 + 7 * len(one.name) + 20
    return parts
