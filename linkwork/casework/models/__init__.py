"""Casework models, one module per concern."""

from .assessments import Assessment
from .cases import Case
from .contacts import Contact
from .diary import DiaryFeed
from .goals import Goal, GoalProgress
from .imports import ImportBatch
from .risk import RiskFlag
from .support import DirectSupport
from .team import Handover, SupervisionNote

__all__ = [
    "Assessment",
    "Case",
    "Contact",
    "DiaryFeed",
    "DirectSupport",
    "Goal",
    "GoalProgress",
    "Handover",
    "ImportBatch",
    "RiskFlag",
    "SupervisionNote",
]
