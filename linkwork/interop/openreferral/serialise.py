"""Directory records as Open Referral UK 3.0 JSON (HSDS 3.0 objects).

Optional fields that are empty are left out rather than sent as "" (an empty `email` or `url`
would break the schemata's formats). Linkwork's additions to a service travel in one `linkwork`
object, which the schemata allow and other consumers can ignore.
"""

import datetime
from decimal import Decimal

HSDS_VERSION = "HSDS-UK-3.0"
PROFILE_URL = "https://openreferral.org.uk/"
LINKWORK_EXTENSION = "linkwork"


def api_meta(*, openapi_url: str) -> dict:
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": openapi_url}


def organization(organisation) -> dict:
    return _compact(
        {
            "id": str(organisation.id),
            "name": organisation.name,
            "description": organisation.description,
            "email": organisation.email,
            "website": organisation.website,
            "logo": organisation.logo,
            "uri": organisation.uri,
            "parent_organization_id": _id(organisation.parent_organization_id),
        },
        keep=("description",),
    )


def service_summary(service) -> dict:
    """The service's one-to-one fields and its organisation, as in a paged list."""
    return _compact(
        {
            "id": str(service.id),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "alert": service.alert,
            "fees": service.fees,
            "accreditations": service.accreditations,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": _date(service.last_verified_on),
            "assurer_email": service.assurer_email,
            "last_modified": _datetime(service.last_modified),
            "organization": organization(service.organisation),
            LINKWORK_EXTENSION: _compact(
                {
                    "capacity_status": service.capacity_status,
                    "expected_wait_weeks": service.expected_wait_weeks,
                    "attendance": service.attendance,
                    "referral_method": service.referral_method,
                    "target_groups": list(service.target_groups),
                },
                keep=("target_groups",),
            ),
        }
    )


def service_full(service) -> dict:
    """A fully nested service. Expects the prefetches of `directory.selectors.FULL_SERVICE_PREFETCH`."""
    schedules = list(service.schedules.all())
    return {
        **service_summary(service),
        "attributes": [_category(link, service) for link in service.category_links.all()],
        "schedules": [schedule(item) for item in schedules if item.service_at_location_id is None],
        "service_at_locations": [
            service_at_location(
                link,
                location_data=location(link.location),
                schedules=[item for item in schedules if item.service_at_location_id == link.id],
            )
            for link in service.service_at_locations.all()
        ],
        "languages": [language(item) for item in service.languages.all()],
        "cost_options": [cost_option(item) for item in service.cost_options.all()],
        "service_areas": [service_area(item) for item in service.service_areas.all()],
        "contacts": [contact(item) for item in service.contacts.all()],
    }


def _category(link, service) -> dict:
    return {
        "id": str(link.id),
        "link_id": str(service.id),
        "link_type": "service",
        "taxonomy_term_id": str(link.taxonomy_term_id),
        "taxonomy_term": taxonomy_term(link.taxonomy_term),
    }


def service_at_location(link, *, location_data: dict, schedules=None, service_data=None) -> dict:
    data = {
        "id": str(link.id),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "description": link.description,
        "location": location_data,
        "service": service_data,
        "schedules": [schedule(item) for item in schedules] if schedules is not None else None,
    }
    return _compact(data)


def location(place, *, nested: bool = True) -> dict:
    data = {
        "id": str(place.id),
        "location_type": place.location_type,
        "name": place.name,
        "description": place.description,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "external_identifier": place.external_identifier,
        "external_identifier_type": place.external_identifier_type,
    }
    if nested:
        data["addresses"] = [address(item) for item in place.addresses.all()]
        data["accessibility"] = [accessibility(item) for item in place.accessibility.all()]
    return _compact(data, keep=("addresses", "accessibility"))


def address(item) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "location_id": str(item.location_id),
            "attention": item.attention,
            "address_1": item.address_1,
            "city": item.city,
            "region": item.region,
            "state_province": item.state_province,
            "postal_code": item.postal_code,
            "country": item.country,
            "address_type": item.address_type,
        },
        keep=("state_province",),
    )


def accessibility(item) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "location_id": str(item.location_id),
            "description": item.description,
            "details": item.details,
            "url": item.url,
            "accessibility": item.accessibility,
        }
    )


def schedule(item) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "service_at_location_id": str(item.service_at_location_id)
            if item.service_at_location_id
            else None,
            "freq": item.freq,
            "interval": item.interval,
            "byday": item.byday,
            "opens_at": _time(item.opens_at),
            "closes_at": _time(item.closes_at),
            "valid_from": _date(item.valid_from),
            "valid_to": _date(item.valid_to),
            "description": item.description,
            "attending_type": item.attending_type,
            "notes": item.notes,
        }
    )


def cost_option(item) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "option": item.option,
            "amount": _number(item.amount),
            "amount_description": item.amount_description,
            "valid_from": _date(item.valid_from),
            "valid_to": _date(item.valid_to),
        }
    )


def language(item) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "name": item.name,
            "code": item.code,
            "note": item.note,
        }
    )


def service_area(item) -> dict:
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "name": item.name,
            "description": item.description,
            "extent": item.extent,
            "extent_type": item.extent_type,
            "uri": item.uri,
            "service_area": item.service_area,
        }
    )


def contact(item) -> dict:
    phones = [
        _compact(
            {
                "id": str(phone.id),
                "contact_id": str(item.id),
                "number": phone.number,
                "description": phone.description,
            }
        )
        for phone in item.phones.all()
    ]
    return _compact(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "name": item.name,
            "title": item.title,
            "email": item.email,
            "phones": phones,
        },
        keep=("phones",),
    )


def taxonomy(item, *, terms=None) -> dict:
    data = _compact(
        {
            "id": str(item.id),
            "name": item.name,
            "description": item.description,
            "uri": item.uri,
            "version": item.version,
        },
        keep=("description",),
    )
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(term, with_taxonomy=False) for term in terms]
    return data


def taxonomy_term(term, *, with_taxonomy: bool = True) -> dict:
    data = _compact(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy_id": str(term.taxonomy_id) if term.taxonomy_id else None,
            "term": term.code,
            "term_uri": term.term_uri,
        },
        keep=("description",),
    )
    if term.taxonomy_name:
        data["taxonomy"] = term.taxonomy_name
    if with_taxonomy and term.taxonomy is not None:
        data["taxonomy"] = term.taxonomy.name
        # HSDS 3.0's `taxonomy_detail`: enough for an importer to recreate the taxonomy itself.
        data["taxonomy_detail"] = taxonomy(term.taxonomy)
    return data


def page(*, items: list, total_items: int, page_number: int, per_page: int) -> dict:
    """The ORUK page envelope around one page of results."""
    total_pages = (total_items + per_page - 1) // per_page
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not items,
        "contents": items,
    }


def _compact(data: dict, keep=()) -> dict:
    return {key: value for key, value in data.items() if key in keep or value not in (None, "", [])}


def _id(value) -> str | None:
    return str(value) if value else None


def _date(value: datetime.date | None):
    return value.isoformat() if value else None


def _time(value: datetime.time | None):
    return value.strftime("%H:%M") if value else None


def _datetime(value: datetime.datetime) -> str:
    """UTC with millisecond accuracy, as HSDS asks for `last_modified`."""
    return value.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
