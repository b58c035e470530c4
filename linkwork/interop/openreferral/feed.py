"""Reading Open Referral UK feeds: a JSON file, or an API followed page by page, then the import."""

import json
import urllib.parse
import urllib.request
from pathlib import Path

from linkwork.core.context import Actor
from linkwork.directory.services import ImportCounts, directory_import

from .parse import FeedProblem, service_record, services_in

TIMEOUT_SECONDS = 30


class FeedUnreadable(Exception):
    """The file or address could not be read as JSON."""


def read_services(source: str, *, log=lambda message: None) -> list[dict]:
    """The fully nested services in a file or at an API address (every page of it)."""
    if urllib.parse.urlsplit(source).scheme in ("http", "https"):
        return _read_api(source, log)
    try:
        document = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise FeedUnreadable(f"Could not read {source} as JSON: {error}") from error
    return services_in(document)


def openreferral_import(*, by: Actor, raw_services: list, source: str, progress=None) -> ImportCounts:
    """Check and convert every service first, then save them all in one transaction."""
    records, seen = [], set()
    for raw in raw_services:
        record = service_record(raw)
        if record["id"] in seen:
            raise FeedProblem(record["id"], "id", "the feed lists this service twice")
        seen.add(record["id"])
        records.append(record)
    return directory_import(by=by, records=records, source=source, progress=progress)


def _read_api(url: str, log) -> list[dict]:
    document = _get_json(url)
    if not (isinstance(document, dict) and isinstance(document.get("contents"), list)):
        return services_in(document)
    # A page lists each service's own fields only: fetch each one fully from /services/{id}.
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
