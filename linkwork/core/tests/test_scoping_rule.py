"""The organisation scope is the only road to person data: proved over the code itself.

A view or API module may not import a person-data model, nor reach one through `.objects`,
`_default_manager` or `get_object_or_404`; it calls the app's selectors, which start from
`visible_to(actor)`. View modules are found through the URL resolver (every module that holds a view
some URL reaches, whatever the file is called), so a new view module or a new person-data model is
covered automatically.
"""

import ast
import importlib
import inspect
import sys
import textwrap
from pathlib import Path

from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from linkwork.core.scoping import ScopedQuerySet, person_data_models


def _patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def _view_functions(callback):
    """The functions or classes behind a URL's callback: the view class of a class-based view, the
    operations of a django-ninja path, or the (unwrapped) function itself."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return [view_class]
    path_view = getattr(callback, "__self__", None)
    if path_view is not None and hasattr(path_view, "operations"):
        return [operation.view_func for operation in path_view.operations]
    return [inspect.unwrap(callback)]


def endpoint_modules(urlconf=None, package="linkwork."):
    """Every module of `package` that holds a view reached by a URL."""
    modules = {
        function.__module__
        for pattern in _patterns(get_resolver(urlconf).url_patterns)
        for function in _view_functions(pattern.callback)
    }
    return sorted(
        (Path(inspect.getsourcefile(sys.modules[name])), name) for name in modules if name.startswith(package)
    )


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


def offences_in(modules, protected):
    return [
        f"{name}:{line}: {what}"
        for path, name in modules
        for line, what in unscoped_uses(path.read_text(encoding="utf-8"), protected)
    ]


def test_person_data_models_are_found():
    names = {model.__name__ for model in person_data_models()}

    assert {"Person", "LegitimateRelationship"} <= names


def test_every_person_data_model_defines_its_own_scope():
    for model in person_data_models():
        queryset_class = type(model._default_manager.all())
        assert queryset_class.visible_to is not ScopedQuerySet.visible_to, model


def test_views_and_endpoints_reach_person_data_only_through_the_scope():
    protected = {model.__name__ for model in person_data_models()}
    modules = endpoint_modules()
    assert len(modules) > 20, f"only {len(modules)} view modules found: the check would prove little"

    offences = offences_in(modules, protected)

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


def test_views_are_found_by_their_urls_whatever_their_module_is_called(tmp_path, monkeypatch):
    """A view module with an unusual name, reached by a URL, is checked like any other."""
    package = tmp_path / "planted_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "screens_for_the_front_desk.py").write_text(
        textwrap.dedent(
            """
            from linkwork.people.models import Person

            def everyone(request):
                return Person.objects.all()
            """
        )
    )
    (package / "urls.py").write_text(
        "from django.urls import path\n"
        "from .screens_for_the_front_desk import everyone\n"
        "urlpatterns = [path('everyone/', everyone)]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("planted_app.urls")
    protected = {model.__name__ for model in person_data_models()}

    with override_settings(ROOT_URLCONF="planted_app.urls"):
        modules = endpoint_modules(package="planted_app.")

    assert [name for _path, name in modules] == ["planted_app.screens_for_the_front_desk"]
    assert offences_in(modules, protected) == [
        "planted_app.screens_for_the_front_desk:2: Person",
        "planted_app.screens_for_the_front_desk:5: Person.objects",
    ]
