"""The diary: a link worker's appointments by day or week, the team's for a team lead, moving and
cancelling an appointment, and a private calendar feed to subscribe to."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError
from linkwork.core.submit import submit

from .. import rules
from ..forms.cases import AppointmentMoveForm
from ..ical import diary_calendar
from ..selectors.caseload import team_workers
from ..selectors.diary import diary_appointment, diary_days, diary_feed_live, diary_feed_open, week_start
from ..services.contacts import appointment_move, contact_mark
from ..services.diary import diary_feed_issue, diary_feed_revoke
from ..vocabulary import Attendance


def _shown_period(request):
    """The day asked for and whether to show that day or its week (Monday to Sunday). With no day asked
    for, the seven days from today, so a weekend still opens on the appointments ahead."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    if request.GET.get("view") == "day":
        return day or timezone.localdate(), 1, "day"
    return (week_start(day) if day else timezone.localdate()), 7, "week"


def _render_diary(request, *, workers, team):
    start, days, view = _shown_period(request)
    step = datetime.timedelta(days=days)
    return render(
        request,
        "casework/diary/diary.jinja",
        {
            "days": diary_days(actor=request.actor, workers=workers, start=start, days=days),
            "view": view,
            "start": start,
            "previous": start - step,
            "next": start + step,
            "today": timezone.localdate(),
            "team": team,
            "can_lead": rules.can_lead(request.actor),
        },
    )


@member_required(rules.can_work_cases)
@require_GET
def diary(request):
    return _render_diary(request, workers=[request.user], team=False)


@member_required(rules.can_lead)
@require_GET
def team_diary(request):
    return _render_diary(request, workers=list(team_workers(actor=request.actor).values()), team=True)


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def appointment_move_view(request, case_id, contact_id):
    contact = diary_appointment(actor=request.actor, case_id=case_id, contact_id=contact_id)
    if contact is None:
        raise Http404
    local = timezone.localtime(contact.occurs_at)
    form = AppointmentMoveForm(
        request.POST if request.method == "POST" else None,
        initial={"day": local.date(), "time": local.strftime("%H:%M"), "version": contact.version},
    )

    def show_the_time_now(stale):
        form.add_error(None, f"{stale.message} It is now {_when(stale.current.occurs_at)}.")

    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: appointment_move(
                by=request.actor,
                contact=contact,
                occurs_at=data["occurs_at"],
                expected_version=data["version"],
            ),
            done=lambda moved: f"Appointment moved to {_when(moved.occurs_at)}.",
            then=lambda moved: _diary_on(moved.occurs_at),
            on_stale=show_the_time_now,
        )
    ):
        return done
    return render(
        request,
        "casework/diary/move.jinja",
        {
            "contact": contact,
            "form": form,
            "movable": contact.attendance == Attendance.BOOKED,
            "back": _diary_on(contact.occurs_at),
        },
    )


@member_required(rules.can_work_cases)
@require_POST
def appointment_cancel(request, case_id, contact_id):
    contact = diary_appointment(actor=request.actor, case_id=case_id, contact_id=contact_id)
    if contact is None:
        raise Http404
    try:
        contact_mark(
            by=request.actor,
            contact=contact,
            attendance=Attendance.CANCELLED,
            expected_version=_int(request.POST.get("version")),
            note=request.POST.get("note", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Appointment on {_when(contact.occurs_at)} cancelled.")
    return redirect(_diary_on(contact.occurs_at))


@member_required(rules.can_work_cases)
@require_http_methods(["GET", "POST"])
def diary_feed_manage(request):
    """Issue, replace or revoke the private calendar address; a new address is shown once."""
    address = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            diary_feed_revoke(by=request.actor)
            messages.success(request, "Your calendar address no longer works.")
            return redirect("casework:diary_feed_manage")
        token = diary_feed_issue(by=request.actor)
        address = settings.LINKWORK_BASE_URL + reverse("casework:diary_feed", kwargs={"token": token})
    return render(
        request,
        "casework/diary/feed.jinja",
        {"address": address, "live": diary_feed_live(actor=request.actor)},
    )


@require_GET
def diary_feed(request, token):
    """The private calendar: no login, the secret in the address is the key."""
    appointments = diary_feed_open(token=token)
    if appointments is None:
        raise Http404
    calendar = diary_calendar(
        appointments,
        base_url=settings.LINKWORK_BASE_URL,
        case_url=lambda case: reverse("casework:case", kwargs={"case_id": case.pk}),
        name="Linkwork appointments",
        stamp=timezone.now(),
    )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _when(value):
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def _diary_on(value):
    return f"{reverse('casework:diary')}?day={timezone.localdate(value).isoformat()}"


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
