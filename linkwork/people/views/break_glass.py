"""Emergency access pages: asking for it, and the team lead's review queue."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.errors import DomainError

from ..break_glass import (
    access_hours,
    break_glass_for_review,
    break_glass_open,
    break_glass_queue,
    break_glass_review,
    is_emergency_access,
)
from ..forms import BreakGlassForm, BreakGlassReviewForm
from ..rules import can_break_glass, can_review_break_glass


@member_required(can_break_glass)
@require_http_methods(["GET", "POST"])
def break_glass(request):
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opened = break_glass_open(by=request.actor, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if is_emergency_access(opened):
                messages.warning(
                    request,
                    f"Emergency access until {timezone.localtime(opened.expires_at):%H:%M}. "
                    "Every view is recorded and your team lead will review it.",
                )
                return redirect("people:detail", person_id=opened.person_id)
            messages.info(
                request, "Your organisation can already see this record: no emergency access was needed."
            )
            return redirect("people:detail", person_id=opened.pk)
    return render(request, "people/break_glass.jinja", {"form": form, "hours": access_hours()})


@member_required(can_review_break_glass)
def break_glass_reviews(request):
    return render(
        request,
        "people/break_glass_reviews.jinja",
        {"accesses": break_glass_queue(actor=request.actor), "form": BreakGlassReviewForm()},
    )


@member_required(can_review_break_glass)
@require_POST
def break_glass_review_record(request, access_id):
    if break_glass_for_review(actor=request.actor, access_id=access_id) is None:
        raise Http404
    form = BreakGlassReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what you found before marking the access reviewed")
        return redirect("people:break_glass_reviews")
    try:
        break_glass_review(by=request.actor, access_id=access_id, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Emergency access reviewed")
    return redirect("people:break_glass_reviews")
