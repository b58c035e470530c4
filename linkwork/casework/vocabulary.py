"""Coded lists for casework, in Linkwork's own words."""

from django.db import models


class ContactMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    HOME_VISIT = "home_visit", "Home visit"
    GROUP = "group", "Group session"


class ContactPlace(models.TextChoices):
    GP_PRACTICE = "gp_practice", "GP practice"
    COMMUNITY_CENTRE = "community_centre", "Community centre"
    CAFE = "cafe", "Café"
    HOME = "home", "Their home"
    REMOTE = "remote", "Not in person"
    OTHER = "other", "Somewhere else"


class Attendance(models.TextChoices):
    BOOKED = "booked", "Booked"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED = "cancelled", "Cancelled"


# The eight domains of the holistic assessment, each scored 1 (struggling) to 5 (thriving).
ASSESSMENT_DOMAINS = {
    "healthy_lifestyle": "Healthy lifestyle",
    "looking_after_yourself": "Looking after yourself",
    "managing_symptoms": "Managing symptoms",
    "work_activities": "Work, volunteering and activities",
    "money": "Money",
    "where_you_live": "Where you live",
    "family_friends": "Family and friends",
    "feeling_positive": "Feeling positive",
}


class TimePoint(models.TextChoices):
    BASELINE = "baseline", "Start of support"
    REVIEW = "review", "Review"
    EXIT = "exit", "End of support"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    PARTLY_ACHIEVED = "partly_achieved", "Partly achieved"
    NO_LONGER_RELEVANT = "no_longer_relevant", "No longer relevant"


OPEN_GOAL_STATUSES = frozenset({GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS})


class SupportCategory(models.TextChoices):
    BENEFITS = "benefits", "Benefits claim or form"
    HOUSING = "housing", "Housing application or repair"
    DEBT = "debt", "Debt or money advice"
    GRANTS = "grants", "Grant or food bank referral"
    HEALTH_SERVICES = "health_services", "Help with health services or appointments"
    PRACTICAL = "practical", "Practical help (travel, forms, digital)"
    OTHER = "other", "Other direct support"


class RiskKind(models.TextChoices):
    RISK_TO_SELF = "risk_to_self", "Risk to self"
    RISK_TO_OTHERS = "risk_to_others", "Risk to others"
    SAFEGUARDING_ADULT = "safeguarding_adult", "Safeguarding: adult"
    SAFEGUARDING_CHILD = "safeguarding_child", "Safeguarding: child"
    LONE_WORKING = "lone_working", "Lone-working risk for home visits"


class DischargeReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", "Goals achieved"
    MOVED_ON = "moved_on", "Moved on to other support"
    DISENGAGED = "disengaged", "Disengaged"
    MOVED_AWAY = "moved_away", "Moved away"
    SPECIALIST = "specialist", "Referred to a specialist service"
    LIMIT_REACHED = "limit_reached", "Session or time limit reached"
    DECEASED = "deceased", "Died"
    PERSONS_CHOICE = "persons_choice", "The person's choice"


class HandoverKind(models.TextChoices):
    TRANSFER = "transfer", "Transferred to another link worker"
    SECOND_WORKER = "second_worker", "Second worker added"
    SECOND_WORKER_REMOVED = "second_worker_removed", "Second worker removed"
