"""Models of the performance cycle: assignments with weights, scoring rules, actual values, scores."""

from __future__ import annotations

from .assignments import Assignment, StructureManager
from .scoring import ActualValue, ObjectiveDate, Score, ScoringRule

__all__ = ["ActualValue", "Assignment", "ObjectiveDate", "Score", "ScoringRule", "StructureManager"]
