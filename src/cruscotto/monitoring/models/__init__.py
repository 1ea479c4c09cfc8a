"""Monitoring of the strategic plan: project details, plan-page layout, the territory survey."""

from __future__ import annotations

from .projects import ActionPlacement, ProjectMention, ProjectProfile
from .survey import OpenAnswer, OpenAnswerLink, Survey, SurveyOption, SurveyQuestion

__all__ = [
    "ActionPlacement",
    "OpenAnswer",
    "OpenAnswerLink",
    "ProjectMention",
    "ProjectProfile",
    "Survey",
    "SurveyOption",
    "SurveyQuestion",
]
