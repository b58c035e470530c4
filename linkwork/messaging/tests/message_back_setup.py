"""Referrals taken through the real services to acceptance, decline and discharge, for the message-back tests.

Sentinel words mark what the person may have kept private: with no consent to share, none of them
may appear in any form of the message.
"""

from django.utils import timezone

from linkwork.accounts.models import Organisation, Role
from linkwork.casework.services.cases import case_discharge, referral_decide_and_open_case
from linkwork.casework.services.goals import goal_create, what_matters_update
from linkwork.casework.services.support import direct_support_record
from linkwork.messaging.models import OutboxMessage
from linkwork.onward.services import onward_referral_send
from linkwork.outcomes.services.responses import MeasureAnswers, measures_record
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_decline,
    referral_submit,
    referral_triage,
)
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import actor_for, born_years_ago, make_organisation, valid_nhs_number

SENTINELS = {
    "needs_details": "SENTINEL-NEEDS-DETAIL",
    "what_matters": "SENTINEL-WHAT-MATTERS",
    "goal": "SENTINEL-GOAL",
    "support_note": "SENTINEL-SUPPORT-NOTE",
    "onward_summary": "SENTINEL-ONWARD-SUMMARY",
    "service": "SENTINEL Walking Service",
    "summary": "SENTINEL-DISCHARGE-SUMMARY",
    "decision_note": "SENTINEL-DECISION-NOTE",
}


def refer(
    world, case_actors, scheme, *, consent_to_share, referrer="referrer", practice="practice_a", **person
):
    details = {
        "nhs_number": valid_nhs_number(),
        "given_name": "Mona",
        "family_name": "Message",
        "date_of_birth": born_years_ago(52),
    } | person
    actor = (
        case_actors["referrer"]
        if referrer == "referrer"
        else actor_for(world.users[referrer], world.organisations[practice], Role.REFERRER)
    )
    referral, _ = referral_submit(
        by=actor,
        scheme=scheme,
        source="gp_practice",
        person_details=details | {"registered_practice": world.organisations[practice]},
        needs=["loneliness", "money_debt"],
        needs_details=SENTINELS["needs_details"],
        consent_to_refer=True,
        consent_to_share=consent_to_share,
        duplicate_decision="new",
    )
    return referral


def reach(world, case_actors, referral):
    """Triage, allocate and reach the person: ready for their decision."""
    lead, worker = case_actors["team_lead"], case_actors["link_worker"]
    referral = referral_triage(by=lead, referral=referral, level="standard")
    referral = referral_allocate(by=lead, referral=referral, link_worker=world.users["link_worker"])
    contact_attempt_record(by=worker, referral=referral, method="phone", outcome="reached")
    return referral


def accept(world, case_actors, scheme, *, consent_to_share=True, **kwargs):
    referral = reach(
        world, case_actors, refer(world, case_actors, scheme, consent_to_share=consent_to_share, **kwargs)
    )
    return referral_decide_and_open_case(by=case_actors["link_worker"], referral=referral, accepted=True)


def person_declines(world, case_actors, scheme, *, consent_to_share=True):
    referral = reach(world, case_actors, refer(world, case_actors, scheme, consent_to_share=consent_to_share))
    referral_decide_and_open_case(
        by=case_actors["link_worker"], referral=referral, accepted=False, note=SENTINELS["decision_note"]
    )
    referral.refresh_from_db()
    return referral


def service_declines(world, case_actors, scheme, *, consent_to_share=True):
    referral = refer(world, case_actors, scheme, consent_to_share=consent_to_share)
    return referral_decline(
        by=case_actors["team_lead"],
        referral=referral,
        reason="crisis",
        redirect_advice="Contact the crisis line on 0800 000 0000",
    )


def support_and_discharge(world, case_actors, case, instruments):
    """A few weeks' support: what matters, a goal, direct help, an onward referral and ONS-style change."""
    worker = case_actors["link_worker"]
    today = timezone.localdate()
    case = what_matters_update(
        by=worker, case=case, expected_version=case.version, what_matters=SENTINELS["what_matters"]
    )
    goal_create(by=worker, case=case, domain="money", description=SENTINELS["goal"])
    direct_support_record(
        by=worker,
        case=case,
        provided_on=today,
        category="benefits",
        minutes=45,
        note=SENTINELS["support_note"],
    )
    record = listing(SENTINELS["service"], organisation_name="Sentinel Walkers")
    service = directory_add(
        record,
        owners={
            str(record["organisation"]["id"]): make_organisation(Organisation.Kind.VCSE, "Sentinel Walkers")
        },
    )[0]
    onward_referral_send(
        by=worker, case=case, service=service, consent=True, summary=SENTINELS["onward_summary"]
    )
    for time_point, occasion, score in (("baseline", 0, 40), ("review", 1, 80)):
        measures_record(
            by=worker,
            case=case,
            time_point=time_point,
            occasion=occasion,
            measures=[MeasureAnswers("health_today", {"health": score})],
            completed_on=today,
        )
    case.refresh_from_db()
    return case_discharge(
        by=worker,
        case=case,
        reason="goals_achieved",
        summary=SENTINELS["summary"],
        expected_version=case.version,
    )


def message_back(kind, referral, channel="in_app"):
    return OutboxMessage.objects.get(dedupe_key=f"message_back:{referral.pk}:{kind}:{channel}")
