"""The published ORUK 3.0 JSON Schemas, read from `standards/oruk-3.0/` and never fetched.

The schemata `$ref` each other by bare file name, and the OpenAPI file refers to compiled copies
on raw.githubusercontent.com: both resolve to the local files. The OpenAPI file names list
schemas (`service_list.json`, `service_at_location_list.json`) that are not published as files;
a list item is the object's own schema with fewer fields filled, so they map to that schema.
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

STANDARD_DIR = Path(settings.BASE_DIR) / "standards" / "oruk-3.0"
SCHEMATA_DIR = STANDARD_DIR / "schemata"
_REMOTE_PREFIXES = (
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/",
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/",
)
_LIST_SCHEMAS = {
    "service_list.json": "service.json",
    "service_at_location_list.json": "service_at_location.json",
}


@cache
def _contents(name: str) -> dict:
    return json.loads((SCHEMATA_DIR / name).read_text(encoding="utf-8"))


def _retrieve(uri: str) -> Resource:
    """Resolve a `$ref` the registry does not hold yet: only to a local file, never over the network."""
    name = uri
    for prefix in _REMOTE_PREFIXES:
        if uri.startswith(prefix):
            name = uri.removeprefix(prefix)
            break
    name = _LIST_SCHEMAS.get(name, name)
    if "/" in name or not (SCHEMATA_DIR / name).is_file():
        raise NoSuchResource(ref=uri)
    return Resource.from_contents(_contents(name), default_specification=DRAFT202012)


@cache
def registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(_contents(path.name), default_specification=DRAFT202012))
        for path in sorted(SCHEMATA_DIR.glob("*.json"))
    ]
    return Registry(retrieve=_retrieve).with_resources(resources)


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A validator for one schema file (e.g. "service.json"), checking formats such as uuid and date-time."""
    return Draft202012Validator(
        {"$ref": schema_name},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def problems(instance, schema_name: str) -> list[tuple[str, str]]:
    """Each way `instance` breaks the schema, as (path like `schedules[0].opens_at`, message)."""
    return [
        (_path(error.absolute_path), error.message)
        for error in sorted(
            validator(schema_name).iter_errors(instance), key=lambda e: list(map(str, e.path))
        )
    ]


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the record itself)"
