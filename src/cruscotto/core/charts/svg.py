"""A `ChartSpec` drawn as inline SVG on the server, for documents printed to PDF.

Chromium prints the HTML as it is when the page has loaded: a chart drawn by a script
could be missing or half-drawn. The SVG is in the HTML itself (no script, no external
file), drawn from the same spec Chart.js draws on the web; its numbers are in Italian
format, and the chart's data table stays beside it in the document.
"""

from __future__ import annotations

import math
import textwrap
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cruscotto.core.charts import COLOURS, ChartKind, ChartSpec, Dataset, format_italian_number

WIDTH = 640
FONT_SIZE = 11
LEGEND_HEIGHT = 22
# Vertical charts (years along the bottom).
PLOT_HEIGHT = 220
LEFT_MARGIN = 78  # the axis's numbers
RIGHT_MARGIN = 12
BOTTOM_MARGIN = 26
# Horizontal bars (dashboards): labels on the left.
LABEL_WIDTH = 250
LABEL_CHARACTERS = 40
LINE_HEIGHT = 13
BAR_HEIGHT = 14
ROW_GAP = 8
VALUE_ROOM = 60  # beyond the longest bar, for its number


def render_svg(spec: ChartSpec) -> SafeString:
    """Return the chart as an `<svg role="img">` element named by the chart's title."""
    if spec.kind == ChartKind.BAR and spec.horizontal:
        body, height = _horizontal_bars(spec)
    else:
        body, height = _vertical_chart(spec)
    legend = _legend(spec.datasets) if len(spec.datasets) > 1 else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(spec.title)}" font-family="inherit" font-size="{FONT_SIZE}" '
        f'fill="#1a1a1a"><title>{escape(spec.title)}</title>{legend}{body}</svg>'
    )
    # Every text in it went through `escape`.
    return mark_safe(svg)  # noqa: S308


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Return round tick values covering [low, high]: 0, 250, 500 … (a step of 1, 2, 2.5 or 5 × 10ⁿ)."""
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    if high == low:
        high = low + 1
    rough = (high - low) / (count - 1)
    magnitude = Decimal(10) ** math.floor(math.log10(rough))
    step = next(
        magnitude * factor
        for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
        if magnitude * factor >= rough
    )
    first = math.floor(low / step)
    last = math.ceil(high / step)
    return [step * index for index in range(first, last + 1)]


def _values(datasets: list[Dataset]) -> list[Decimal]:
    return [value for dataset in datasets for value in dataset.values if value is not None]


def _vertical_chart(spec: ChartSpec) -> tuple[str, float]:
    top = LEGEND_HEIGHT if len(spec.datasets) > 1 else 8
    values = _values(spec.datasets)
    ticks = nice_ticks(
        min(values, default=Decimal(0)), spec.scale_max or max(values, default=Decimal(1))
    )
    low, high = ticks[0], ticks[-1]
    plot_width = WIDTH - LEFT_MARGIN - RIGHT_MARGIN

    def y_of(value: Decimal) -> float:
        return top + PLOT_HEIGHT - float((value - low) / (high - low)) * PLOT_HEIGHT

    parts = []
    for tick in ticks:
        y = y_of(tick)
        colour = "#7a7a7a" if tick == 0 else "#dddddd"
        parts.append(
            f'<line x1="{LEFT_MARGIN}" y1="{y:.1f}" x2="{WIDTH - RIGHT_MARGIN}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="0.6"/>'
            f'<text x="{LEFT_MARGIN - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555555">'
            f"{escape(format_italian_number(tick))}</text>"
        )
    band = plot_width / max(len(spec.labels), 1)
    for index, label in enumerate(spec.labels):
        x = LEFT_MARGIN + (index + 0.5) * band
        parts.append(
            f'<text x="{x:.1f}" y="{top + PLOT_HEIGHT + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    drawn = [dataset for dataset in spec.datasets if not dataset.reference]
    bar_width = band * 0.7 / max(len(drawn), 1)
    for number, dataset in enumerate(spec.datasets):
        colour = COLOURS[number % len(COLOURS)]
        points = [
            (LEFT_MARGIN + (index + 0.5) * band, y_of(value), value)
            for index, value in enumerate(dataset.values)
            if value is not None
        ]
        if spec.kind == ChartKind.BAR and not dataset.reference:
            offset = -band * 0.35 + drawn.index(dataset) * bar_width
            zero = y_of(Decimal(0))
            for x, y, value in points:
                parts.append(
                    f'<rect class="bar" x="{x + offset:.1f}" y="{min(y, zero):.1f}" '
                    f'width="{bar_width:.1f}" height="{abs(zero - y):.1f}" fill="{colour}"/>'
                    f'<text x="{x + offset + bar_width / 2:.1f}" y="{min(y, zero) - 3:.1f}" '
                    f'text-anchor="middle">{escape(spec.format(value))}</text>'
                )
            continue
        dash = ' stroke-dasharray="6 4"' if dataset.reference else ""
        for segment in _segments(dataset.values, points):
            if len(segment) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
        for x, y, _value in points:
            fill = "#ffffff" if dataset.reference else colour
            parts.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1.5"/>'
            )
    return "".join(parts), top + PLOT_HEIGHT + BOTTOM_MARGIN


def _segments(
    values: list[Decimal | None], points: list[tuple[float, float, Decimal]]
) -> list[list[tuple[float, float]]]:
    """The runs of consecutive values: a line is not drawn across a year without a value."""
    segments: list[list[tuple[float, float]]] = [[]]
    remaining = iter(points)
    for value in values:
        if value is None:
            segments.append([])
        else:
            x, y, _ = next(remaining)
            segments[-1].append((x, y))
    return segments


def _horizontal_bars(spec: ChartSpec) -> tuple[str, float]:
    top = LEGEND_HEIGHT if len(spec.datasets) > 1 else 4
    values = _values(spec.datasets)
    ticks = nice_ticks(Decimal(0), spec.scale_max or max(values, default=Decimal(1)))
    high = ticks[-1]
    bar_area = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars_height = len(spec.datasets) * (BAR_HEIGHT + 2) - 2
    parts: list[str] = []
    y: float = top
    for index, label in enumerate(spec.labels):
        lines = textwrap.wrap(label, LABEL_CHARACTERS) or ["—"]
        row_height = max(len(lines) * LINE_HEIGHT, bars_height)
        first_line = y + (row_height - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 3
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{LABEL_WIDTH - 6}" y="{first_line + number * LINE_HEIGHT:.1f}" '
                f'text-anchor="end">{escape(line)}</text>'
            )
        bar_y = y + (row_height - bars_height) / 2
        for number, dataset in enumerate(spec.datasets):
            value = dataset.values[index]
            width = float(max(value, Decimal(0)) / high) * bar_area if value is not None else 0.0
            colour = COLOURS[number % len(COLOURS)]
            if value is not None:
                parts.append(
                    f'<rect class="bar" x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{width:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 3:.1f}">'
                f"{escape(spec.format(value))}</text>"
            )
            bar_y += BAR_HEIGHT + 2
        y += row_height + ROW_GAP
    axis = [
        f'<line x1="{LABEL_WIDTH}" y1="{top - 2}" x2="{LABEL_WIDTH}" y2="{y - ROW_GAP + 2:.1f}" '
        f'stroke="#7a7a7a" stroke-width="0.6"/>'
    ]
    return "".join(axis + parts), y + 4


def _legend(datasets: list[Dataset]) -> str:
    parts = []
    x = 8.0
    for number, dataset in enumerate(datasets):
        colour = COLOURS[number % len(COLOURS)]
        dash = ' stroke-dasharray="4 3"' if dataset.reference else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="9" x2="{x + 18:.1f}" y2="9" stroke="{colour}" '
            f'stroke-width="3"{dash}/><text x="{x + 22:.1f}" y="13">{escape(dataset.label)}</text>'
        )
        x += 22 + 6.5 * len(dataset.label) + 16
    return "".join(parts)
