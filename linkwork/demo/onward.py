"""Demo onward referrals: each scheme's first open cases referred to its community groups' services,
at every step from waiting for a reply (one overdue) to completed, through the real services."""

import datetime

from django.utils import timezone

from linkwork.accounts.models import Role
from linkwork.casework.models import Case
from linkwork.core.context import Actor
from linkwork.directory.models import Service
from linkwork.directory.vocabulary import ReferralMethod
from linkwork.onward.models import OnwardReferral
from linkwork.onward.services import (
    onward_attendance_record,
    onward_message_send,
    onward_referral_respond,
    onward_referral_send,
)

from . import data

# What happens to each scheme's referrals, in order; the first stays unanswered past its reply date.
JOURNEYS = ["overdue", "requested", "waiting_list", "attending", "completed", "declined"]
SUMMARIES = [
    "Would like to meet people and get out of the house more; mornings suit best.",
    "Worried about bills and a letter about benefits; would like help with the forms.",
    "Cares for her husband and would like time and support for herself.",
    "Keen on gardening and would enjoy being outdoors with others.",
]


def onward_seed() -> int:
    """Seed once: does nothing when any onward referral exists. Returns how many were sent."""
    if OnwardReferral.objects.exists():
        return 0
    sent = 0
    for definition in data.SCHEMES:
        community = [name for name, _postcode in definition["community"]]
        services = list(
            Service.objects.filter(
                referral_method=ReferralMethod.THROUGH_LINKWORK, organisation__owner__name__in=community
            )
            .select_related("organisation__owner")
            .order_by("name")
        )
        # The group with the demo login answers; other groups have no one to answer, so they only wait.
        answering = [service for service in services if service.organisation.owner.name == community[0]]
        waiting = [service for service in services if service not in answering] or answering
        cases = list(
            Case.objects.filter(
                status=Case.Status.OPEN, provider__name__in=[n for n, _ in definition["providers"]]
            )
            .select_related("link_worker", "provider", "person")
            .order_by("opened_at", "pk")[: len(JOURNEYS)]
        )
        for number, (case, journey) in enumerate(zip(cases, JOURNEYS, strict=False)):
            choices = waiting if journey in {"overdue", "requested"} else answering
            if choices:
                _follow(case, choices[number % len(choices)], journey, number)
                sent += 1
    return sent


def _follow(case, service, journey, number):
    worker = Actor(user=case.link_worker, organisation=case.provider, role=Role.LINK_WORKER)
    owner = service.organisation.owner
    coordinator = owner.memberships.filter(role=Role.VCSE_COORDINATOR, is_active=True).first()
    referral = onward_referral_send(
        by=worker, case=case, service=service, consent=True, summary=SUMMARIES[number % len(SUMMARIES)]
    )
    if journey == "overdue":
        OnwardReferral.objects.filter(pk=referral.pk).update(
            respond_by=timezone.localdate() - datetime.timedelta(days=3)
        )
        return
    if journey == "requested" or coordinator is None:
        return
    service_side = Actor(user=coordinator.user, organisation=owner, role=Role.VCSE_COORDINATOR)
    if journey == "declined":
        onward_referral_respond(
            by=service_side,
            referral=referral,
            status="rejected",
            decline_reason="no_capacity",
            reason="The group is full this term",
        )
        return
    if journey == "waiting_list":
        onward_referral_respond(by=service_side, referral=referral, status="on-hold", expected_wait_weeks=6)
        onward_message_send(
            by=service_side, referral=referral, text="We will call as soon as a place comes up."
        )
        return
    onward_referral_respond(by=service_side, referral=referral, status="accepted")
    for _ in range(2 if journey == "attending" else 4):
        onward_attendance_record(by=service_side, referral=referral, attended_on=timezone.localdate())
    if journey == "completed":
        onward_referral_respond(
            by=service_side,
            referral=referral,
            status="completed",
            outcome="Came every week and made friends there",
        )
