"""Referrals and cases with known dates for the dashboard tests, made through the real services;
only their timestamps are then moved into the past, so the tests know every wait exactly."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.models import Case, Contact
from linkwork.casework.services.cases import case_discharge
from linkwork.casework.services.contacts import contact_record
from linkwork.onward.models import OnwardEvent, OnwardReferral
from linkwork.onward.services import onward_referral_respond, onward_referral_send
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.referrals.services import referral_decline, referral_submit
from linkwork.testing.cases import open_case_for
from linkwork.testing.directory import directory_add, listing
from linkwork.testing.factories import actor_for, born_years_ago


@dataclass(frozen=True)
class Journey:
    """One referral: received `days_ago`, first reached after `to_contact` days, first session after
    `to_session` more days (None: none yet); missed sessions; discharged or not."""

    days_ago: int = 60
    to_contact: int = 2
    to_session: int | None = 5
    missed: int = 0
    discharged: str = ""
    sex: str = "female"
    postcode: str = "LS1 4AP"


def moment(days_ago: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


def live(world, scheme, case_actors, journeys, family_name="Dash"):
    """Open a case for each journey and give it the dates and sessions the journey describes."""
    worker = case_actors["link_worker"]
    cases = []
    for number, journey in enumerate(journeys):
        case = open_case_for(
            world,
            scheme,
            case_actors,
            given_name=f"Dash{number}",
            family_name=f"{family_name}{number}",
            sex=journey.sex,
            date_of_birth=born_years_ago(30 + number),
            postcode=journey.postcode,
        )
        received = moment(journey.days_ago)
        contacted = received + datetime.timedelta(days=journey.to_contact)
        Referral.objects.filter(pk=case.referral_id).update(created_at=received, first_contact_at=contacted)
        Case.objects.filter(pk=case.pk).update(opened_at=contacted)
        for _ in range(journey.missed):
            contact_record(
                by=worker,
                case=case,
                occurs_at=contacted,
                mode="phone",
                place="remote",
                attendance="did_not_attend",
            )
        if journey.to_session is not None:
            contact_record(
                by=worker,
                case=case,
                occurs_at=contacted + datetime.timedelta(days=journey.to_session),
                mode="face_to_face",
                place="gp_practice",
                attendance="attended",
            )
        if journey.discharged:
            case.refresh_from_db()
            case_discharge(
                by=worker, case=case, reason=journey.discharged, summary="Done", expected_version=case.version
            )
        cases.append(case)
    return cases


def declined_referral(world, scheme, case_actors, reason="not_eligible", family_name="Declined"):
    referral, _ = referral_submit(
        by=case_actors["referrer"],
        scheme=scheme,
        source="health",
        person_details={"given_name": "Dee", "family_name": family_name, "date_of_birth": born_years_ago(40)},
        needs=["housing"],
        consent_to_refer=True,
        duplicate_decision="new",
    )
    return referral_decline(
        by=case_actors["team_lead"], referral=referral, reason=reason, redirect_advice="Try the council"
    )


def team_lead_of_provider_b(world):
    user = world.users["link_worker_b"]
    user.memberships.update(role=Role.TEAM_LEAD)
    return actor_for(user, world.organisations["provider_b"], Role.TEAM_LEAD), user


def register_everyone_with(practice):
    Person.objects.update(registered_practice=practice)


def first_session_waits(cases):
    """Days from referral to first attended session, read back from the rows the tests made."""
    waits = []
    for case in cases:
        referral = Referral.objects.get(pk=case.referral_id)
        first = Contact.objects.filter(case=case, attendance="attended").order_by("occurs_at").first()
        if first:
            waits.append((first.occurs_at - referral.created_at).total_seconds() / 86400)
    return waits


LISTINGS = "Dashboard listings"


def vcse_services(world):
    """A walking group taking people, and a debt advice service with no room, both kept by VCSE A."""
    walking = listing("Dash walking group", categories=("physical_activity",), organisation_name=LISTINGS)
    debt = listing(
        "Dash debt advice",
        categories=("debt_money",),
        capacity_status="no_capacity",
        organisation_name=LISTINGS,
    )
    return directory_add(
        walking, debt, owners={str(walking["organisation"]["id"]): world.organisations["vcse_a"]}
    )


def vcse_actor(world):
    return actor_for(world.users["vcse_coordinator"], world.organisations["vcse_a"], Role.VCSE_COORDINATOR)


def send_onward(
    case, service, case_actors, world, *, answer="", reason="", decline_reason="", days_to_answer=0
):
    """Send an onward referral from the case and, if `answer`, have the service answer it
    `days_to_answer` days after it was sent."""
    onward = onward_referral_send(
        by=case_actors["link_worker"], case=case, service=service, consent=True, summary="Would like to go"
    )
    if answer:
        onward = onward_referral_respond(
            by=vcse_actor(world),
            referral=onward,
            status=answer,
            reason=reason,
            decline_reason=decline_reason,
            expected_wait_weeks=4 if answer == "on-hold" else None,
        )
        answered = OnwardEvent.objects.filter(referral=onward, kind="status").latest("created_at").created_at
        OnwardReferral.objects.filter(pk=onward.pk).update(
            created_at=answered - datetime.timedelta(days=days_to_answer)
        )
    return onward
