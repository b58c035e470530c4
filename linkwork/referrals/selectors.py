"""Reads of referrals, always through the organisation scope; opening a referral is audited."""

from django.core.paginator import Paginator
from django.urls import reverse

from linkwork.accounts.models import Role
from linkwork.core.services import audit_record
from linkwork.people.extensions import PersonLink

from . import rules
from .models import Referral
from .references import normalise_reference
from .vocabulary import Status

PAGE_SIZE = 25
_LIST_RELATED = ("person", "scheme", "referring_organisation", "link_worker", "provider")


def referrals_made_page(*, actor, page_number):
    """The referrals the actor's organisation made, newest first."""
    referrals = (
        Referral.objects.visible_to(actor)
        .filter(referring_organisation_id=actor.organisation_id)
        .select_related(*_LIST_RELATED)
        .order_by("-created_at", "id")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(page_number)
    _audit_list(actor, "referral.list", page)
    return page


def referrals_allocated_to(*, actor):
    """Open referrals allocated to the actor, waiting for contact or the person's decision."""
    referrals = list(
        Referral.objects.visible_to(actor)
        .filter(
            link_worker=actor.user,
            provider_id=actor.organisation_id,
            status__in=[Status.ALLOCATED, Status.CONTACTED],
        )
        .select_related(*_LIST_RELATED)
        .order_by("allocated_at", "id")
    )
    _audit_list(actor, "referral.list", referrals)
    return referrals


def triage_queue(*, actor):
    """New and triaged-but-unallocated referrals for the actor's provider: riskiest, then oldest, first."""
    referrals = list(
        Referral.objects.visible_to(actor)
        .filter(status__in=[Status.RECEIVED, Status.TRIAGED], scheme__providers=actor.organisation_id)
        .select_related(*_LIST_RELATED)
        .riskiest_first()
    )
    _audit_list(actor, "referral.triage_queue", referrals)
    return referrals


def referral_open(*, actor, referral_id):
    """The referral with its person, or None if out of scope; every attempt is audited."""
    referral = (
        Referral.objects.visible_to(actor)
        .filter(pk=referral_id)
        .select_related(*_LIST_RELATED, "person__registered_practice", "triaged_by")
        .first()
    )
    if referral is None:
        audit_record(actor=actor, action="referral.view", details={"referral": str(referral_id)}, denied=True)
        return None
    audit_record(actor=actor, action="referral.view", target=referral, person_id=referral.person_id)
    return referral


def contact_attempts(*, referral):
    return list(referral.contact_attempts.select_related("by").order_by("attempted_at", "id"))


def is_provider_staff(actor, referral):
    return actor.role in {Role.LINK_WORKER, Role.TEAM_LEAD} and (
        referral.provider_id == actor.organisation_id
        or (
            referral.provider_id is None
            and referral.scheme.providers.filter(pk=actor.organisation_id).exists()
        )
    )


def _audit_list(actor, action, referrals):
    audit_record(
        actor=actor,
        action=action,
        details={"referrals": [str(referral.pk) for referral in referrals]},
    )


def person_referral_links(actor, person):
    """The person's referrals the actor may see, for the person's page (one query)."""
    if not rules.can_see_referral_lists(actor):
        return "Referrals", []
    referrals = (
        Referral.objects.visible_to(actor)
        .filter(person=person)
        .select_related("scheme")
        .order_by("-created_at")
    )
    return "Referrals", [
        PersonLink(
            referral.scheme.name,
            reverse("referrals:detail", kwargs={"referral_id": referral.pk}),
            when=referral.created_at,
            when_word="received",
            detail=referral.get_status_display(),
        )
        for referral in referrals
    ]


def referral_find_by_reference(*, actor, text):
    """(the reference as stored, the referral or None) for what someone typed; None, None if it is no
    reference at all. Only referrals in the actor's scope are found; every search is audited."""
    reference = normalise_reference(text)
    if reference is None:
        return None, None
    referral = Referral.objects.visible_to(actor).filter(reference=reference).first()
    if referral is None:
        audit_record(actor=actor, action="referral.find", details={"reference": reference}, denied=True)
    else:
        audit_record(
            actor=actor,
            action="referral.find",
            target=referral,
            person_id=referral.person_id,
            details={"reference": reference},
        )
    return reference, referral
