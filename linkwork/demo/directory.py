"""A synthetic community directory for the three demo areas. Every group, address and number is invented.

The listings are data (`directory.json`). Ids are derived from fixed names (UUID 5) and the records
go through the directory's own import service, so seeding again changes nothing. Verification dates
are relative to today, so some listings are always more than six months old (shown as possibly out
of date); a re-seed on a later day moves them on.
"""

import datetime
import json
import uuid
from functools import cache
from pathlib import Path

from django.utils import timezone

from linkwork.accounts.models import Organisation
from linkwork.core.context import Actor
from linkwork.directory.services import directory_import

_NAMESPACE = uuid.UUID("0c0e5a3c-4d4b-4f57-9a52-6c696e6b776f")
_DATA = Path(__file__).with_name("directory.json")


@cache
def directory_data() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def directory_seed(*, by: Actor) -> int:
    """Create or bring back the demo directory. Returns how many services it holds."""
    data = directory_data()
    taxonomy = {
        "id": _id("taxonomy"),
        "name": "Linkwork social prescribing categories",
        "description": "The kinds of community support link workers connect people with.",
        "uri": "",
        "version": "1",
    }
    terms = {
        code: {
            "id": _id(f"term:{code}"),
            "name": name,
            "description": name,
            "code": code,
            "term_uri": "",
            "parent_id": None,
            "taxonomy": taxonomy,
        }
        for code, name in data["categories"].items()
    }
    vcse_groups = Organisation.objects.filter(kind=Organisation.Kind.VCSE, name__in=data["organisations"])
    owners = {str(_id(f"organisation:{group.name}")): group for group in vcse_groups}
    today = timezone.localdate()
    records = [
        _record(listing, number, data=data, terms=terms, today=today)
        for number, listing in enumerate(data["services"], start=1)
    ]
    directory_import(by=by, records=records, source="demo", owners=owners)
    return len(records)


def _record(listing: dict, number: int, *, data: dict, terms: dict, today: datetime.date) -> dict:
    key = listing["key"]
    area = data["areas"][listing["area"]]
    organisation = listing["organisation"]
    cost = listing["cost"]
    return {
        "id": _id(f"service:{key}"),
        "name": listing["name"],
        "description": listing["description"],
        "url": f"https://{key}.example.org/",
        "email": f"hello@{key}.example.org",
        "status": "active",
        "alert": "",
        "minimum_age": listing.get("minimum_age"),
        "maximum_age": listing.get("maximum_age"),
        "last_verified_on": today - datetime.timedelta(days=listing["verified_days_ago"]),
        "assurer_email": "",
        "capacity_status": listing["capacity"],
        "expected_wait_weeks": listing.get("expected_wait_weeks"),
        "attendance": listing["attendance"],
        "referral_method": listing["referral_method"],
        "target_groups": listing["target_groups"],
        "organisation": {
            "id": _id(f"organisation:{organisation}"),
            "name": organisation,
            "description": data["organisations"][organisation],
            "email": "",
            "website": "",
        },
        "categories": [
            {"id": _id(f"category:{key}:{code}"), "taxonomy_term": terms[code]}
            for code in listing["categories"]
        ],
        "service_at_locations": [
            {
                "id": _id(f"service_at_location:{key}"),
                "description": "",
                "location": _location(key, number, organisation, area),
                "schedules": [
                    {
                        "id": _id(f"schedule:{key}:{index}"),
                        "freq": "WEEKLY",
                        "interval": 1,
                        "byday": session["days"],
                        "opens_at": datetime.time.fromisoformat(session["opens"]),
                        "closes_at": datetime.time.fromisoformat(session["closes"]),
                        "description": "",
                    }
                    for index, session in enumerate(listing["sessions"])
                ],
            }
        ],
        "schedules": [],
        "cost_options": [
            {
                "id": _id(f"cost:{key}"),
                "option": "per session" if cost else "",
                "amount": cost["amount"] if cost else 0,
                "amount_description": cost["description"] if cost else "Free",
            }
        ],
        "languages": [
            {"id": _id(f"language:{key}:{language['code']}"), "note": "", **language}
            for language in [{"code": "en", "name": "English"}, *listing["languages"]]
        ],
        "service_areas": [],
        "contacts": [
            {
                "id": _id(f"contact:{key}"),
                "name": "Enquiries",
                "title": "",
                "email": "",
                # Ofcom's range for drama (0191 498 0000 to 0999): never a real line.
                "phones": [
                    {"id": _id(f"phone:{key}"), "number": f"0191 498 {number:04d}", "description": ""}
                ],
            }
        ],
    }


def _location(key: str, number: int, organisation: str, area: dict) -> dict:
    return {
        "id": _id(f"location:{key}"),
        "name": f"{organisation}, {area['city']}",
        "description": "",
        "location_type": "physical",
        # Spread a little around the area's centre so a map does not stack every pin.
        "latitude": round(area["latitude"] + (number % 5 - 2) * 0.003, 5),
        "longitude": round(area["longitude"] + (number % 7 - 3) * 0.003, 5),
        "addresses": [
            {
                "id": _id(f"address:{key}"),
                "address_1": f"{number} Community Centre Road",
                "city": area["city"],
                "region": "",
                "state_province": "",
                "postal_code": f"{area['outward_code']} 9Z{'WXY'[number % 3]}",
                "country": "GB",
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {
                "id": _id(f"accessibility:{key}"),
                "description": "Step-free entrance and accessible toilet",
                "details": "",
                "url": "",
            }
        ],
    }


def _id(name: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, name)
