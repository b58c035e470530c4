"""Builders for the assessment tests: a case opened through the real services, then dated back a year
so assessments can be spread over time (the services date a case's opening "now")."""

import datetime

from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.domains import DOMAINS
from linkwork.casework.models import Assessment, Case
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.services.cases import referral_decide_and_open_case
from linkwork.core.models import AuditEvent
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.schemes.services import scheme_apply_preset
from linkwork.testing.factories import SYSTEM, actor_for, born_years_ago

OPENED_DAYS_AGO = 400


def scheme_for(world, preset="ways-to-wellness"):
    """Ways to Wellness (reviews every 26 weeks) by default, over practice A and provider A."""
    org = world.organisations
    return scheme_apply_preset(
        by=SYSTEM,
        preset=preset,
        commissioner=org["commissioner"],
        providers=[org["provider_a"]],
        practices=[org["practice_a"]],
    )


def actors_for(world):
    org, users = world.organisations, world.users
    return {
        "referrer": actor_for(users["referrer"], org["practice_a"], Role.REFERRER),
        "team_lead": actor_for(users["team_lead"], org["provider_a"], Role.TEAM_LEAD),
        "link_worker": actor_for(users["link_worker"], org["provider_a"], Role.LINK_WORKER),
        "link_worker_b": actor_for(users["link_worker_b"], org["provider_b"], Role.LINK_WORKER),
    }


def case_opened(world, scheme, actors, *, given_name="Ada", days_ago=OPENED_DAYS_AGO) -> Case:
    """Referred, triaged, allocated to provider A's link worker, contacted and accepted."""
    referral, _ = referral_submit(
        by=actors["referrer"],
        scheme=scheme,
        source="gp_practice",
        person_details={
            "given_name": given_name,
            "family_name": "Lovelace",
            "date_of_birth": born_years_ago(58),
        },
        needs=["loneliness"],
        conditions=["copd"],
        consent_to_refer=True,
        duplicate_decision="new",
    )
    referral = referral_triage(by=actors["team_lead"], referral=referral, level=scheme.triage_levels[-1])
    referral = referral_allocate(
        by=actors["team_lead"], referral=referral, link_worker=world.users["link_worker"]
    )
    contact_attempt_record(by=actors["link_worker"], referral=referral, method="phone", outcome="reached")
    case = referral_decide_and_open_case(by=actors["link_worker"], referral=referral, accepted=True)
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - datetime.timedelta(days=days_ago))
    return Case.objects.select_related("referral__scheme").get(pk=case.pk)


def scores(default=3, **overrides) -> dict:
    """All eight domains scored `default`, except those given."""
    return {domain.code: overrides.get(domain.code, default) for domain in DOMAINS}


def days_ago(days) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def record(case, actor, *, on=None, time_point="review", **score_overrides):
    return assessment_record(
        by=actor,
        case=case,
        assessed_on=on or timezone.localdate(),
        time_point=time_point,
        scores=scores(**score_overrides),
    )


def written():
    """How many assessments and assessment audit events exist: what a refused request must not change."""
    return Assessment.objects.count(), AuditEvent.objects.filter(action="assessment.record").count()


def form_data(**overrides):
    """A complete, valid post of the assessment form: a start-of-support assessment today."""
    today = timezone.localdate()
    data = {
        "time_point": "baseline",
        "assessed_on_day": str(today.day),
        "assessed_on_month": str(today.month),
        "assessed_on_year": str(today.year),
        "note": "Keen to get out more.",
    }
    return data | {code: str(score) for code, score in scores().items()} | overrides
