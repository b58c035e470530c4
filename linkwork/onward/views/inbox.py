"""The receiving service's inbox: answer referrals, record sessions attended and how it went."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError

from .. import rules
from ..forms import AttendanceForm, MessageForm, RespondForm
from ..selectors import inbox, inbox_referral
from ..services import onward_attendance_record, onward_message_send, onward_referral_respond
from ..vocabulary import OnwardStatus

# Sessions are recorded once the service has taken the person on, never before it has accepted.
SESSION_STATUSES = frozenset({OnwardStatus.ACCEPTED, OnwardStatus.IN_PROGRESS})


@never_cache
@member_required(rules.can_use_inbox)
@require_GET
def inbox_list(request):
    waiting_only = request.GET.get("show") != "all"
    return render(
        request,
        "onward/inbox.jinja",
        {"rows": inbox(actor=request.actor, waiting_only=waiting_only), "waiting_only": waiting_only},
    )


@never_cache
@member_required(rules.can_use_inbox)
@require_GET
def inbox_detail(request, onward_id):
    referral, person = _opened(request, onward_id)
    return render(
        request,
        "onward/inbox_detail.jinja",
        {
            "referral": referral,
            "person": person,
            "respond_form": RespondForm(current_status=referral.status),
            "can_record_sessions": referral.status in SESSION_STATUSES,
            "attendance_form": AttendanceForm(),
            "message_form": MessageForm(),
        },
    )


@never_cache
@member_required(rules.can_use_inbox)
@require_POST
def respond(request, onward_id):
    referral, _ = _opened(request, onward_id)
    form = RespondForm(request.POST, current_status=referral.status)
    _act(
        request,
        form,
        lambda data: onward_referral_respond(by=request.actor, referral=referral, **form.service_arguments()),
        "Referral updated.",
    )
    return redirect("onward:inbox_detail", onward_id=referral.pk)


@never_cache
@member_required(rules.can_use_inbox)
@require_POST
def attendance(request, onward_id):
    referral, _ = _opened(request, onward_id)
    form = AttendanceForm(request.POST)
    _act(
        request,
        form,
        lambda data: onward_attendance_record(by=request.actor, referral=referral, **data),
        "Session recorded.",
    )
    return redirect("onward:inbox_detail", onward_id=referral.pk)


@never_cache
@member_required(rules.can_use_inbox)
@require_POST
def message(request, onward_id):
    referral, _ = _opened(request, onward_id)
    form = MessageForm(request.POST)
    _act(
        request,
        form,
        lambda data: onward_message_send(by=request.actor, referral=referral, **data),
        "Message sent.",
    )
    return redirect("onward:inbox_detail", onward_id=referral.pk)


def _opened(request, onward_id):
    found = inbox_referral(actor=request.actor, onward_id=onward_id)
    if found is None:
        raise Http404
    return found


def _act(request, form, action, success):
    """Run the service with the form's data; its refusal, or the form's first error, becomes a message."""
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return
    try:
        action(form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
