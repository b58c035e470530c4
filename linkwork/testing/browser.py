"""Helpers for Playwright journeys: accessibility checks with axe, run offline, and a check that no
page shows a raw code (a snake_case value, None, True or False) where words belong."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from linkwork.accounts.models import User

from .auth import current_code, known_app_device
from .factories import PASSWORD

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


# A snake_case word standing alone (not inside an address, a file name or an email).
_SNAKE_CASE = re.compile(r"(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@./-])")
# Python's None, True or False shown as a value: alone, or not followed by a word ("None that..." is English).
_PYTHON_VALUE = re.compile(r"\b(?:None|True|False)\b(?!\s+[a-z])")


def raw_codes(text: str, names=()) -> list[str]:
    """The raw codes in a page's visible text, one entry per line or table cell that shows one.

    `names` are words people chose (usernames, shown for a user with no name): never codes.
    """
    found = []
    for part in re.split(r"[\t\n]", text):
        part = part.strip()
        words = "".join(word for word in re.split(r"(\W+)", part) if word not in names)
        if _SNAKE_CASE.search(words) or _PYTHON_VALUE.search(words):
            found.append(part)
    return found


def assert_no_raw_codes(page):
    usernames = set(User.objects.values_list("username", flat=True))
    shown = raw_codes(page.locator("body").inner_text(), names=usernames)
    assert shown == [], f"Raw codes shown to the person on {page.url}:\n" + "\n".join(shown[:10])


def assert_accessible(page):
    """No WCAG 2.2 AA violations that axe can find on the page as it stands, and no raw codes shown."""
    assert_no_raw_codes(page)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    violations = results.response["violations"]
    summary = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in violations
    ]
    assert violations == [], f"Accessibility problems on {page.url}:\n" + "\n".join(summary)


def log_in(page, base_url, username, password=PASSWORD):
    """Sign in through the login page and the security code page as a person would, from a fresh session.

    The user's authenticator app is the known test one, so the code can be worked out here.
    """
    device = known_app_device(User.objects.get(username=username))
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    enter_code(page, device)


def enter_code(page, device):
    """Answer the security code page with the code the user's app would show now."""
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_have_count(0)


def fill_date(scope, day) -> None:
    """Type a date into the Day, Month and Year boxes of a date field (`scope`: the page or its group)."""
    scope.get_by_label("Day").fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))
