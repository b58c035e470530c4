"""Demo "what matters to me", goals with progress, and direct support on open cases, through the real services."""

import datetime
import random

from django.utils import timezone

from linkwork.casework.services.goals import goal_create, goal_progress_add, what_matters_update
from linkwork.casework.services.support import direct_support_record
from linkwork.core.context import Actor

WHAT_MATTERS = [
    "Getting out of the flat more. Since my husband died I can go a week without talking to anyone.",
    "Being able to walk to the shops without getting out of breath, and sleeping better.",
    "Sorting out the money so I stop dreading the post. I want to feel in control again.",
    "Seeing my grandchildren more and being well enough to look after them on Saturdays.",
    "Feeling useful again. I used to be a joiner and I miss making things with other people.",
]

# (domain, the goal in their words, small steps, progress notes with the status after each)
GOALS = [
    (
        "family_friends",
        "Meet new people at least once a week",
        "Look at the community café timetable\nGo to the Tuesday coffee morning with me once",
        [("Came to the coffee morning and stayed an hour.", "in_progress")],
    ),
    (
        "healthy_lifestyle",
        "Walk to the park and back without stopping",
        "Walk to the end of the street every day\nTry the health walk on Thursday",
        [("Walking to the corner daily now.", "in_progress"), ("Did the whole park loop!", "achieved")],
    ),
    (
        "money",
        "Stop worrying about the gas bill",
        "Gather the last three bills\nBook a benefits check with the welfare rights service",
        [("Bills found; benefits check booked for next week.", "in_progress")],
    ),
    (
        "work_activities",
        "Do something practical with other people",
        "Visit the men's shed open morning",
        [("Went once; not sure it is for him yet.", "partly_achieved")],
    ),
    (
        "feeling_positive",
        "Have more good days than bad days",
        "Write down one good thing each evening",
        [("Says the diary helps most days.", "in_progress")],
    ),
]

DIRECT_SUPPORT = [
    ("benefits", 60, "Helped fill in the Personal Independence Payment form."),
    ("housing", 40, "Phoned the housing association about the damp and booked a repair."),
    ("grants", 25, "Referred to the food bank and arranged a fuel voucher."),
    ("practical", 30, "Set up a bus pass renewal online together."),
]


def seed(*, case, actor: Actor, rng: random.Random) -> None:
    """What matters to the person, two goals with progress and one piece of direct support."""
    if case.goals.exists():
        return  # already seeded
    today = timezone.localdate()
    case.refresh_from_db(fields=["version"])  # other demo steps may have edited the case since it was read
    what_matters_update(
        by=actor, case=case, expected_version=case.version, what_matters=rng.choice(WHAT_MATTERS)
    )
    for domain, description, steps, notes in rng.sample(GOALS, k=2):
        goal = goal_create(
            by=actor,
            case=case,
            domain=domain,
            description=description,
            steps=steps,
            target_date=today + datetime.timedelta(weeks=rng.randint(4, 12)),
        )
        for note, status in notes:
            goal_progress_add(by=actor, goal=goal, note=note, status=status)
    category, minutes, note = rng.choice(DIRECT_SUPPORT)
    opened_on = timezone.localdate(case.opened_at)
    direct_support_record(
        by=actor,
        case=case,
        provided_on=max(opened_on, today - datetime.timedelta(days=rng.randint(0, 14))),
        category=category,
        minutes=minutes,
        note=note,
    )
