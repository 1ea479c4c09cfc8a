"""A `ChartSpec` drawn as inline SVG on the server, for documents printed to PDF.

Chromium prints the HTML as it is when the page has loaded: a chart drawn by a script
could be missing or half-drawn. The SVG is in the HTML itself (no script, no external
file), drawn from the same spec Chart.js draws on the web, its numbers in Italian format;
the chart's data table stays beside it, so nothing is only visual, and the SVG carries a
title naming what it shows.
"""

from __future__ import annotations

import math
import textwrap
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cruscotto.core.charts import ChartKind, ChartSpec, Dataset

WIDTH = 600
FONT_SIZE = 10
LEGEND_HEIGHT = 18
AXIS_HEIGHT = 16
UNPRINTED_LABEL = "(etichetta non stampata)"
# Vertical charts (years along the bottom).
PLOT_HEIGHT = 200
LEFT_MARGIN = 78  # the axis's numbers
RIGHT_MARGIN = 12
# Horizontal bars (survey answers, dashboards): labels on the left, right-aligned.
LABEL_WIDTH = 230
BAR_AREA = 300  # the whole scale spans this width
LABEL_CHARACTERS = 36  # a label wraps beyond this many characters
LINE_HEIGHT = 12
BAR_HEIGHT = 12
BAR_GAP = 2  # between the bars of one label (one per dataset)
ROW_GAP = 8  # between labels
TICK_COUNT = 5


def render_svg(spec: ChartSpec) -> SafeString:
    """Return the chart as an `<svg role="img">` element named by the chart's title."""
    named = len(spec.datasets) > 1
    top = LEGEND_HEIGHT if named else 4
    if spec.kind == ChartKind.BAR and spec.horizontal:
        body, height = _horizontal_bars(spec, top)
    else:
        body, height = _vertical_chart(spec, top + 4)
    legend = _legend(spec) if named else ""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(spec.title)}" font-family="inherit" font-size="{FONT_SIZE}" '
        f'fill="#1a1a1a"><title>{escape(spec.title)}</title>{body}{legend}</svg>'
    )
    # Every text in it went through `escape`.
    return mark_safe(svg)  # noqa: S308


def nice_ticks(low: Decimal, high: Decimal, count: int = TICK_COUNT) -> list[Decimal]:
    """Return round tick values covering [low, high] and zero: 0, 25, 50 … (a step of 1, 2,
    2.5 or 5 × 10ⁿ)."""
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
    return [step * index for index in range(math.floor(low / step), math.ceil(high / step) + 1)]


def _values(datasets: list[Dataset]) -> list[Decimal]:
    return [value for dataset in datasets for value in dataset.values if value is not None]


def _scale(spec: ChartSpec) -> list[Decimal]:
    values = _values(spec.datasets)
    high = spec.scale_max if spec.scale_max is not None else max(values, default=Decimal(1))
    return nice_ticks(min(values, default=Decimal(0)), high)


def _vertical_chart(spec: ChartSpec, top: float) -> tuple[str, float]:
    """Years along the bottom: a line per dataset, or bars side by side; reference levels
    (baseline, target) dashed with hollow points."""
    ticks = _scale(spec)
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
            f'<text x="{LEFT_MARGIN - 6}" y="{y + 3:.1f}" text-anchor="end" fill="#555555">'
            f"{escape(spec.format(tick))}</text>"
        )
    band = plot_width / max(len(spec.labels), 1)
    for index, label in enumerate(spec.labels):
        parts.append(
            f'<text x="{LEFT_MARGIN + (index + 0.5) * band:.1f}" '
            f'y="{top + PLOT_HEIGHT + AXIS_HEIGHT - 2}" text-anchor="middle">{escape(label)}</text>'
        )
    bars = [dataset for dataset in spec.datasets if not dataset.reference]
    bar_width = band * 0.7 / max(len(bars), 1)
    zero = y_of(Decimal(0))
    for dataset, colour in zip(spec.datasets, spec.colours, strict=True):
        points = [
            (LEFT_MARGIN + (index + 0.5) * band, y_of(value), value)
            for index, value in enumerate(dataset.values)
            if value is not None
        ]
        if spec.kind == ChartKind.BAR and not dataset.reference:
            offset = -band * 0.35 + bars.index(dataset) * bar_width
            for x, y, value in points:
                parts.append(
                    f'<rect class="bar" x="{x + offset:.1f}" y="{min(y, zero):.1f}" '
                    f'width="{bar_width:.1f}" height="{abs(zero - y):.1f}" fill="{colour}"/>'
                    f'<text x="{x + offset + bar_width / 2:.1f}" y="{min(y, zero) - 3:.1f}" '
                    f'text-anchor="middle">{escape(spec.format(value))}</text>'
                )
            continue
        dash = ' stroke-dasharray="6 4"' if dataset.reference else ""
        for run in _runs(dataset.values, points):
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
        fill = "#ffffff" if dataset.reference else colour
        for x, y, _value in points:
            parts.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1.5"/>'
            )
    return "".join(parts), top + PLOT_HEIGHT + AXIS_HEIGHT + 4


