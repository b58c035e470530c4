"""People, their referrals, the relationships that let organisations see them, and contact attempts.

Each referral follows the real lifecycle (received, triaged, allocated, contacted, decided) with
times in order; the relationships are the ones `referral_submit` and `referral_allocate` write:
the referrer and every provider of the scheme by referral, the allocating provider by allocation,
and the other providers' links ended when one allocates.
"""

import datetime
from dataclasses import dataclass

from linkwork.accounts.models import Role
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.referrals.vocabulary import SNOMED_REFERRAL_ACCEPTED, SNOMED_REFERRAL_DECLINED, Status

from .organisations import Kind
from .synthetic import Weighted, later

NEEDS = Weighted(
    {
        "loneliness": 20, "low_mood": 20, "confidence": 8, "bereavement": 6, "physical_activity": 8,
        "weight_eating": 5, "long_term_condition": 10, "money_debt": 8, "benefits": 6, "housing": 5,
        "work_learning": 4, "caring": 4, "family_relationships": 4, "other": 2,
    }
)  # fmt: skip
SOURCES = {
    "pcn-link-worker": Weighted({"gp_practice": 75, "health": 8, "social_care": 7, "other_agency": 10}),
    "wellbeing-coordinator": Weighted(
        {"gp_practice": 55, "health": 8, "social_care": 7, "other_agency": 10, "self": 20}
    ),
    "ways-to-wellness": Weighted({"gp_practice": 1}),
}
TRIAGE_WEIGHTS = {"signpost": 15, "light": 40, "standard": 55, "complex": 25}
# Where a referral has reached when it is still open (recent referrals only), and how others end.
OPEN_STAGES = Weighted({"received": 15, "triaged": 15, "allocated": 20, "contacted": 15, "closed": 35})
ENDINGS = Weighted(
    {Status.DECLINED: 5, Status.ACCEPTED: 66, Status.PERSON_DECLINED: 13, Status.UNABLE_TO_CONTACT: 16}
)
OPEN_DAYS = 30
CONDITIONS = ["diabetes_type_2", "copd", "asthma", "coronary_heart_disease", "depression", "anxiety"]
NOTES = [
    "Lives alone since her husband died last year and rarely goes out.",
    "Struggling with money since losing his job; worried about rent.",
    "Frequent attender with low mood; would like to get more active.",
    "Newly diagnosed and finding it hard to manage; keen on a walking group.",
    "Caring full time for her mother and feeling isolated.",
]
REFERRAL_FIELDS = (
    "id", "created_at", "updated_at", "scheme", "person", "source", "referring_organisation",
    "referred_by", "needs", "needs_details", "conditions", "consent_to_refer", "consent_to_share",
    "status", "triage_level", "triaged_at", "triaged_by", "signpost_summary", "decline_reason",
    "redirect_advice", "provider", "link_worker", "allocated_at", "first_contact_at", "outcome_at",
    "snomed_code",
)  # fmt: skip
RELATIONSHIP_FIELDS = ("person", "organisation", "basis", "source", "started_at", "ended_at", "created_at")
ATTEMPT_FIELDS = ("referral", "attempted_at", "method", "outcome", "by", "created_at")


@dataclass(frozen=True)
class Made:
    """What later phases need from one referral."""

    referral_id: object
    person_id: object
    scheme: object
    status: str
    triage_level: str
    referring_organisation: int | None
    referred_by: int | None
    provider: int | None
    link_worker: int | None
    outcome_at: object


def referral_rows(rng, *, region, scheme, person_id, practice, created, now, referral_id, out):
    """Append one referral's rows to `out` (a dict of row lists) and return what later phases need."""
    source = SOURCES[scheme.preset].pick(rng)
    referrer_org, referrer = _referrer(rng, region, source, practice)
    level, status, times = _lifecycle(rng, scheme, created, now)
    provider = link_worker = triaged_by = None
    if times.get("triaged"):
        provider = _provider(rng, region, scheme, practice)
        triaged_by = rng.choice(region.staff[(provider, Role.TEAM_LEAD)])
    if times.get("allocated"):
        link_worker = rng.choice(region.staff[(provider, Role.LINK_WORKER)])
    elif status == Status.TRIAGED:
        provider = None
    needs = sorted({NEEDS.pick(rng) for _ in range(rng.randint(1, 3))})
    conditions = (
        [rng.choice(scheme.conditions or CONDITIONS)] if scheme.conditions or rng.random() < 0.3 else []
    )
    snomed = {Status.ACCEPTED: SNOMED_REFERRAL_ACCEPTED, Status.PERSON_DECLINED: SNOMED_REFERRAL_DECLINED}
    out["referrals"].append(
        (
            referral_id, created, times.get("last", created), scheme.id, person_id, source, referrer_org,
            referrer, needs, rng.choice(NOTES), conditions, True, rng.random() < 0.8, status, level,
            times.get("triaged"), triaged_by,
            "Gave details of local groups and the council's advice line." if status == Status.SIGNPOSTED else "",
            "needs_met_elsewhere" if status == Status.DECLINED else "",
            "Citizens Advice can help with this directly." if status == Status.DECLINED else "",
            provider, link_worker, times.get("allocated"), times.get("reached"), times.get("outcome"),
            snomed.get(status, ""),
        )
    )  # fmt: skip
    _relationships(out, scheme, person_id, referral_id, referrer_org, provider, created, times)
    _attempts(rng, out, referral_id, status, link_worker, times)
    return Made(
        referral_id, person_id, scheme, status, level, referrer_org, referrer, provider, link_worker,
        times.get("outcome"),
    )  # fmt: skip


