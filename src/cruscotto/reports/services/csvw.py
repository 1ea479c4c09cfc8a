"""CSV on the Web (W3C CSVW) metadata of an indicator's series: the open-data CSV described
in JSON-LD, so that a generic tool reads its columns with their types and meanings.

The columns and their descriptions are the data dictionary's (`DATA_DICTIONARY`), the
order the CSV's own (`CSV_COLUMNS`): one description of the file, two formats.
"""

from __future__ import annotations

from typing import Any

from cruscotto.indicators.models import Indicator
from cruscotto.indicators.services import CSV_COLUMNS, stable_indicator_id
from cruscotto.reports.services.opendata import DATA_DICTIONARY, plan_identifier

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
INDICATOR_FILE = "indicatori/<indicator file>.csv"
# The columns that are not text. An empty cell is CSVW's default null: a year or a
# number the document does not give (never a zero).
COLUMN_DATATYPES = {"year": "integer", "value": "decimal", "source_line": "integer"}


def indicator_csv_metadata(indicator: Indicator, csv_url: str) -> dict[str, Any]:
    """The CSVW metadata (JSON-LD) of the indicator's CSV at `csv_url`."""
    described = DATA_DICTIONARY[INDICATOR_FILE]
    return {
        "@context": [CSVW_CONTEXT, {"@language": "it"}],
        "url": csv_url,
        "dc:identifier": stable_indicator_id(indicator),
        "dc:title": indicator.name,
        "dc:publisher": indicator.plan.ente.name,
        "dc:isPartOf": plan_identifier(indicator.plan),
        "dialect": {"header": True, "delimiter": ","},
        "tableSchema": {
            "columns": [
                {
                    "name": column,
                    "titles": column,
                    "dc:description": described[column],
                    "datatype": COLUMN_DATATYPES.get(column, "string"),
                }
                for column in CSV_COLUMNS
            ]
        },
    }
