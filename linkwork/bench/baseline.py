"""Baseline views for `make bench`: the same rows from the same selector calls, without templates.

Each answers what its page answers with the same queries (and the same audit writes), then writes
one plain line per row instead of rendering the page, so the difference from the page is the cost
of the page itself: forms, presenters, Jinja2 and the NHS.UK frontend markup. Reachable only under
`linkwork.bench.settings`, whose URLconf adds them to the product's.
"""

import datetime
import json

from django.contrib.auth import authenticate
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from linkwork.accounts.access import member_required
from linkwork.accounts.api_auth import actor_for_token
from linkwork.casework import rules
from linkwork.casework.selectors.caseload import caseload_cursor_parse, caseload_page
from linkwork.casework.selectors.cases import booked_contacts, case_open, case_timeline, other_cases
from linkwork.referrals.services import referral_submit
from linkwork.schemes.selectors import scheme_get


def _lines(values) -> HttpResponse:
    return HttpResponse("\n".join(str(value) for value in values), content_type="text/plain; charset=utf-8")


@member_required(rules.can_work_cases)
def caseload_baseline(request):
    page = caseload_page(
        actor=request.actor,
        worker=request.user,
        status="closed" if request.GET.get("status") == "closed" else "open",
        after=caseload_cursor_parse(request.GET.get("after")),
    )
    return _lines(f"{case.pk} {case.opened_at} {case.next_actions}" for case in page.rows)


@member_required(rules.can_work_cases)
def case_baseline(request, case_id):
    header = case_open(actor=request.actor, case_id=case_id)
    if header is None:
        raise Http404
    rows = [header.case.pk, header.case.person, *header.open_flags, *header.warnings]
    rows += list(case_timeline(header.case))
    rows += list(booked_contacts(header.case))
    rows += [case.pk for case in other_cases(actor=request.actor, case=header.case)]
    return _lines(rows)


@csrf_exempt
@require_POST
def login_baseline(request):
    """The password check alone (the Argon2 hash), without the sign-in page, session or second factor."""
    user = authenticate(request, username=request.POST.get("username"), password=request.POST.get("password"))
    return HttpResponse("ok" if user else "no", status=200 if user else 403)


@csrf_exempt
@require_POST
def referral_baseline(request):
    """The referral service behind the API, without the API: the token's actor, the scheme, the submit."""
    actor = actor_for_token(request.headers.get("Authorization", "").removeprefix("Bearer "))
    if actor is None:
        return HttpResponse(status=401)
    body = json.loads(request.body)
    person = body.pop("person")
    person["date_of_birth"] = datetime.date.fromisoformat(person["date_of_birth"])
    scheme = scheme_get(organisation=actor.organisation, slug=body.pop("scheme"))
    referral, created = referral_submit(
        by=actor,
        scheme=scheme,
        source=body.pop("source"),
        person_details=person,
        needs=body.pop("needs"),
        consent_to_refer=body.pop("consent_to_refer"),
        idempotency_key=f"api:{actor.user.pk}:{request.headers['Idempotency-Key']}",
        **body,
    )
    return JsonResponse({"id": str(referral.pk), "status": referral.status}, status=201 if created else 200)
