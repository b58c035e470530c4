"""Full-text search over services with the database's own engine (ADR 0007).

PostgreSQL: `to_tsvector('english', search_text)` with a GIN index on the same expression.
SQLite: an FTS5 table (`directory_service_fts`, Porter stemming) holding one row per service,
written here whenever a service's search text changes. Both stem words, so "walks" finds
"walking", and both need every word of the query.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, FloatField, Value
from django.db.models.expressions import RawSQL

from . import vocabulary
from .models import Service

CONFIG = "english"
_WORD = re.compile(r"\w+", re.UNICODE)
_SQLITE_MATCHES = "SELECT service_id FROM directory_service_fts WHERE directory_service_fts MATCH %s"
_SQLITE_RANK = (
    "SELECT -rank FROM directory_service_fts WHERE directory_service_fts MATCH %s "
    "AND service_id = directory_service.id"
)


def search_text_for(service) -> str:
    """The words a service can be found by: its own text, its organisation, categories and places."""
    parts = [service.name, service.description, service.organisation.name]
    parts += [term.name for term in service.categories.all()]
    parts += [vocabulary.TARGET_GROUPS.get(code, code) for code in service.target_groups]
    for link in service.service_at_locations.select_related("location").prefetch_related(
        "location__addresses"
    ):
        parts.append(link.location.name)
        parts += [f"{address.city} {address.postal_code}" for address in link.location.addresses.all()]
    parts += [language.name for language in service.languages.all()]
    parts += [area.name for area in service.service_areas.all()]
    return " ".join(part for part in parts if part)


def service_refresh(service) -> None:
    """Bring the service's search text, and on SQLite its FTS5 row, up to date."""
    text = search_text_for(service)
    if text == service.search_text:
        return
    Service.objects.filter(pk=service.pk).update(search_text=text)
    service.search_text = text
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM directory_service_fts WHERE service_id = %s", [service.pk.hex])
            cursor.execute(
                "INSERT INTO directory_service_fts (service_id, search_text) VALUES (%s, %s)",
                [service.pk.hex, text],
            )


@transaction.atomic
def rebuild() -> int:
    """Recompute every service's search text, then refill the SQLite FTS5 table from it."""
    services = Service.objects.select_related("organisation").prefetch_related(
        "categories", "languages", "service_areas"
    )
    for service in services:
        text = search_text_for(service)
        if text != service.search_text:
            Service.objects.filter(pk=service.pk).update(search_text=text)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM directory_service_fts")
            cursor.execute(
                "INSERT INTO directory_service_fts (service_id, search_text) SELECT id, search_text FROM directory_service"
            )
    return services.count()


def matching(queryset, text: str):
    """Services whose text matches every word of `text`, annotated with `search_rank` (higher is better)."""
    words = _WORD.findall(text)
    if not words:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        query = SearchQuery(" ".join(words), search_type="plain", config=CONFIG)
        # The same expression as the GIN index of migration 0002, so the match uses the index.
        return (
            queryset.alias(search_vector=SearchVector("search_text", config=CONFIG))
            .filter(search_vector=query)
            .annotate(search_rank=SearchRank(F("search_vector"), query))
        )
    # FTS5 query syntax: each word quoted (so nothing the user types is an operator), prefix-matched.
    fts_query = " ".join('"{}"*'.format(word.replace('"', "")) for word in words)
    # bm25 ranks better matches more negative; negate so higher is better on both databases.
    # RawSQL with constant SQL: the user's words travel only as the bound parameter.
    rank = RawSQL(_SQLITE_RANK, [fts_query], output_field=FloatField())  # noqa: S611
    matches = RawSQL(_SQLITE_MATCHES, [fts_query])  # noqa: S611
    return queryset.filter(id__in=matches).annotate(search_rank=rank)


def ordered_by_rank(queryset):
    return queryset.order_by(F("search_rank").desc(nulls_last=True), "name", "id")
