"""The look and the safety of every page: NHS.UK layout, own error pages, nothing from other hosts."""

import re

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from linkwork.testing.auth import sign_in

EXTERNAL_REFERENCE = re.compile(r'(?:src|href|action)="(?:https?:)?//', re.IGNORECASE)


def test_pages_use_the_nhs_layout_and_ask_nothing_of_other_hosts(client, world):
    pages = [client.get(reverse("accounts:login"))]
    sign_in(client, world.users["referrer"])
    pages += [client.get(reverse("home")), client.get(reverse("people:list"))]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="nhsuk-header' in html
        assert 'href="/assets/nhsuk-frontend.min.css"' in html
        assert not EXTERNAL_REFERENCE.search(html), response.request["PATH_INFO"]


def test_the_content_security_policy_allows_only_this_site_and_a_per_request_nonce(client, db):
    first = client.get(reverse("accounts:login"))
    second = client.get(reverse("accounts:login"))

    policy = first["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in first.content.decode()
    assert nonce not in second["Content-Security-Policy"]


def test_the_built_stylesheet_refers_to_no_other_host():
    css = (settings.FRONTEND_DIR / "nhsuk-frontend.min.css").read_text(encoding="utf-8")

    assert ".nhsuk-header" in css
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css)


def test_static_assets_are_served_under_assets(client, db):
    assert client.get("/assets/nhsuk-frontend.min.css").status_code == 200
    assert client.get("/assets/images/nhsuk-icon-search.svg").status_code == 200


def test_a_missing_page_gets_the_service_404_page(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="nhsuk-header' in response.content.decode()


def test_a_forbidden_page_gets_the_service_403_page(client, world):
    sign_in(client, world.users["commissioner"])

    response = client.get(reverse("people:list"))

    assert response.status_code == 403
    assert "You do not have permission to do this" in response.content.decode()


@override_settings(ROOT_URLCONF="linkwork.core.tests.failing_urls")
def test_a_crash_gets_the_service_500_page(client, db):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_dates_are_shown_in_london_time_either_side_of_the_clock_change():
    import datetime as dt

    from linkwork.config.jinja2 import uk_date, uk_time

    summer_late = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 on 2 July in London (BST)
    winter_late = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)  # still 1 December in London (GMT)

    assert (uk_date(summer_late), uk_time(summer_late)) == ("2 July 2026", "00:30")
    assert (uk_date(winter_late), uk_time(winter_late)) == ("1 December 2026", "23:30")