def _runs(
    values: list[Decimal | None], points: list[tuple[float, float, Decimal]]
) -> list[list[tuple[float, float]]]:
    """The runs of consecutive values: a line is not drawn across a year without a value."""
    runs: list[list[tuple[float, float]]] = [[]]
    remaining = iter(points)
    for value in values:
        if value is None:
            runs.append([])
        else:
            x, y, _ = next(remaining)
            runs[-1].append((x, y))
    return runs


def _horizontal_bars(spec: ChartSpec, top: float) -> tuple[str, float]:
    """One row per label: its bars (one per dataset) and their numbers, on a common scale."""
    ticks = _scale(spec)
    high = ticks[-1]
    count = len(spec.datasets)
    bars_height = count * BAR_HEIGHT + (count - 1) * BAR_GAP
    parts: list[str] = []
    y = top
    for index, label in enumerate(spec.labels):
        lines = textwrap.wrap(label, LABEL_CHARACTERS) or [UNPRINTED_LABEL]
        style = ' font-style="italic"' if not label else ""
        row_height = max(len(lines) * LINE_HEIGHT, bars_height)
        first_line = y + (row_height - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 2
        for number, line in enumerate(lines):
            parts.append(
                f'<text x="{LABEL_WIDTH - 6}" y="{first_line + number * LINE_HEIGHT:.1f}" '
                f'text-anchor="end"{style}>{escape(line)}</text>'
            )
        bar_y = y + (row_height - bars_height) / 2
        for dataset, colour in zip(spec.datasets, spec.colours, strict=True):
            value = dataset.values[index]
            width = 0.0
            if value is not None and value > 0:
                width = float(min(value, high) / high) * BAR_AREA
                parts.append(
                    f'<rect class="bar" x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{width:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 2:.1f}">'
                f"{escape(spec.format(value))}</text>"
            )
            bar_y += BAR_HEIGHT + BAR_GAP
        y += row_height + ROW_GAP
    # The scale first, so that bars and numbers lie over its lines.
    axis = []
    for tick in ticks:
        x = LABEL_WIDTH + float(tick / high) * BAR_AREA
        colour = "#7a7a7a" if tick == 0 else "#dddddd"
        axis.append(
            f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{y - ROW_GAP + 2}" '
            f'stroke="{colour}" stroke-width="0.6"/>'
            f'<text x="{x:.1f}" y="{y + AXIS_HEIGHT - 8}" text-anchor="middle" fill="#555555">'
            f"{escape(spec.format(tick))}</text>"
        )
    return "".join(axis + parts), y + AXIS_HEIGHT


def _legend(spec: ChartSpec) -> str:
    parts = []
    x = float(LABEL_WIDTH if spec.horizontal else LEFT_MARGIN)
    for dataset, colour in zip(spec.datasets, spec.colours, strict=True):
        if dataset.reference:
            parts.append(
                f'<line x1="{x:.1f}" y1="8" x2="{x + 14:.1f}" y2="8" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="4 2"/>'
            )
        else:
            parts.append(f'<rect x="{x:.1f}" y="3" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 18:.1f}" y="12">{escape(dataset.label)}</text>')
        x += 18 + 5.5 * len(dataset.label) + 16
    return "".join(parts)
