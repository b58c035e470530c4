"""Reads from the directory. Directory data is public: no organisation scope applies."""

import datetime
import math
import uuid

from django.db.models import Avg, Exists, F, FloatField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Sqrt

from . import search_index, vocabulary
from .models import (
    Address,
    CostOption,
    DirectoryOrganisation,
    Language,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Taxonomy,
    TaxonomyTerm,
)
from .postcodes import (
    KM_PER_DEGREE_LATITUDE,
    KM_PER_DEGREE_LONGITUDE_AT_EQUATOR,
    district_centre,
    district_of,
)

EVENING = datetime.time.fromisoformat(vocabulary.EVENING_STARTS)

# Everything a fully nested service shows, fetched in a fixed number of queries however many services.
FULL_SERVICE_PREFETCH = (
    Prefetch("category_links", queryset=ServiceCategory.objects.select_related("taxonomy_term__taxonomy")),
    "schedules",
    Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
    "service_at_locations__location__addresses",
    "service_at_locations__location__accessibility",
    "languages",
    "cost_options",
    "service_areas",
    "contacts__phones",
)


def service_search(
    *,
    text: str = "",
    listed_only: bool = True,
    taxonomy_term_id: uuid.UUID | None = None,
    taxonomy_id: uuid.UUID | None = None,
    age: int | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    day: str = "",
    after_five: bool = False,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    free_or_low_cost: bool = False,
    drop_in: bool = False,
    language: str = "",
    capacity: tuple[str, ...] = (),
    near: tuple[float, float] | None = None,
    within_km: float | None = None,
):
    """The one search over services, for the directory pages and the Open Referral UK API.

    `text` uses the database's full-text search and orders by relevance (then name). `age` keeps
    services that accept a person of that age; `minimum_age`/`maximum_age` are ORUK's filters on
    the service's own limits. `day` (MO..SU), `after_five` and `start_time`/`end_time` must all hold
    for one session. `capacity` keeps services with any of the given capacity statuses. `near`
    (latitude, longitude) orders by distance to the nearest of the service's places (annotated as
    `distance_km`, None where no place has coordinates) and `within_km` keeps those that close.
    """
    services = Service.objects.listed() if listed_only else Service.objects.all()
    services = services.select_related("organisation")
    if taxonomy_term_id:
        services = services.filter(Exists(_categories().filter(taxonomy_term_id=taxonomy_term_id)))
    if taxonomy_id:
        services = services.filter(Exists(_categories().filter(taxonomy_term__taxonomy_id=taxonomy_id)))
    if age is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age))
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=age))
    if minimum_age is not None:
        services = services.filter(minimum_age__gte=minimum_age)
    if maximum_age is not None:
        services = services.filter(maximum_age__lte=maximum_age)
    session = _session_conditions(day=day, after_five=after_five, start_time=start_time, end_time=end_time)
    if session:
        services = services.filter(Exists(Schedule.objects.filter(service=OuterRef("pk"), **session)))
    if free_or_low_cost:
        over_limit = CostOption.objects.filter(
            service=OuterRef("pk"), amount__gt=vocabulary.LOW_COST_LIMIT_POUNDS
        )
        services = services.filter(~Exists(over_limit))
    if drop_in:
        services = services.filter(attendance=vocabulary.Attendance.DROP_IN)
    if language:
        spoken = Language.objects.filter(service=OuterRef("pk")).filter(
            Q(code__iexact=language) | Q(name__iexact=language)
        )
        services = services.filter(Exists(spoken))
    if capacity:
        services = services.filter(capacity_status__in=capacity)
    if near is not None:
        services = _by_distance(services, near, within_km)
    if text.strip():
        services = search_index.matching(services, text)
        if near is not None:
            return services.order_by(F("distance_km").asc(nulls_last=True), "name", "id")
        return search_index.ordered_by_rank(services)
    if near is not None:
        return services.order_by(F("distance_km").asc(nulls_last=True), "name", "id")
    return services.order_by("name", "id")


# Kilometres per degree (postcodes.py). Over the few kilometres a person travels to a group, treating
# the earth as flat at the starting latitude is accurate to well under 1%, and needs only arithmetic,
# which both databases have (SQLite has no trigonometry).
_KM_PER_DEGREE_LATITUDE = KM_PER_DEGREE_LATITUDE
_KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR


def _squared_km_from(near):
    """Squared distance in km² from `near` to a service-at-location's place, as a SQL expression."""
    latitude, longitude = near
    km_x = _KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(latitude))
    east = (F("location__longitude") - longitude) * km_x
    north = (F("location__latitude") - latitude) * _KM_PER_DEGREE_LATITUDE
    return east * east + north * north


def _by_distance(services, near, within_km):
    nearest = (
        ServiceAtLocation.objects.filter(service=OuterRef("pk"), location__latitude__isnull=False)
        .annotate(squared=_squared_km_from(near))
        .order_by("squared")
        .values("squared")[:1]
    )
    services = services.annotate(distance_km=Sqrt(Subquery(nearest, output_field=FloatField())))
    if within_km is not None:
        services = services.filter(distance_km__lte=within_km)
    return services


