"""Open Referral UK 3.0 JSON into the directory's service records (see `directory.services`).

Each service is first checked against the published `service.json` schema, then its values are
converted to Python types. Any problem raises `FeedProblem` naming the record and the field.
"""

import datetime
import uuid

from linkwork.directory.selectors import directory_organisation_get, taxonomy_term_get

from . import schemata
from .serialise import LINKWORK_EXTENSION


class FeedProblem(Exception):
    def __init__(self, record_id, field: str, message: str, *, kind: str = "Service"):
        super().__init__(f"{kind} {record_id}: {field}: {message}" if record_id else f"{field}: {message}")
        self.record_id = record_id
        self.field = field


def records_in(document) -> list:
    """The records in a feed document: a page envelope, a list, or a single record."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and "id" in document:
        return [document]
    raise FeedProblem(None, "The file", "expected an ORUK record, a list of them or a page of them")


def checked(data, schema_name: str, kind: str):
    """`data` if it meets the published schema, else FeedProblem naming the record and the field."""
    record_id = data.get("id", "(no id)") if isinstance(data, dict) else "(not an object)"
    found = schemata.problems(data, schema_name)
    if found:
        field, message = found[0]
        raise FeedProblem(record_id, field, message, kind=kind)
    return data


def service_record(data) -> dict:
    """One ORUK service as a directory service record, or FeedProblem."""
    record_id = checked(data, "service.json", "Service")["id"]
    convert = _Converter(record_id)
    extension = data.get(LINKWORK_EXTENSION) or {}
    if not isinstance(extension, dict):
        raise FeedProblem(record_id, LINKWORK_EXTENSION, "must be an object")
    record = {
        "id": _uuid(data["id"]),
        "name": data["name"],
        "description": data.get("description", ""),
        "url": data.get("url", ""),
        "email": data.get("email", ""),
        "status": data["status"],
        "alert": data.get("alert", ""),
        "fees": data.get("fees", ""),
        "accreditations": data.get("accreditations", ""),
        "minimum_age": convert.whole(data.get("minimum_age"), "minimum_age"),
        "maximum_age": convert.whole(data.get("maximum_age"), "maximum_age"),
        "last_verified_on": convert.date(data.get("assured_date"), "assured_date"),
        "assurer_email": data.get("assurer_email", ""),
        "organisation": _organisation(data, record_id),
    }
    # A list the feed leaves out is left as it is in the directory; a list it gives replaces ours.
    children = {
        "attributes": ("categories", lambda item, where: _category(item, where, record_id)),
        "service_at_locations": (
            "service_at_locations",
            lambda item, where: _service_at_location(item, where, convert),
        ),
        "schedules": ("schedules", convert.schedule),
        "cost_options": ("cost_options", lambda item, where: _cost_option(item, where, convert)),
        "languages": ("languages", lambda item, where: _language(item)),
        "service_areas": ("service_areas", lambda item, where: _service_area(item)),
        "contacts": ("contacts", lambda item, where: _contact(item)),
    }
    for oruk_key, (key, convert_item) in children.items():
        if oruk_key in data:
            record[key] = [
                convert_item(item, f"{oruk_key}[{index}]") for index, item in enumerate(data[oruk_key])
            ]
    if data.get("last_modified"):
        record["last_modified"] = convert.datetime(data["last_modified"], "last_modified")
    for key in ("capacity_status", "attendance", "referral_method", "target_groups"):
        if key in extension:
            record[key] = extension[key]
    if "capacity_status" in extension or "expected_wait_weeks" in extension:
        record["expected_wait_weeks"] = convert.whole(
            extension.get("expected_wait_weeks"), f"{LINKWORK_EXTENSION}.expected_wait_weeks"
        )
    return record


def _organisation(data, record_id) -> dict:
    organisation = data.get("organization")
    if organisation:
        return organisation_record(organisation)
    existing = (
        directory_organisation_get(organisation_id=data["organization_id"])
        if data.get("organization_id")
        else None
    )
    if existing is None:
        raise FeedProblem(record_id, "organization", "give the organisation that provides the service")
    return {
        "id": existing.pk,
        "name": existing.name,
        "description": existing.description,
        "email": existing.email,
        "website": existing.website,
        "logo": existing.logo,
        "uri": existing.uri,
        "parent_organization_id": existing.parent_organization_id,
    }


def organisation_record(organisation: dict) -> dict:
    """An ORUK organization (already checked against its schema) as a directory organisation record."""
    parent = organisation.get("parent_organization_id")
    return {
        "id": _uuid(organisation["id"]),
        "name": organisation["name"],
        "description": organisation.get("description", ""),
        "email": organisation.get("email", ""),
        "website": organisation.get("website", ""),
        "logo": organisation.get("logo", ""),
        "uri": organisation.get("uri", ""),
        "parent_organization_id": _uuid(parent) if parent else None,
    }


def _category(item, where, record_id) -> dict:
    term = item.get("taxonomy_term")
    if term is None:
        term_id = item.get("taxonomy_term_id")
        known = taxonomy_term_get(taxonomy_term_id=term_id) if term_id else None
        if known is None:
            raise FeedProblem(record_id, f"{where}.taxonomy_term", "give the taxonomy term, not only its id")
        return {"id": _uuid(item["id"]), "taxonomy_term": _known_term(known)}
    return {"id": _uuid(item["id"]), "taxonomy_term": term_record(term)}


def term_record(term: dict, *, taxonomy: dict | None = None) -> dict:
    """An ORUK taxonomy term as a directory term record; `taxonomy` is the one it is listed under."""
    detail = term.get("taxonomy_detail")
    taxonomy = taxonomy or (taxonomy_record(detail) if detail else None)
    return {
        "id": _uuid(term["id"]),
        "name": term["name"],
        "description": term.get("description", ""),
        "code": term.get("term", ""),
        "term_uri": term.get("term_uri", ""),
        "parent_id": _uuid(term["parent_id"]) if term.get("parent_id") else None,
        "taxonomy": taxonomy,
        # A term that names its taxonomy without describing it keeps the name.
        "taxonomy_name": "" if taxonomy else term.get("taxonomy", ""),
    }


def _known_term(term) -> dict:
    return {
        "id": term.pk,
        "name": term.name,
        "description": term.description,
        "code": term.code,
        "term_uri": term.term_uri,
        "parent_id": term.parent_id,
        "taxonomy_name": term.taxonomy_name,
        "taxonomy": None
        if term.taxonomy is None
        else {
            "id": term.taxonomy.pk,
            "name": term.taxonomy.name,
            "description": term.taxonomy.description,
            "uri": term.taxonomy.uri,
            "version": term.taxonomy.version,
        },
    }


def taxonomy_record(detail) -> dict:
    return {
        "id": _uuid(detail["id"]),
        "name": detail["name"],
        "description": detail.get("description", ""),
        "uri": detail.get("uri", ""),
        "version": detail.get("version", ""),
    }


def service_at_location_record(item) -> dict:
    """One ORUK service-at-location (checked against its schema) with its location, or FeedProblem."""
    checked(item, "service_at_location.json", "Service-at-location")
    return _service_at_location(item, "", _Converter(item["id"], kind="Service-at-location"))


def _service_at_location(item, where, convert) -> dict:
    place = item.get("location")
    here = f"{where}.location" if where else "location"
    if place is None:
        raise FeedProblem(
            convert.record_id, here, "give the location itself, not only its id", kind=convert.kind
        )
    link = {
        "id": _uuid(item["id"]),
        "description": item.get("description", ""),
        "location": _location(place, where=here, convert=convert),
    }
    if "schedules" in item:
        link["schedules"] = [
            convert.schedule(schedule, f"{where}.schedules[{index}]" if where else f"schedules[{index}]")
            for index, schedule in enumerate(item["schedules"])
        ]
    return link


def _location(place, *, where, convert) -> dict:
    location = {
        "id": _uuid(place["id"]),
        "name": place.get("name", ""),
        "description": place.get("description", ""),
        "location_type": place["location_type"],
        "latitude": convert.degrees(place.get("latitude"), f"{where}.latitude", limit=90),
        "longitude": convert.degrees(place.get("longitude"), f"{where}.longitude", limit=180),
        "external_identifier": place.get("external_identifier", ""),
        "external_identifier_type": place.get("external_identifier_type", ""),
    }
    if "addresses" in place:
        location["addresses"] = [
            {
                "id": _uuid(address["id"]),
                "attention": address.get("attention", ""),
                "address_1": address["address_1"],
                "city": address["city"],
                "region": address.get("region", ""),
                "state_province": address.get("state_province", ""),
                "postal_code": address["postal_code"],
                "country": address["country"],
                "address_type": address["address_type"],
            }
            for address in place["addresses"]
        ]
    if "accessibility" in place:
        location["accessibility"] = [
            {
                "id": _uuid(access["id"]),
                "description": access.get("description", ""),
                "details": access.get("details", ""),
                "url": access.get("url", ""),
                "accessibility": access.get("accessibility", ""),
            }
            for access in place["accessibility"]
        ]
    return location


def _cost_option(item, where, convert) -> dict:
    return {
        "id": _uuid(item["id"]),
        "option": item.get("option", ""),
        "amount": item.get("amount"),
        "amount_description": item.get("amount_description", ""),
        "valid_from": convert.date(item.get("valid_from"), f"{where}.valid_from"),
        "valid_to": convert.date(item.get("valid_to"), f"{where}.valid_to"),
    }


def _language(item) -> dict:
    return {
        "id": _uuid(item["id"]),
        "name": item.get("name", ""),
        "code": item.get("code", ""),
        "note": item.get("note", ""),
    }


def _service_area(item) -> dict:
    return {
        "id": _uuid(item["id"]),
        "name": item.get("name", ""),
        "description": item.get("description", ""),
        "extent": item.get("extent", ""),
        "extent_type": item.get("extent_type", ""),
        "uri": item.get("uri", ""),
        "service_area": item.get("service_area", ""),
    }


def _contact(item) -> dict:
    return {
        "id": _uuid(item["id"]),
        "name": item.get("name", ""),
        "title": item.get("title", ""),
        "email": item.get("email", ""),
        "phones": [
            {"id": _uuid(phone["id"]), "number": phone["number"], "description": phone.get("description", "")}
            for phone in item.get("phones", [])
        ],
    }


def _uuid(value) -> uuid.UUID:
    # The schema has already checked the uuid format, so this cannot fail on a validated record.
    return uuid.UUID(str(value))


class _Converter:
    """Turns the schemata's strings into dates and times, naming the field when one will not parse."""

    def __init__(self, record_id, *, kind="Service"):
        self.record_id = record_id
        self.kind = kind

    def _parse(self, parser, value, field, expected):
        if value in (None, ""):
            return None
        try:
            return parser(value)
        except (TypeError, ValueError):
            raise FeedProblem(self.record_id, field, f"{value!r} is not {expected}", kind=self.kind) from None

    def date(self, value, field):
        return self._parse(datetime.date.fromisoformat, value, field, "a date like 2026-03-31")

    def time(self, value, field):
        """A time of day; an offset (`09:00Z`, `09:00+01:00`) is read and dropped: a session meets at
        the clock time the publisher wrote all year round, across the change to and from summer
        time, so converting a fixed offset would move half the year's sessions by an hour."""
        parsed = self._parse(datetime.time.fromisoformat, value, field, "a time like 17:30")
        return parsed.replace(tzinfo=None) if parsed is not None else None

    def degrees(self, value, field, *, limit):
        """A latitude (limit 90) or longitude (limit 180) in decimal degrees, or None."""
        if value is None:
            return None
        if not -limit <= value <= limit:
            raise FeedProblem(
                self.record_id,
                field,
                f"{value!r} is not between -{limit} and {limit} degrees",
                kind=self.kind,
            )
        return value

    def datetime(self, value, field):
        parsed = self._parse(datetime.datetime.fromisoformat, value, field, "a date and time")
        if parsed is not None and parsed.tzinfo is None:
            raise FeedProblem(self.record_id, field, f"{value!r} has no time zone", kind=self.kind)
        return parsed

    def whole(self, value, field):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
            raise FeedProblem(self.record_id, field, f"{value!r} is not a whole number", kind=self.kind)
        return int(value)

    def schedule(self, item, where) -> dict:
        interval = item.get("interval")
        return {
            "id": _uuid(item["id"]),
            "freq": item.get("freq", ""),
            "interval": self.whole(interval, f"{where}.interval"),
            "byday": item.get("byday", ""),
            "opens_at": self.time(item.get("opens_at"), f"{where}.opens_at"),
            "closes_at": self.time(item.get("closes_at"), f"{where}.closes_at"),
            "valid_from": self.date(item.get("valid_from"), f"{where}.valid_from"),
            "valid_to": self.date(item.get("valid_to"), f"{where}.valid_to"),
            "description": item.get("description", ""),
            "attending_type": item.get("attending_type", ""),
            "notes": item.get("notes", ""),
        }
