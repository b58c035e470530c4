"""Offline validation against the published ORUK 3.0 files copied into `standards/oruk-3.0/`.

Built here, apart from the product's own schema loader, so a mistake there cannot hide one in
the responses. Each response is checked against the schema `openapi.json` declares for its path,
with the schemata's bare-name `$ref`s and the OpenAPI file's raw.githubusercontent addresses
resolved to the local files; nothing is fetched.
"""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

STANDARD = Path(__file__).resolve().parents[4] / "standards" / "oruk-3.0"
REMOTE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
# Named by openapi.json but not published as files: a list item is the object's schema, fewer fields filled.
UNPUBLISHED = {
    "service_list.json": "service.json",
    "service_at_location_list.json": "service_at_location.json",
}


def _resource(path: Path) -> Resource:
    return Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)


def _local(uri: str) -> Resource:
    if not uri.startswith(REMOTE):
        raise NoSuchResource(ref=uri)
    name = uri.removeprefix(REMOTE).removeprefix("compiled/")
    return _resource(STANDARD / "schemata" / UNPUBLISHED.get(name, name))


REGISTRY = Registry(retrieve=_local).with_resources(
    [(path.name, _resource(path)) for path in (STANDARD / "schemata").glob("*.json")]
    + [("openapi.json", _resource(STANDARD / "openapi.json"))]
)


def schema_errors(instance, ref: str) -> list[str]:
    validator = Draft202012Validator(
        {"$ref": ref}, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(instance)]


def openapi_ref(path: str) -> str:
    """The JSON pointer to the 200 response schema openapi.json declares for `path` (e.g. "/services")."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"openapi.json#/paths/{escaped}/get/responses/200/content/application~1json/schema"


@pytest.fixture
def oruk_errors():
    """What is wrong with a body against the openapi.json schema for its path, or a named schemata file."""

    def errors(instance, *, path: str | None = None, schema: str | None = None) -> list[str]:
        return schema_errors(instance, openapi_ref(path) if path else schema)

    return errors


@pytest.fixture
def assert_valid(oruk_errors):
    def check(instance, **where):
        errors = oruk_errors(instance, **where)
        assert errors == [], errors

    return check


@pytest.fixture
def example():
    def load(name):
        return json.loads((STANDARD / "examples" / name).read_text())

    return load
