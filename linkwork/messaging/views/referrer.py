"""Referrers' pages: the messages back about their organisation's referrals, as a page, a PDF and JSON."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from linkwork.accounts.access import member_required
from linkwork.referrals.rules import can_refer

from ..letters import letter_filename, letter_pdf, readable, uk_day
from ..message_back import message_back_mark_read
from ..referrer_selectors import referrer_inbox, referrer_message


@member_required(can_refer)
@require_GET
def inbox(request):
    return render(
        request, "messaging/referrer/inbox.jinja", {"messages_back": referrer_inbox(actor=request.actor)}
    )


@member_required(can_refer)
@require_GET
def detail(request, message_id):
    message = _message(request, message_id, "view")
    was_new = message.read_at is None
    message_back_mark_read(by=request.actor, message=message)
    return render(
        request,
        "messaging/referrer/detail.jinja",
        {"message": message, "document": readable(message.payload), "was_new": was_new},
    )


@member_required(can_refer)
@require_GET
def letter(request, message_id):
    message = _message(request, message_id, "letter")
    pdf = letter_pdf(message.payload, sent_on=uk_day(message.created_at))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(message)}"'
    return response


@member_required(can_refer)
@require_GET
def document(request, message_id):
    message = _message(request, message_id, "document")
    response = HttpResponse(json.dumps(message.payload, indent=2), content_type="application/json")
    filename = letter_filename(message).removesuffix(".pdf") + ".json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _message(request, message_id, purpose):
    message = referrer_message(actor=request.actor, message_id=message_id, purpose=purpose)
    if message is None:
        raise Http404("No message about your referrals has this address")
    return message
