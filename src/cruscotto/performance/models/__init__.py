"""Models of the performance cycle: assignments with weights, scoring rules, actual values,
scores and their validation."""

from __future__ import annotations

from .assignments import Assignment, StructureManager
from .score_validations import ScoreValidation
from .scoring import ActualValue, ObjectiveDate, Score, ScoringRule

__all__ = [
    "ActualValue",
    "Assignment",
    "ObjectiveDate",
    "Score",
    "ScoreValidation",
    "ScoringRule",
    "StructureManager",
]
