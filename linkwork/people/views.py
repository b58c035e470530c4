from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from linkwork.accounts import rules
from linkwork.accounts.access import member_required
from linkwork.core.dates import age_on

from .forms import PersonSearchForm
from .selectors import people_page, person_open, person_search


@never_cache
@member_required(rules.can_view_people)
@require_http_methods(["GET", "POST"])
def person_list(request):
    # Searches are POSTed so NHS numbers and names never appear in URLs or access logs.
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "results": None, "page": None}
    if request.method == "POST":
        if form.is_valid():
            context["results"] = person_search(actor=request.actor, **form.cleaned_data)
    else:
        context["page"] = people_page(actor=request.actor, page_number=request.GET.get("page"))
    return render(request, "people/list.jinja", context)


@never_cache
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
        },
    )
