"""Reading Open Referral UK feeds: a JSON file, or an API followed page by page, then the import.

A feed holds one kind of record: services, service-at-locations, organizations, taxonomies or
taxonomy terms (an official example file of each imports as its own kind). The kind comes from the
API address (`…/service_at_locations`), else from the fields its records carry.
"""

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from linkwork.core.context import Actor
from linkwork.directory.services import ImportCounts, directory_import

from .parse import (
    FeedProblem,
    checked,
    organisation_record,
    records_in,
    service_at_location_record,
    service_record,
    taxonomy_record,
    term_record,
)

TIMEOUT_SECONDS = 30
KINDS = ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms")
_TERM_FIELDS = {"term", "term_uri", "parent_id", "taxonomy", "taxonomy_id", "taxonomy_detail"}
_ORGANISATION_FIELDS = {"services", "organization_identifiers", "email", "website", "logo", "uri"}


class FeedUnreadable(Exception):
    """The file or address could not be read as JSON."""


@dataclass
class Feed:
    kind: str
    items: list


def read_feed(source: str, *, kind: str | None = None, log=lambda message: None) -> Feed:
    """The records in a file or at an API address (every page of it, each fetched in full)."""
    if urllib.parse.urlsplit(source).scheme in ("http", "https"):
        kind = kind or _kind_of_address(source)
        return _feed(_read_api(source, log), kind)
    try:
        document = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FeedUnreadable(f"Could not read {source} as JSON: {error}") from error
    return _feed(records_in(document), kind)


def kind_of(item) -> str | None:
    """Which kind of ORUK record this is, from the fields only that kind has; None if it cannot tell."""
    if not isinstance(item, dict):
        return None
    keys = set(item)
    if "status" in keys:
        return "services"
    if keys & {"service", "location", "location_id", "service_id"}:
        return "service_at_locations"
    if keys & {"taxonomy_terms", "version"}:
        return "taxonomies"
    if keys & _TERM_FIELDS:
        return "taxonomy_terms"
    if keys & _ORGANISATION_FIELDS or "parent_organization_id" in keys:
        return "organizations"
    return None


def _feed(items: list, kind: str | None) -> Feed:
    if kind is None:
        kinds = {kind_of(item) for item in items}
        if None in kinds or len(kinds) > 1:
            raise FeedProblem(
                None,
                "The file",
                "its records are not all of one kind Linkwork can tell (services, service-at-locations, "
                "organizations, taxonomies or taxonomy terms): name the kind with --kind",
            )
        kind = kinds.pop() if kinds else "services"
    return Feed(kind=kind, items=items)


def _kind_of_address(url: str) -> str | None:
    segments = [segment for segment in urllib.parse.urlsplit(url).path.split("/") if segment]
    return segments[-1] if segments and segments[-1] in KINDS else None


@dataclass
class _Parsed:
    services: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    taxonomies: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def openreferral_import(
    *, by: Actor, feed: Feed, source: str, progress=None, skip_bad: bool = False
) -> ImportCounts:
    """Check and convert every record first, then save them all in one transaction.

    All or nothing by default: the first bad record raises FeedProblem and nothing is saved. With
    `skip_bad`, each bad record is left out and named in the counts' `skipped`, and the rest saved.
    """
    parsed = _Parsed()
    parse_one = _PARSERS[feed.kind]
    for item in feed.items:
        try:
            parse_one(item, parsed)
        except FeedProblem as problem:
            if not skip_bad:
                raise
            parsed.skipped.append(str(problem))
    return directory_import(
        by=by,
        records=_merged(
            parsed.services, adding=feed.kind == "service_at_locations", skip_bad=skip_bad, parsed=parsed
        ),
        organisations=parsed.organisations,
        taxonomies=parsed.taxonomies,
        terms=parsed.terms,
        source=source,
        progress=progress,
        skip_bad=skip_bad,
        skipped=parsed.skipped,
    )


def _merged(records, *, adding, skip_bad, parsed) -> list[dict]:
    """One record per service. A feed of service-at-locations may list a service under several of
    them, which add up; any other feed listing a service twice is a mistake."""
    merged = {}
    for record in records:
        earlier = merged.get(record["id"])
        if earlier is None:
            merged[record["id"]] = record
        elif adding:
            earlier["service_at_locations"] += record["service_at_locations"]
        else:
            problem = FeedProblem(record["id"], "id", "the feed lists this service twice")
            if not skip_bad:
                raise problem
            parsed.skipped.append(str(problem))
    return list(merged.values())


def _parse_service(item, parsed):
    parsed.services.append(service_record(item))


def _parse_service_at_location(item, parsed):
    link = service_at_location_record(item)
    service = item.get("service")
    if not isinstance(service, dict):
        raise FeedProblem(
            item["id"], "service", "give the service itself, not only its id", kind="Service-at-location"
        )
    record = service_record(service)
    record["service_at_locations"] = [link]
    record["adds_service_at_locations"] = True
    parsed.services.append(record)


def _parse_organisation(item, parsed):
    organisation = checked(item, "organization.json", "Organization")
    own = {key: value for key, value in organisation.items() if key != "services"}
    parsed.organisations.append(organisation_record(own))
    for service in organisation.get("services", []):
        parsed.services.append(service_record({**service, "organization": own}))


def _parse_taxonomy(item, parsed):
    taxonomy = taxonomy_record(checked(item, "taxonomy.json", "Taxonomy"))
    parsed.taxonomies.append(taxonomy)
    parsed.terms += [term_record(term, taxonomy=taxonomy) for term in item.get("taxonomy_terms", [])]


def _parse_term(item, parsed):
    parsed.terms.append(term_record(checked(item, "taxonomy_term.json", "Taxonomy term")))


_PARSERS = {
    "services": _parse_service,
    "service_at_locations": _parse_service_at_location,
    "organizations": _parse_organisation,
    "taxonomies": _parse_taxonomy,
    "taxonomy_terms": _parse_term,
}


def _read_api(url: str, log) -> list:
    document = _get_json(url)
    if not (isinstance(document, dict) and isinstance(document.get("contents"), list)):
        return records_in(document)
    # A page lists each record's own fields only: fetch each one fully from …/{id}.
    base = urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl().rstrip("/")
    services = []
    while True:
        log(f"Page {document.get('page_number', '?')} of {document.get('total_pages', '?')}")
        for item in document["contents"]:
            services.append(_get_json(f"{base}/{urllib.parse.quote(str(item.get('id', '')))}"))
        if document.get("last_page", True) or not document["contents"]:
            return services
        document = _get_json(_with_page(url, int(document.get("page_number", 1)) + 1))


def _with_page(url: str, number: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query["page"] = str(number)
    return parts._replace(query=urllib.parse.urlencode(query)).geturl()


def _get_json(url: str):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - http(s) only
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.load(response)
    except (OSError, ValueError) as error:
        raise FeedUnreadable(f"Could not read {url} as JSON: {error}") from error
