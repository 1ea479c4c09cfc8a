"""The council (sessions, acts, attendance, votes, signatures) and the participatory path of the PSM."""

from __future__ import annotations

from .participation import (
    PRELIMINARY_PLAN_SUFFIX,
    ConsultationMethod,
    Recommendation,
    StrategyEvidence,
    ThemeProfile,
)
from .session import (
    Attendance,
    Ballot,
    CouncilAct,
    CouncilSession,
    OperativePoint,
    Signature,
)

__all__ = [
    "PRELIMINARY_PLAN_SUFFIX",
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
