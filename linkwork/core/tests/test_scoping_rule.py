"""The organisation scope is the only road to person data: proved over the code itself.

A view or API module may not import a person-data model, nor reach one through `.objects`,
`_default_manager` or `get_object_or_404`; it calls the app's selectors, which start from
`visible_to(actor)`. A new person-data model or a new view module is covered automatically.
"""

import ast
from pathlib import Path

import linkwork
from linkwork.core.scoping import ScopedQuerySet, person_data_models

PACKAGE_ROOT = Path(linkwork.__file__).resolve().parent
ENDPOINT_MODULE_NAMES = {"views.py", "api.py", "endpoints.py"}
ENDPOINT_PACKAGE_NAMES = {"views", "api", "endpoints"}


def endpoint_modules():
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name in ENDPOINT_MODULE_NAMES or ENDPOINT_PACKAGE_NAMES & set(path.parent.parts):
            yield path


def unscoped_uses(source, protected):
    """Names of protected models a module imports or queries directly, with line numbers."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] == "models":
            found += [(node.lineno, alias.name) for alias in node.names if alias.name in protected | {"*"}]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.endswith(".models")]
        elif isinstance(node, ast.Attribute) and node.attr in {
            "objects",
            "_default_manager",
            "_base_manager",
        }:
            if isinstance(node.value, ast.Name) and node.value.id in protected:
                found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif _is_lookup_of(node, protected):
            found.append((node.lineno, f"{node.func.id}({node.args[0].id})"))
    return found


def _is_lookup_of(node, protected):
    """get_object_or_404(Model, ...) or get_list_or_404(Model, ...) on a protected model."""
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", "") in {"get_object_or_404", "get_list_or_404"}
        and bool(node.args)
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in protected
    )


def test_person_data_models_are_found():
    names = {model.__name__ for model in person_data_models()}

    assert {"Person", "LegitimateRelationship"} <= names


def test_every_person_data_model_defines_its_own_scope():
    for model in person_data_models():
        queryset_class = type(model._default_manager.all())
        assert queryset_class.visible_to is not ScopedQuerySet.visible_to, model


def test_views_and_endpoints_reach_person_data_only_through_the_scope():
    protected = {model.__name__ for model in person_data_models()}
    modules = list(endpoint_modules())
    assert modules, "no view modules found: the check would prove nothing"

    offences = [
        f"{path.relative_to(PACKAGE_ROOT)}:{line}: {what}"
        for path in modules
        for line, what in unscoped_uses(path.read_text(encoding="utf-8"), protected)
    ]

    assert offences == [], "Use the app's selectors (which start from visible_to) instead:\n" + "\n".join(
        offences
    )


def test_the_check_catches_each_way_round_the_scope():
    protected = {"Person"}
    samples = [
        "from linkwork.people.models import Person",
        "from .models import *",
        "import linkwork.people.models",
        "people = Person.objects.all()",
        "people = Person._default_manager.all()",
        "person = get_object_or_404(Person, pk=1)",
    ]

    for sample in samples:
        assert unscoped_uses(sample, protected), sample
    assert (
        unscoped_uses("from .selectors import person_open\nperson_open(actor=a, person_id=1)", protected)
        == []
    )
