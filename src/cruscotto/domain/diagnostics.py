"""What a parser, a loader or a check says about a document: a line, a severity, a code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the record could not be read; it is not loaded
    WARNING = "warning"  # loaded, but something in it is doubtful or unknown
    INFO = "info"  # a quirk of the document that was handled


@dataclass(frozen=True)
class Diagnostic:
    line: int
    severity: Severity
    code: str  # stable machine name, e.g. "dangling_indicator_code"
    message: str  # Italian or English sentence a person can act on
