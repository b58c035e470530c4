"""Helpers for Playwright journeys: accessibility checks with axe, run offline."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from linkwork.accounts.models import User

from .auth import current_code, known_app_device
from .factories import PASSWORD

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page):
    """No WCAG 2.2 AA violations that axe can find on the page as it stands."""
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
