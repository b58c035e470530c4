import copy
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from linkwork.accounts import rules
from linkwork.accounts.access import member_required
from linkwork.core.dates import age_on
from linkwork.core.errors import DomainError
from linkwork.core.selectors import access_kind
from linkwork.core.subject_access import subject_access_json
from linkwork.core.submit import submit

from ..break_glass import break_glass_current
from ..extensions import person_links
from ..forms import MergeForm, PersonDetailsForm, PersonSearchForm, UnmergeForm
from ..governance import person_access_history, person_subject_access
from ..merging import person_merge, person_unmerge
from ..rules import (
    can_break_glass,
    can_change_contact_preferences,
    can_correct_person_details,
    can_merge_people,
    can_review_record_governance,
)
from ..selectors import (
    duplicate_open,
    duplicates_for_review,
    people_page,
    person_merges,
    person_open,
    person_search,
)
from ..services import duplicate_candidate_dismiss, person_details_update


@member_required(rules.can_view_people)
@require_http_methods(["GET", "POST"])
def person_list(request):
    # Searches are POSTed so NHS numbers and names never appear in URLs or access logs.
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    context = {
        "form": form,
        "results": None,
        "page": None,
        "can_merge": can_merge_people(request.actor),
        "can_break_glass": can_break_glass(request.actor),
    }
    if request.method == "POST":
        if form.is_valid():
            context["results"] = person_search(actor=request.actor, **form.cleaned_data)
    else:
        context["page"] = people_page(actor=request.actor, page_number=request.GET.get("page"))
    return render(request, "people/list.jinja", context)


@member_required(rules.can_view_people)
def person_detail(request, person_id):
    person, relationships = person_open(actor=request.actor, person_id=person_id)
    if person is None:
        raise Http404
    return render(
        request,
        "people/detail.jinja",
        {
            "person": person,
            "relationships": relationships,
            "age": age_on(person.date_of_birth, timezone.localdate()),
            "can_merge": can_merge_people(request.actor),
            "can_review_governance": can_review_record_governance(request.actor),
            "emergency_access": break_glass_current(actor=request.actor, person=person),
            "can_change_contact_preferences": can_change_contact_preferences(request.actor),
            "can_correct_details": can_correct_person_details(request.actor),
            "linked": person_links(request.actor, person),
        },
    )


@member_required(can_correct_person_details)
@require_http_methods(["GET", "POST"])
def person_details_edit(request, person_id):
    """Correct a person's demographics, address, contact details and practice (audited, stale-checked)."""
    person, _relationships = person_open(actor=request.actor, person_id=person_id)
    if person is None:
        raise Http404
    # The form validates a copy: the service compares the person as saved with what was typed.
    form = PersonDetailsForm(request.POST if request.method == "POST" else None, instance=copy.copy(person))
    stale = None

    def show_both_versions(error):
        nonlocal stale
        stale = error.current
        form.add_error(None, error.message)
        form.data = form.data.copy()
        form.data["version"] = stale.version

    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda data: person_details_update(
                by=request.actor, person=person, expected_version=data["version"], values=form.changes()
            ),
            done=f"{person.full_name}'s details saved.",
            then=reverse("people:detail", kwargs={"person_id": person.pk}),
            on_stale=show_both_versions,
        )
    ):
        return done
    return render(request, "people/edit.jinja", {"person": person, "form": form, "stale": stale})


@member_required(can_review_record_governance)
def person_access(request, person_id):
    """Who has viewed, changed, exported or been refused this person's record."""
    person, page = person_access_history(
        actor=request.actor, person_id=person_id, page_number=request.GET.get("page")
    )
    if person is None:
        raise Http404
    return render(request, "people/access.jinja", {"person": person, "page": page, "kind": access_kind})


@member_required(can_review_record_governance)
def person_subject_access_view(request, person_id, file_format="html"):
    """Everything held about the person, to answer a subject access request: readable page or JSON file."""
    person, sections = person_subject_access(
        actor=request.actor, person_id=person_id, file_format=file_format
    )
    if person is None:
        raise Http404
    if file_format == "json":
        response = HttpResponse(subject_access_json(sections), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
        return response
    return render(request, "people/subject_access.jinja", {"person": person, "sections": sections})


@member_required(can_merge_people)
@require_http_methods(["GET", "POST"])
def duplicate_list(request):
    """Possible duplicates side by side: merge them or say they are different people."""
    failed = None
    if request.method == "POST":
        pair = duplicate_open(actor=request.actor, pair_id=_posted_id(request, "pair"))
        if pair is None:
            raise Http404
        if request.POST.get("action") == "dismiss":
            try:
                duplicate_candidate_dismiss(by=request.actor, candidate=pair)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "Marked as different people. Both records stay.")
            return redirect("people:duplicates")
        failed = MergeForm(request.POST, pair=pair, prefix=str(pair.pk))
        done = submit(
            request,
            failed,
            lambda data: person_merge(
                by=request.actor, **_survivor_and_duplicate(failed), reason=data["reason"]
            ),
            done=lambda merge: (
                f"Records merged. To undo this, open {merge.survivor.full_name}'s record and choose Merged records."
            ),
            then=reverse("people:duplicates"),
        )
        if done:
            return done
    pairs = duplicates_for_review(actor=request.actor)
    forms = {
        pair.pk: failed if _submitted_for(failed, pair.pk) else MergeForm(pair=pair, prefix=str(pair.pk))
        for pair in pairs
    }
    return render(request, "people/duplicates.jinja", {"pairs": pairs, "forms": forms, "failed": failed})


@member_required(can_merge_people)
@require_http_methods(["GET", "POST"])
def person_merge_history(request, person_id):
    """Merges this person's record was part of, each with a way to undo it."""
    person, merges = person_merges(actor=request.actor, person_id=person_id)
    if person is None:
        raise Http404
    failed = None
    if request.method == "POST":
        merge_id = _posted_id(request, "merge")
        merge = next((merge for merge in merges if merge.pk == merge_id), None)
        if merge is None or merge.is_reversed:
            raise Http404
        failed = UnmergeForm(request.POST, prefix=str(merge.pk))
        done = submit(
            request,
            failed,
            lambda data: person_unmerge(by=request.actor, merge=merge, reason=data["reason"]),
            done=f"Merge undone: {merge.duplicate.full_name} has a separate record again.",
            then=reverse("people:merges", kwargs={"person_id": person.pk}),
        )
        if done:
            return done
    forms = {
        merge.pk: failed if _submitted_for(failed, merge.pk) else UnmergeForm(prefix=str(merge.pk))
        for merge in merges
    }
    return render(
        request, "people/merges.jinja", {"person": person, "merges": merges, "forms": forms, "failed": failed}
    )


def _posted_id(request, name):
    try:
        return uuid.UUID(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None


def _submitted_for(failed, object_id):
    """Whether the form sent back with errors was about this record (forms are prefixed by its id)."""
    return failed is not None and failed.prefix == str(object_id)


def _survivor_and_duplicate(form):
    survivor, duplicate = form.survivor_and_duplicate()
    return {"survivor": survivor, "duplicate": duplicate}
