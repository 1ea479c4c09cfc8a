"""Charts defined once, in Python, and drawn twice: by Chart.js on the web, as SVG in print.

The library is Chart.js, the one Open SDG uses for the indicator pages of the national SDG
platforms: a public-sector dashboard's trend line, target and data table are what it is
built around, it is well kept (MIT, regular releases, no dependencies but a colour
helper) and it draws on a canvas that we describe to screen readers with the chart's
data table. Services build a `ChartSpec` from the data a page already has; the page
embeds `ChartSpec.as_json()` with `json_script` (data, not code: a Content-Security-Policy
may forbid inline scripts) and `web/charts.js` draws it. Documents printed to PDF use
`cruscotto.core.charts.svg`, the same spec drawn on the server, so that printing never
waits for a script.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

# Intl.NumberFormat('it-IT') shows at most three decimals: the table shows what the tooltip does.
MAX_DECIMALS = 3
# Intl.NumberFormat('it-IT') groups thousands from five digits on ("1234", "12.345").
GROUPING_FROM = Decimal(10000)
# One colour per dataset, the same on the web and in print. The values' colours alternate
# dark and light, so that series stay apart when a page is printed in grey; the levels
# compared with (baseline, target) are dashed lines in colours of their own.
COLOURS = ["#0059b3", "#8fbce6", "#4d4d4d", "#c8c8c8"]
REFERENCE_COLOURS = ["#4d4d4d", "#c05600"]


class ChartKind(StrEnum):
    BAR = "bar"
    LINE = "line"


@dataclass(frozen=True)
class Dataset:
    label: str
    values: list[Decimal | None]  # one per label of the chart; None: no value that year
    # A level to compare the values with (baseline, target): drawn dashed, never as bars.
    reference: bool = False


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    title: str
    labels: list[str]
    datasets: list[Dataset]
    unit: str = ""  # printed after every number: "%", "€", "mq per abitante"
    # Bars along the horizontal axis, labels on the left: for long labels (dashboards).
    horizontal: bool = False
    scale_max: Decimal | None = None  # the value axis's end when fixed: 100 for percentages
    label_heading: str = "Voce"  # the data table's heading of the labels' column
    value_heading: str = "Valore"  # the data table's heading of a chart with one dataset

    def as_json(self) -> dict[str, Any]:
        """Return the spec as `web/charts.js` reads it (numbers as JSON numbers, null for none)."""
        return {
            "kind": str(self.kind),
            "title": self.title,
            "labels": self.labels,
            "unit": self.unit,
            "horizontal": self.horizontal,
            "scaleMax": None if self.scale_max is None else float(self.scale_max),
            "datasets": [
                {
                    "label": dataset.label,
                    "values": [None if value is None else float(value) for value in dataset.values],
                    "reference": dataset.reference,
                    "colour": colour,
                }
                for dataset, colour in zip(self.datasets, self.colours, strict=True)
            ],
        }

    @property
    def colours(self) -> list[str]:
        """Each dataset's colour: values and reference levels each in their own sequence."""
        values = iter(COLOURS * len(self.datasets))
        references = iter(REFERENCE_COLOURS * len(self.datasets))
        return [next(references if d.reference else values) for d in self.datasets]

    @property
    def table_headings(self) -> list[str]:
        """The data table's column headings after the label's: one per dataset."""
        if len(self.datasets) == 1:
            return [self.value_heading]
        return [dataset.label for dataset in self.datasets]

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """The data table: per label, each dataset's value in Italian format ("—" for none).

        The unit is in the column headings, not repeated in every cell."""
        return [
            (
                label,
                [
                    "—" if value is None else format_italian_number(value)
                    for value in (dataset.values[index] for dataset in self.datasets)
                ],
            )
            for index, label in enumerate(self.labels)
        ]

    def format(self, value: Decimal | None) -> str:
        """Return the value in Italian format with the chart's unit: "524.018.883,5 €"."""
        if value is None:
            return "—"
        number = format_italian_number(value)
        return f"{number} {self.unit}" if self.unit else number

    @property
    def has_values(self) -> bool:
        return any(value is not None for dataset in self.datasets for value in dataset.values)


def format_italian_number(value: Decimal | int | float, min_decimals: int = 0) -> str:
    """Return the number as `Intl.NumberFormat('it-IT')` writes it: "12.345,678", "1234", "-3,2".

    At most three decimals, rounded half away from zero as Intl does, trailing zeros dropped
    down to `min_decimals` ("10,0" with 1).
    """
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    number = number.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    number = abs(number)
    integer, _, decimals = f"{number:f}".partition(".")
    decimals = decimals.rstrip("0").ljust(min_decimals, "0")
    if number >= GROUPING_FROM:
        integer = f"{int(integer):,}".replace(",", ".")
    if sign and integer == "0" and not decimals:
        sign = ""  # -0,0001 rounds to 0, not "-0"
    return f"{sign}{integer},{decimals}" if decimals else f"{sign}{integer}"
