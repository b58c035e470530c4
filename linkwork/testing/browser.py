"""Helpers for Playwright journeys: accessibility checks with axe, run offline."""

from axe_playwright_python.sync_playwright import Axe

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
