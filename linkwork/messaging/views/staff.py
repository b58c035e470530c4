"""Messaging pages: the administrators' delivery page, staff notifications, a person's opt-outs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError

from .. import rules, selectors, services
from ..forms import OptOutForm, RetryForm, StatusFilterForm


@member_required(rules.can_manage_messages)
@require_GET
def admin_messages(request):
    form = StatusFilterForm(request.GET or None)
    status = (form.cleaned_data["status"] if form.is_valid() else "") or selectors.ATTENTION
    return render(
        request,
        "messaging/admin_messages.jinja",
        {
            "rows": selectors.messages_for_administration(actor=request.actor, status=status),
            "counts": selectors.status_counts(),
            "status": status,
            "title": "Messages",
        },
    )


@member_required(rules.can_manage_messages)
@require_POST
def admin_retry(request):
    form = RetryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a message to retry")
        return redirect("messaging:admin_messages")
    try:
        services.outbox_retry(by=request.actor, message_id=form.cleaned_data["message_id"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The message will be sent again.")
    return redirect("messaging:admin_messages")


@member_required(rules.can_read_notifications)
@require_GET
def notifications(request):
    return render(
        request,
        "messaging/notifications.jinja",
        {"rows": selectors.notifications(actor=request.actor), "title": "Notifications"},
    )


@member_required(rules.can_read_notifications)
@require_POST
def notifications_read(request):
    services.notifications_mark_read(by=request.actor)
    return redirect("messaging:notifications")


@member_required(rules.can_record_opt_out)
@require_http_methods(["GET", "POST"])
def person_opt_outs(request, person_id):
    person, opted_out = selectors.person_for_opt_out(actor=request.actor, person_id=person_id)
    if person is None:
        raise Http404
    form = OptOutForm(
        request.POST if request.method == "POST" else None, initial={"opted_out": sorted(opted_out)}
    )
    if request.method == "POST" and form.is_valid():
        services.contact_opt_out_set(by=request.actor, person=person, channels=form.cleaned_data["opted_out"])
        messages.success(request, "Saved how they want to be contacted.")
        return redirect("messaging:person_opt_outs", person_id=person.pk)
    return render(
        request,
        "messaging/person_opt_outs.jinja",
        {"person": person, "form": form, "title": f"Automatic messages to {person.full_name}"},
    )
