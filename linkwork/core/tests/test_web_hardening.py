"""Web hardening: no caching of signed-in pages, strict CSP, and Django's deploy checks clean."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from linkwork.testing.production import run_in_production


def _no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_signed_in_pages_with_person_data_are_never_stored(world, login, open_case):
    client = login(world.users["link_worker"])

    for url in (
        reverse("casework:case", args=[open_case.pk]),
        reverse("people:detail", args=[open_case.person_id]),
        # A page whose view sets no cache headers itself: the middleware still does.
        reverse("schemes:list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


@pytest.mark.django_db
def test_api_answers_to_a_bearer_token_are_never_stored(world, token_for):
    from django.test import Client

    response = Client().get(
        reverse("api:reports_outcomes"), headers={"Authorization": f"Bearer {token_for('commissioner')}"}
    )

    assert _no_store(response)


@pytest.mark.django_db
def test_public_open_data_stays_cacheable(client):
    response = client.get(reverse("openreferral:services"))

    assert response.status_code == 200
    assert not _no_store(response)


def test_templates_have_no_inline_script_or_event_handlers():
    """The CSP allows scripts from 'self' with a nonce only; inline code would be blocked (or a hole)."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=", re.IGNORECASE)
    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR, "linkwork").rglob("*.jinja")
        if inline.search(path.read_text())
    ]
    assert offenders == []
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]


def test_deploy_checks_are_clean_with_production_settings():
    result = run_in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sets_a_year_of_hsts_and_secure_cookies():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = run_in_production("-c", script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-6:] == ["31536000", "True", "True", "True", "True", "True"]


SIGN_IN_DECORATORS = {"member_required", "login_required", "staff_member_required"}


def _decorator_names(function) -> set[str]:
    names = set()
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    return names


def test_only_public_views_say_never_cache_as_the_middleware_covers_signed_in_ones():
    """NoStoreMiddleware sends no-store to every signed-in request; a second rule on the view would
    only hide which of the two is doing the work."""
    package = Path(settings.BASE_DIR) / "linkwork"
    doubled = [
        f"{path.relative_to(package)}:{function.name}"
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        for function in ast.walk(ast.parse(path.read_text()))
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        and "never_cache" in _decorator_names(function)
        and _decorator_names(function) & SIGN_IN_DECORATORS
    ]

    assert doubled == []