def postcode_point(postcode: str) -> tuple[float, float] | None:
    """Where a postcode is: a listed place at that very postcode, else the district's centre from the
    postcode table (postcodes.py, ADR 0018), else the middle of the listed places in its district."""
    postcode = " ".join(postcode.upper().split())
    placed = Address.objects.filter(location__latitude__isnull=False, location__longitude__isnull=False)
    return (
        _middle(placed.filter(postal_code__iexact=postcode))
        or district_centre(postcode)
        or _middle(placed.filter(postal_code__istartswith=f"{district_of(postcode)} "))
    )


def _middle(addresses) -> tuple[float, float] | None:
    point = addresses.aggregate(latitude=Avg("location__latitude"), longitude=Avg("location__longitude"))
    return None if point["latitude"] is None else (point["latitude"], point["longitude"])


def _categories():
    return ServiceCategory.objects.filter(service=OuterRef("pk"))


def _session_conditions(*, day, after_five, start_time, end_time) -> dict:
    conditions = {}
    if day:
        conditions["byday__contains"] = day
    if after_five:
        conditions["closes_at__gt"] = EVENING
    if start_time is not None:
        conditions["opens_at__gte"] = start_time
    if end_time is not None:
        conditions["closes_at__lte"] = end_time
    return conditions


def services_for_cards(services) -> list:
    """One page of search results with what each result card shows, in a fixed number of queries."""
    return list(services.prefetch_related("categories", "schedules", "cost_options"))


def service_get(*, service_id, listed_only: bool = True):
    """One fully nested service, or None if there is none with this id (or it is no longer listed)."""
    services = Service.objects.listed() if listed_only else Service.objects.all()
    return (
        services.select_related("organisation", "organisation__owner")
        .prefetch_related(*FULL_SERVICE_PREFETCH)
        .filter(pk=service_id)
        .first()
    )


def services_full(services) -> list:
    """Fully nested services for a page of a feed or an export."""
    return list(services.select_related("organisation").prefetch_related(*FULL_SERVICE_PREFETCH))


def service_at_locations_search(*, near=None, within_km=None, text: str = "", **filters):
    """Service-at-locations of the services `service_search(text=text, **filters)` finds, by
    service name, or with `near`, nearest place first (annotated `distance_km`) and within
    `within_km` if given."""
    services = service_search(**filters)
    matching = search_index.matching_ids(text)
    if matching is not None:
        # Not `service_search(text=...)`: its ranking names the services table, which a subquery renames.
        services = services.filter(pk__in=matching)
    links = ServiceAtLocation.objects.filter(service__in=services.values("pk")).select_related(
        "service__organisation", "location"
    )
    if near is None:
        return links.order_by("service__name", "service_id", "id")
    links = links.annotate(distance_km=Sqrt(_squared_km_from(near)))
    if within_km is not None:
        links = links.filter(distance_km__lte=within_km)
    return links.order_by(F("distance_km").asc(nulls_last=True), "service__name", "id")


def service_at_location_get(*, service_at_location_id):
    """One service-at-location with its location's details and its fully nested service, or None."""
    link = (
        ServiceAtLocation.objects.select_related("location")
        .prefetch_related("location__addresses", "location__accessibility", "schedules")
        .filter(pk=service_at_location_id)
        .first()
    )
    if link is not None:
        link.full_service = service_get(service_id=link.service_id, listed_only=False)
    return link


def listings_owned_by(*, organisation) -> list:
    """The services whose directory organisation the Linkwork organisation keeps up to date."""
    return list(
        Service.objects.filter(organisation__owner=organisation)
        .select_related("organisation")
        .order_by("name", "id")
    )


def listing_for_owner(*, organisation, service_id):
    """One of the organisation's own listings, or None (another organisation's listing is not found)."""
    return (
        Service.objects.filter(organisation__owner=organisation, pk=service_id)
        .select_related("organisation")
        .first()
    )


def directory_organisation_get(*, organisation_id):
    return DirectoryOrganisation.objects.filter(pk=organisation_id).first()


def taxonomies_all():
    return Taxonomy.objects.order_by("name", "id")


def taxonomy_get(*, taxonomy_id):
    return Taxonomy.objects.prefetch_related("terms").filter(pk=taxonomy_id).first()


def taxonomy_terms_all():
    return TaxonomyTerm.objects.select_related("taxonomy").order_by("name", "id")


def taxonomy_term_get(*, taxonomy_term_id):
    return TaxonomyTerm.objects.select_related("taxonomy").filter(pk=taxonomy_term_id).first()


def categories_in_use() -> list:
    """Taxonomy terms that at least one listed service carries, for the search filter."""
    # Each term's first listed service, along the term-then-service index: a row or two a term, and
    # none for a term nobody uses. PostgreSQL plans an EXISTS here as a join over every service
    # category (measured: 0.4 s at 100,000 services, against under 1 ms for this).
    first_listed = (
        ServiceCategory.objects.filter(
            taxonomy_term=OuterRef("pk"), service__status__in=vocabulary.LISTED_STATUSES
        )
        .order_by("service_id")
        .values("service_id")[:1]
    )
    return list(
        TaxonomyTerm.objects.alias(first_listed=Subquery(first_listed))
        .filter(first_listed__isnull=False)
        .order_by("name")
    )
