"""The council (sessions, acts, attendance, votes, signatures) and the participatory path of the PSM."""

from __future__ import annotations

from .participation import ConsultationMethod, Recommendation, StrategyEvidence, ThemeProfile
from .session import (
    Attendance,
    Ballot,
    CouncilAct,
    CouncilSession,
    OperativePoint,
    Signature,
)

__all__ = [
    "Attendance",
    "Ballot",
    "ConsultationMethod",
    "CouncilAct",
    "CouncilSession",
    "OperativePoint",
    "Recommendation",
    "Signature",
    "StrategyEvidence",
    "ThemeProfile",
]