def _referrer(rng, region, source, practice):
    if source == "self":
        return None, None
    holder = practice if source == "gp_practice" else rng.choice(region.ids(Kind.AGENCY))
    return holder, rng.choice(region.staff[(holder, Role.REFERRER)])


def _provider(rng, region, scheme, practice):
    if scheme.preset == "pcn-link-worker":
        return region.practice_pcn[practice]
    return rng.choice(scheme.providers)


def _lifecycle(rng, scheme, created, now):
    """The triage level, status and the times of each step reached, all before `now`."""
    levels = {level: TRIAGE_WEIGHTS[level] for level in scheme.triage_levels}
    level = Weighted(levels).pick(rng)
    stage = OPEN_STAGES.pick(rng) if now - created < datetime.timedelta(days=OPEN_DAYS) else "closed"
    if stage == "received":
        return "", Status.RECEIVED, {}
    times = {"triaged": later(rng, created, 0.05, 4, now)}
    if level == "signpost" and stage == "closed":
        times["outcome"] = times["last"] = times["triaged"]
        return level, Status.SIGNPOSTED, times
    if level == "signpost":
        level = scheme.triage_levels[-1]
    ending = ENDINGS.pick(rng) if stage == "closed" else None
    if stage == "triaged":
        times["last"] = times["triaged"]
        return level, Status.TRIAGED, times
    if ending == Status.DECLINED:
        times["outcome"] = times["last"] = times["triaged"]
        return level, Status.DECLINED, times
    times["allocated"] = later(rng, times["triaged"], 0.2, 7, now)
    times["last"] = times["allocated"]
    if stage == "allocated":
        return level, Status.ALLOCATED, times
    if ending == Status.UNABLE_TO_CONTACT:
        times["outcome"] = times["last"] = later(rng, times["allocated"], 5, 21, now)
        return level, Status.UNABLE_TO_CONTACT, times
    times["reached"] = times["last"] = later(rng, times["allocated"], 0.2, 10, now)
    if stage == "contacted":
        return level, Status.CONTACTED, times
    times["outcome"] = times["last"] = later(rng, times["reached"], 0, 14, now)
    return level, ending, times


def _relationships(out, scheme, person_id, referral_id, referrer_org, provider, created, times):
    source = f"referrals.referral:{referral_id}"
    holders = dict.fromkeys([referrer_org or scheme.providers[0], *scheme.providers])
    allocated = times.get("allocated")
    for holder in holders:
        ended = allocated if allocated and holder not in (provider, referrer_org) else None
        out["relationships"].append(
            (person_id, holder, RelationshipBasis.REFERRAL, source, created, ended, created)
        )
    if allocated:
        out["relationships"].append(
            (person_id, provider, RelationshipBasis.ALLOCATION, source, allocated, None, allocated)
        )


def _attempts(rng, out, referral_id, status, link_worker, times):
    allocated = times.get("allocated")
    if not allocated:
        return
    end = times.get("reached") or times.get("outcome") or times["last"]
    failures = 3 if status == Status.UNABLE_TO_CONTACT else rng.choice([0, 0, 1, 1, 2])
    for number in range(failures):
        moment = allocated + (end - allocated) * (number + 0.5) / (failures + 1)
        outcome = rng.choice(["no_answer", "no_answer", "message_left"])
        out["attempts"].append((referral_id, moment, "phone", outcome, link_worker, moment))
    if times.get("reached"):
        reached = times["reached"]
        out["attempts"].append((referral_id, reached, "phone", "reached", link_worker, reached))
