"""The public self-referral pages: no login, so the person is the only actor and nothing is shown back."""

import logging

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.core.ratelimit import limit_per_address
from linkwork.schemes.eligibility import describe_criteria
from linkwork.schemes.models import Scheme
from linkwork.schemes.selectors import schemes_taking_self_referrals
from linkwork.schemes.vocabulary import WEEKDAYS

from ..public_forms import SelfReferralForm
from ..services import Ineligible, referral_submit

logger = logging.getLogger(__name__)

limit_submissions = limit_per_address(
    scope="self-referral",
    setting="LINKWORK_SELF_REFERRAL_LIMIT",
    default=10,  # submissions per address per hour
    template="referrals/self_referral_limited.jinja",
)

SELF = "self"
PUBLIC_ACTOR = Actor(user=None, organisation=None, role="self_referral")
# The confirmation page shows the reference from a signed value in its address, so nothing about the
# person is kept in a session and a tampered address shows no reference at all.
REFERENCE_SALT = "linkwork.referrals.self_referral.reference"
REFERENCE_SHOWN_FOR = 24 * 60 * 60  # seconds
UNAVAILABLE = (
    "Sorry, this service cannot take requests online at the moment. "
    "Contact your GP practice to be referred instead."
)


def _self_referral_scheme(slug):
    """An active scheme that accepts self-referral; anything else is not found."""
    scheme = Scheme.objects.active().filter(slug=slug).first()
    if scheme is None or not scheme.accepts_source(SELF):
        raise Http404
    return scheme


def _office_hours(scheme) -> str:
    """Like "Monday to Friday, 09:00 to 17:00"; empty when the scheme has not set its days."""
    days = sorted(scheme.office_days, key=WEEKDAYS.index)
    if not days:
        return ""
    positions = [WEEKDAYS.index(day) for day in days]
    if len(days) > 2 and positions == list(range(positions[0], positions[-1] + 1)):
        when = f"{days[0]} to {days[-1]}"
    else:
        when = ", ".join(days[:-1]) + (" and " if len(days) > 1 else "") + days[-1]
    if scheme.office_opens and scheme.office_closes:
        when += f", {scheme.office_opens} to {scheme.office_closes}"
    return when


@require_GET
def self_referral_index(request):
    """The public front door: every scheme that takes self-referrals, with who it is for."""
    schemes = [(scheme, describe_criteria(scheme)) for scheme in schemes_taking_self_referrals()]
    return render(request, "referrals/self_referral_index.jinja", {"schemes": schemes})


@never_cache
@require_http_methods(["GET", "POST"])
@limit_submissions
def self_referral_form(request, slug):
    scheme = _self_referral_scheme(slug)
    form = SelfReferralForm(request.POST if request.method == "POST" else None, scheme=scheme)
    if form.trap_filled:
        return redirect("self_referral:sent", slug=scheme.slug)
    if form.is_bound and form.is_valid():
        try:
            referral, _ = referral_submit(by=PUBLIC_ACTOR, scheme=scheme, source=SELF, **form.submission())
        except Ineligible:
            form.explain_ineligible()
        except DomainError as error:
            # A scheme set up wrongly (no provider, say): the public cannot fix it, so staff must hear.
            logger.warning("Self-referral to %s refused: %s", scheme.slug, error.message)
            form.add_error(None, UNAVAILABLE)
        else:
            sent = reverse("self_referral:sent", kwargs={"slug": scheme.slug})
            ref = signing.dumps(referral.reference, salt=REFERENCE_SALT)
            return redirect(f"{sent}?{urlencode({'ref': ref})}")
    return render(
        request,
        "referrals/self_referral_form.jinja",
        {
            "scheme": scheme,
            "criteria": describe_criteria(scheme),
            "form": form,
            # The first showing's token is kept through corrections: its timer runs from when the form
            # was first shown, and it is still one submission however often the form is sent back.
            "token": form.token_to_show(),
        },
    )


@never_cache
@require_GET
def self_referral_sent(request, slug):
    scheme = _self_referral_scheme(slug)
    return render(
        request,
        "referrals/self_referral_sent.jinja",
        {
            "scheme": scheme,
            "office_hours": _office_hours(scheme),
            "reference": _shown_reference(request.GET.get("ref", "")),
        },
    )


def _shown_reference(signed: str) -> str:
    try:
        return signing.loads(signed, salt=REFERENCE_SALT, max_age=REFERENCE_SHOWN_FOR) or ""
    except signing.BadSignature:
        return ""
