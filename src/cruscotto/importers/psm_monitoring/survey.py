"""Area 2: the survey of the territory (placeholder until the survey parser lands)."""

from __future__ import annotations

from ..records import Diagnostic
from .records import SurveyRecord
from .text import Line


def parse_survey(
    pairs: list[tuple[Line, str]], diagnostics: list[Diagnostic]
) -> SurveyRecord | None:
    return None
