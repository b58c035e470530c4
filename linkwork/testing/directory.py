"""Directory listings for tests, saved through the directory's real import service."""

import datetime
import uuid

from django.utils import timezone

from linkwork.directory.models import Service
from linkwork.directory.services import directory_import

from .factories import SYSTEM

TAXONOMY = {"id": uuid.uuid4(), "name": "Test categories", "description": "", "uri": "", "version": "1"}


def category(code: str, name: str | None = None) -> dict:
    """A taxonomy term record; the same code always gives the same term id."""
    return {
        "id": uuid.uuid5(TAXONOMY["id"], code),
        "name": name or code.replace("_", " ").capitalize(),
        "description": "",
        "code": code,
        "term_uri": "",
        "parent_id": None,
        "taxonomy": TAXONOMY,
    }


def session(days="MO", opens="10:00", closes="12:00") -> dict:
    return {
        "id": uuid.uuid4(),
        "freq": "WEEKLY",
        "interval": 1,
        "byday": days,
        "opens_at": datetime.time.fromisoformat(opens),
        "closes_at": datetime.time.fromisoformat(closes),
        "description": "",
    }


def listing(
    name="Benwell walking group",
    *,
    description="A friendly group that meets every week.",
    categories=("physical_activity",),
    sessions=None,
    cost=None,
    languages=(),
    postcode="NE4 9ZZ",
    organisation_name="Community Group",
    **fields,
) -> dict:
    """A complete service record (see `directory.services`), with any service field overridden."""
    service_id = fields.pop("id", uuid.uuid4())
    sessions = [session()] if sessions is None else sessions
    return {
        "id": service_id,
        "name": name,
        "description": description,
        "url": "",
        "email": "",
        "status": "active",
        "alert": "",
        "minimum_age": None,
        "maximum_age": None,
        "last_verified_on": timezone.localdate(),
        "assurer_email": "",
        "capacity_status": "has_capacity",
        "expected_wait_weeks": None,
        "attendance": "booked",
        "referral_method": "through_linkwork",
        "target_groups": [],
        **fields,
        "organisation": {
            "id": uuid.uuid5(uuid.NAMESPACE_URL, organisation_name),
            "name": organisation_name,
            "description": "",
            "email": "",
            "website": "",
        },
        "categories": [{"id": uuid.uuid4(), "taxonomy_term": category(code)} for code in categories],
        "service_at_locations": [
            {
                "id": uuid.uuid4(),
                "description": "",
                "location": {
                    "id": uuid.uuid4(),
                    "name": "Community centre",
                    "description": "",
                    "location_type": "physical",
                    "latitude": 54.97,
                    "longitude": -1.65,
                    "addresses": [
                        {
                            "id": uuid.uuid4(),
                            "address_1": "1 Test Street",
                            "city": "Newcastle upon Tyne",
                            "region": "",
                            "state_province": "",
                            "postal_code": postcode,
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {"id": uuid.uuid4(), "description": "Step-free entrance", "details": "", "url": ""}
                    ],
                },
                "schedules": sessions,
            }
        ],
        "schedules": [],
        "cost_options": [
            {
                "id": uuid.uuid4(),
                "option": "per session",
                "amount": cost if cost is not None else 0,
                "amount_description": "" if cost else "Free",
            }
        ],
        "languages": [
            {"id": uuid.uuid4(), "name": language_name, "code": code, "note": ""}
            for code, language_name in [("en", "English"), *languages]
        ],
        "service_areas": [],
        "contacts": [
            {
                "id": uuid.uuid4(),
                "name": "Enquiries",
                "title": "",
                "email": "",
                "phones": [{"id": uuid.uuid4(), "number": "0191 498 0000", "description": ""}],
            }
        ],
    }


def directory_add(*records, owners=None) -> list[Service]:
    directory_import(by=SYSTEM, records=list(records), source="test", owners=owners)
    return [Service.objects.get(pk=record["id"]) for record in records]


# One listing with fixed ids, for tests that need the same public record more than once.
_PUBLIC_LISTING = listing("Public walking group", id=uuid.UUID("5b0f5c57-2e7b-4c55-9a7e-3d1f0c1e2a01"))


def public_listing_ids() -> dict:
    """Save the fixed listing (again: saving it twice changes nothing) and give the ids its URLs take."""
    directory_add(_PUBLIC_LISTING)
    term = _PUBLIC_LISTING["categories"][0]["taxonomy_term"]
    return {
        "service_id": _PUBLIC_LISTING["id"],
        "service_at_location_id": _PUBLIC_LISTING["service_at_locations"][0]["id"],
        "taxonomy_id": term["taxonomy"]["id"],
        "taxonomy_term_id": term["id"],
    }


_OWNED_LISTING = listing(
    "Owned walking group",
    id=uuid.UUID("5b0f5c57-2e7b-4c55-9a7e-3d1f0c1e2a02"),
    organisation_name="Owned walking group's organisation",
)


def owned_listing_id(owner) -> uuid.UUID:
    """Save a fixed listing kept by `owner` (a Linkwork organisation) and give its id."""
    directory_add(_OWNED_LISTING, owners={str(_OWNED_LISTING["organisation"]["id"]): owner})
    return _OWNED_LISTING["id"]
