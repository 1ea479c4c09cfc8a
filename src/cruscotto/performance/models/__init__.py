"""Models of the performance cycle: assignments with weights, scoring rules, actual values, scores."""

from __future__ import annotations

from .assignments import Assignment, StructureManager
from .scoring import ActualValue, Score, ScoringRule

__all__ = ["ActualValue", "Assignment", "Score", "ScoringRule", "StructureManager"]
