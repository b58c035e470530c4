"""Full-text search over services with the database's own engine (ADR 0007).

PostgreSQL: a stored generated column `search_vector` = `to_tsvector('english', search_text)`,
GIN-indexed (migration 0003).
SQLite: an FTS5 table (`directory_service_fts`, Porter stemming) holding one row per service,
written here whenever a service's search text changes. Both stem words, so "walks" finds
"walking", and both need every word of the query.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, transaction
from django.db.models import F, FloatField, Value
from django.db.models.expressions import RawSQL

from . import vocabulary
from .models import Service

CONFIG = "english"
_WORD = re.compile(r"\w+", re.UNICODE)
_SQLITE_TABLE = "directory_service_fts"


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
        # The stored, GIN-indexed column of migration 0003: matching uses the index and ranking reads
        # the stored vector instead of rebuilding it from the text for every match.
        vector = RawSQL('"directory_service"."search_vector"', [], output_field=SearchVectorField())
        return (
            queryset.alias(search_vector=vector)
            .filter(search_vector=query)
            .annotate(search_rank=SearchRank(F("search_vector"), query))
        )
    fts_query = _fts_query(words)
    # Joined once, so FTS5 finds and ranks the matches in one pass; a rank subquery per row made
    # common words quadratic (measured: about 1 s at 5,000 services). bm25 ranks better matches
    # more negative: negate so higher is better on both databases. Constant SQL only: the user's
    # words travel as the bound parameter.
    joined = queryset.extra(  # noqa: S610
        tables=[_SQLITE_TABLE],
        where=[f"{_SQLITE_TABLE}.service_id = directory_service.id", f"{_SQLITE_TABLE} MATCH %s"],
        params=[fts_query],
    )
    return joined.annotate(search_rank=RawSQL(f"-{_SQLITE_TABLE}.rank", [], output_field=FloatField()))  # noqa: S611


def matching_ids(text: str) -> RawSQL | None:
    """The ids of services matching every word of `text`, as a self-contained subquery.

    Unlike `matching`, it names no outer table, so it stays correct inside another query (the
    service-at-location list filters services with a subquery, where Django renames the tables).
    None when `text` holds no words.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    # Constant SQL only: the user's words travel as bound parameters.
    if connection.vendor == "postgresql":
        return RawSQL(
            "SELECT id FROM directory_service WHERE search_vector @@ plainto_tsquery(%s::regconfig, %s)",
            [CONFIG, " ".join(words)],
        )
    return RawSQL(  # noqa: S611
        f"SELECT service_id FROM {_SQLITE_TABLE} WHERE {_SQLITE_TABLE} MATCH %s",  # noqa: S608
        [_fts_query(words)],
    )


def _fts_query(words) -> str:
    """FTS5 query syntax: each word quoted (so nothing the user types is an operator), prefix-matched."""
    return " ".join('"{}"*'.format(word.replace('"', "")) for word in words)


def ordered_by_rank(queryset):
    return queryset.order_by(F("search_rank").desc(nulls_last=True), "name", "id")
