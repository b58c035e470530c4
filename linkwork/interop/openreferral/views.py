"""The Open Referral UK 3.0 API: read-only, public, open to any origin. Parse, select, serialise."""

import uuid
from functools import wraps

from django.http import FileResponse, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from linkwork.directory import selectors

from . import params, serialise
from .schemata import STANDARD_DIR


class NotFound(Exception):
    pass


def oruk_endpoint(view):
    """GET only; JSON answers (also for errors) that any web page may read (CORS `*`)."""

    # No CSRF check: nothing here changes anything, and a refused POST should get the JSON 405.
    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        elif request.method not in ("GET", "HEAD"):
            response = _error(405, "method_not_allowed", "This API is read-only: use GET.")
            response["Allow"] = "GET, OPTIONS"
        else:
            try:
                response = view(request, *args, **kwargs)
            except params.BadParameter as problem:
                response = _error(400, "bad_request", str(problem), parameter=problem.name)
            except NotFound as missing:
                response = _error(404, "not_found", str(missing))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


@oruk_endpoint
def api_root(request):
    return _json(serialise.api_meta(openapi_url=request.build_absolute_uri(reverse("openreferral:openapi"))))


@oruk_endpoint
def openapi(request):
    return FileResponse((STANDARD_DIR / "openapi.json").open("rb"), content_type="application/json")


@oruk_endpoint
def service_list(request):
    services = selectors.service_search(**params.service_filters(request.GET))
    return _page(request, services, serialise.service_summary)


@oruk_endpoint
def service_detail(request, service_id):
    service = selectors.service_get(service_id=_id(service_id, "service"), listed_only=False)
    return _json(serialise.service_full(_found(service, "service", service_id)))


@oruk_endpoint
def service_at_location_list(request):
    links = selectors.service_at_locations_search(
        **params.service_filters(request.GET), **params.place_filters(request.GET)
    )
    return _page(
        request,
        links,
        lambda link: serialise.service_at_location(
            link,
            location_data=serialise.location(link.location, nested=False),
            service_data=serialise.service_summary(link.service),
        ),
    )


@oruk_endpoint
def service_at_location_detail(request, service_at_location_id):
    link = selectors.service_at_location_get(
        service_at_location_id=_id(service_at_location_id, "service_at_location")
    )
    link = _found(link, "service_at_location", service_at_location_id)
    return _json(
        serialise.service_at_location(
            link,
            location_data=serialise.location(link.location),
            schedules=link.schedules.all(),
            service_data=serialise.service_full(link.full_service),
        )
    )


@oruk_endpoint
def taxonomy_list(request):
    return _page(request, selectors.taxonomies_all(), serialise.taxonomy)


@oruk_endpoint
def taxonomy_detail(request, taxonomy_id):
    taxonomy = _found(
        selectors.taxonomy_get(taxonomy_id=_id(taxonomy_id, "taxonomy")), "taxonomy", taxonomy_id
    )
    return _json(serialise.taxonomy(taxonomy, terms=taxonomy.terms.all()))


@oruk_endpoint
def taxonomy_term_list(request):
    return _page(request, selectors.taxonomy_terms_all(), serialise.taxonomy_term)


@oruk_endpoint
def taxonomy_term_detail(request, taxonomy_term_id):
    term = selectors.taxonomy_term_get(taxonomy_term_id=_id(taxonomy_term_id, "taxonomy_term"))
    return _json(serialise.taxonomy_term(_found(term, "taxonomy_term", taxonomy_term_id)))


def _page(request, queryset, serialise_item):
    """One page in the ORUK envelope: a count and one query for the rows (plus fixed prefetches)."""
    page_number, per_page = params.paging(request.GET)
    total = queryset.count()
    start = (page_number - 1) * per_page
    rows = list(queryset[start : start + per_page]) if start < total else []
    items = [serialise_item(row) for row in rows]
    return _json(serialise.page(items=items, total_items=total, page_number=page_number, per_page=per_page))


def _id(raw: str, kind: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound(f"There is no {kind} with id {raw}.") from None


def _found(record, kind, raw_id):
    if record is None:
        raise NotFound(f"There is no {kind} with id {raw_id}.")
    return record


def _json(data, status=200):
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status, code, message, **extra):
    return _json({"error": code, "message": message, **extra}, status=status)
