"""A case for each accepted referral, and its contacts and appointments."""

import datetime
from dataclasses import dataclass

from .synthetic import Weighted

DURATION_WEEKS = {"pcn-link-worker": (6, 24), "wellbeing-coordinator": (4, 12), "ways-to-wellness": (26, 104)}
# Contacts per case relative to the mean: long Ways to Wellness support has more, capped
# wellbeing support fewer (shares 0.45, 0.35, 0.20 keep the overall mean).
CONTACT_FACTOR = {"pcn-link-worker": 1.0, "wellbeing-coordinator": 0.45, "ways-to-wellness": 2.0}
MODES = {
    "pcn-link-worker": Weighted({"face_to_face": 40, "phone": 35, "video": 5, "home_visit": 8, "group": 7, "text": 5}),
    "wellbeing-coordinator": Weighted({"face_to_face": 45, "phone": 40, "video": 10, "email": 5}),
    "ways-to-wellness": Weighted({"face_to_face": 50, "phone": 35, "home_visit": 10, "text": 5}),
}  # fmt: skip
PLACES = {
    "face_to_face": ["gp_practice", "community_centre", "cafe"],
    "home_visit": ["home"],
    "group": ["community_centre"],
}
PAST_ATTENDANCE = Weighted({"attended": 80, "did_not_attend": 10, "cancelled": 10})
DISCHARGE = Weighted(
    {
        "goals_achieved": 40, "moved_on": 20, "disengaged": 15, "limit_reached": 8, "specialist": 5,
        "moved_away": 4, "persons_choice": 7, "deceased": 1,
    }
)  # fmt: skip
WHAT_MATTERS = [
    "Getting out of the house and meeting people again.",
    "Sorting out the debts so I can sleep at night.",
    "Being well enough to play with my grandchildren.",
    "Feeling less on edge and more in control.",
]
CASE_FIELDS = (
    "id", "created_at", "updated_at", "referral", "person", "provider", "link_worker", "status",
    "opened_at", "what_matters", "closed_at", "discharge_reason", "discharge_summary",
)  # fmt: skip
CONTACT_FIELDS = (
    "case",
    "created_at",
    "occurs_at",
    "mode",
    "place",
    "duration_minutes",
    "attendance",
    "recorded_by",
)


@dataclass(frozen=True)
class OpenedCase:
    id: object
    made: object  # the referral's Made
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None


def case_rows(rng, *, made, case_id, now, contacts_mean, out) -> OpenedCase:
    preset = made.scheme.preset
    opened = made.outcome_at
    low, high = DURATION_WEEKS[preset]
    planned_end = opened + datetime.timedelta(weeks=rng.uniform(low, high))
    closed = planned_end if planned_end < now - datetime.timedelta(days=1) else None
    reason = DISCHARGE.pick(rng) if closed else ""
    out["cases"].append(
        (
            case_id, opened, closed or opened, made.referral_id, made.person_id, made.provider,
            made.link_worker, "closed" if closed else "open", opened, rng.choice(WHAT_MATTERS), closed,
            reason, "Summary sent to the GP practice." if closed else "",
        )
    )  # fmt: skip
    _contacts(rng, out, case_id, made, opened, closed or now, closed is None, contacts_mean, planned_end)
    return OpenedCase(case_id, made, opened, closed)


def _contacts(rng, out, case_id, made, opened, end, is_open, contacts_mean, planned_end):
    preset = made.scheme.preset
    mean = contacts_mean * CONTACT_FACTOR[preset]
    share = (end - opened) / (planned_end - opened) if is_open else 1.0
    count = max(1, round(rng.uniform(0.5, 1.5) * mean * share))
    span = end - opened
    for number in range(count):
        moment = opened + span * (number + rng.random()) / count
        out["contacts"].append(_contact(rng, case_id, made, moment, PAST_ATTENDANCE.pick(rng)))
    if is_open and rng.random() < 0.7:
        booked = end + datetime.timedelta(days=rng.uniform(1, 21))
        out["contacts"].append(_contact(rng, case_id, made, booked, "booked", recorded=end))


def _contact(rng, case_id, made, moment, attendance, recorded=None):
    mode = MODES[made.scheme.preset].pick(rng)
    place = rng.choice(PLACES.get(mode, ["remote"]))
    minutes = rng.choice([30, 45, 60, 60, 90]) if attendance == "attended" else None
    return (case_id, recorded or moment, moment, mode, place, minutes, attendance, made.link_worker)
