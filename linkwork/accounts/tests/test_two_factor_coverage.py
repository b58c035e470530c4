"""Every page in the project needs a proved second factor, unless it is on the short open list.

The URL resolver is walked, so a page added later is tested without anyone adding it here.
"""

import itertools
import uuid
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from linkwork.accounts.middleware import (
    OPEN_BEFORE_SECOND_FACTOR,
    OPEN_NAMESPACES_BEFORE_SECOND_FACTOR,
    open_before_second_factor,
)
from linkwork.accounts.models import Role
from linkwork.testing.factories import make_organisation, make_user

# Values tried for each part of a URL, until the URL leads back to the page it was made from.
SAMPLES = ("1", str(uuid.UUID(int=1)), "x1", "accounts")
OPEN_PAGES = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:two_factor_setup",
    "healthz",
    "outcomes:questionnaire",
}


def every_page(patterns=None, regexes=(), namespaces=()):
    """(name, example path, view) for every URL pattern, the admin's included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        here = (*regexes, pattern.pattern.regex.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from every_page(pattern.url_patterns, here, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name or pattern.lookup_str))
            yield name, _example_path(here, pattern.callback), pattern.callback


def _example_path(regexes, view):
    parts = [normalize(regex)[0] for regex in regexes]
    names = [name for _, params in parts for name in params]
    for values in itertools.product(SAMPLES, repeat=len(names)):
        chosen = dict(zip(names, values, strict=True))
        path = "/" + "".join(fmt % chosen for fmt, _ in parts)
        try:
            if resolve(path).func is view:
                return path
        except Exception:  # noqa: S112 - this sample does not fit; try the next one
            continue
    return None


PAGES = sorted(every_page())


def test_every_page_has_an_example_address():
    assert [name for name, path, _ in PAGES if path is None] == []


def test_the_open_list_is_short_and_names_real_pages():
    names = {name for name, _, _ in PAGES}

    assert OPEN_BEFORE_SECOND_FACTOR == OPEN_PAGES
    assert names >= OPEN_PAGES
    assert {"self_referral", "openreferral", "api"} == OPEN_NAMESPACES_BEFORE_SECOND_FACTOR
    assert any(name.startswith("admin:") for name in names)


@pytest.fixture
def password_only(client, db):
    """Signed in with the password, second factor not yet proved."""
    client.force_login(make_user("half.signed", organisation=make_organisation(), role=Role.REFERRER))
    return client


@pytest.mark.parametrize(
    ("name", "path"), [(name, path) for name, path, _ in PAGES], ids=[p[0] for p in PAGES]
)
def test_each_page_is_closed_until_the_second_factor_or_on_the_open_list(name, path, password_only):
    response = password_only.get(path)
    # The gate sends the person to set up their app, and back to this page afterwards.
    sent_to_second_factor = response.status_code == 302 and response["Location"] == (
        f"/accounts/two-factor/set-up/?{urlencode({'next': path})}"
    )

    if open_before_second_factor(resolve(path)):
        assert name in OPEN_PAGES or name.split(":")[0] in OPEN_NAMESPACES_BEFORE_SECOND_FACTOR
        assert not sent_to_second_factor
    else:
        assert sent_to_second_factor, (
            f"{name} ({path}) answered {response.status_code} before the second factor"
        )
