from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.accounts.access import member_required
from linkwork.core.submit import submit

from . import presenters, rules, selectors
from .forms import PAGE_SIZE, DirectorySearchForm, ListingForm
from .services import service_listing_confirm, service_listing_update


@member_required(rules.can_search_directory)
def directory_search(request):
    # Every filter is optional, so an empty query lists every service (page by page).
    form = DirectorySearchForm(request.GET, categories=selectors.categories_in_use())
    page = None
    if form.is_valid():
        services = selectors.service_search(**form.search_filters())
        page = Paginator(services, PAGE_SIZE).get_page(form.cleaned_data["page"])
        page.object_list = selectors.services_for_cards(page.object_list)
    return render(
        request,
        "directory/search.jinja",
        {"form": form, "page": page, "query_string": _without_page(request.GET), "present": presenters},
    )


@member_required(rules.can_search_directory)
def service_detail(request, service_id):
    service = selectors.service_get(service_id=service_id)
    if service is None:
        raise Http404
    return render(request, "directory/service.jinja", {"service": service, "present": presenters})


def _without_page(query):
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


@member_required(rules.can_manage_listings)
def my_services(request):
    listings = selectors.listings_owned_by(organisation=request.actor.organisation)
    today = timezone.localdate()
    return render(
        request,
        "directory/my_services.jinja",
        {"listings": listings, "stale": [listing for listing in listings if listing.is_stale(today)]},
    )


@member_required(rules.can_manage_listings)
@require_http_methods(["GET", "POST"])
def listing_edit(request, service_id):
    service = _own_listing(request, service_id)
    form = ListingForm.for_service(service, request.POST if request.method == "POST" else None)
    if form.is_bound and (
        done := submit(
            request,
            form,
            lambda data: service_listing_update(by=request.actor, service=service, values=data),
            done=f"{service.name} is saved and marked as checked today.",
            then=reverse("my_services:list"),
        )
    ):
        return done
    return render(request, "directory/listing_edit.jinja", {"service": service, "form": form})


@member_required(rules.can_manage_listings)
@require_POST
def listing_confirm(request, service_id):
    service = _own_listing(request, service_id)
    service_listing_confirm(by=request.actor, service=service)
    messages.success(request, f"{service.name} is marked as checked today.")
    return redirect("my_services:list")


def _own_listing(request, service_id):
    service = selectors.listing_for_owner(organisation=request.actor.organisation, service_id=service_id)
    if service is None:
        raise Http404
    return service
