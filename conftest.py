"""Test-wide set-up: browser tests run on Debian's Chromium, or say plainly why they did not."""

import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from schemathesis.pytest.plugin import SchemathesisFunction

# Property tests draw the same examples on every run, so a green main stays green; run with
# HYPOTHESIS_PROFILE=explore to search new examples (and add any failure found as a plain test).
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("LINKWORK_REQUIRE_BROWSER") == "1"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's sync API keeps an event loop on the test thread; Django would then refuse the
# ordinary synchronous database calls that the tests and live_server make on that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_NOT_RUN = "Browser tests NOT run: {} not found. Install it with `apt-get install -y chromium`."

pytest_plugins = [
    "linkwork.testing.shared",
    "linkwork.testing.fixtures",
    "linkwork.testing.cases",
    "linkwork.testing.access",
]


def pytest_collection_modifyitems(config, items):
    _give_every_test_its_own_id(items)
    _deselect_postgresql_only(config, items)
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or CHROMIUM.exists():
        return
    if REQUIRE_BROWSER:
        raise pytest.UsageError(
            _NOT_RUN.format(CHROMIUM) + " LINKWORK_REQUIRE_BROWSER=1 makes this a failure."
        )
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config.hook.pytest_deselected(items=browser_items)
    config.stash[_browser_note_key] = _NOT_RUN.format(CHROMIUM) + f" ({len(browser_items)} deselected)"


def _give_every_test_its_own_id(items):
    """pytest-xdist tracks tests by id and silently runs only one of two tests that share it.

    Schemathesis names each API operation's test `test_x[POST /path]` but leaves its id `test_x` (on
    pytest 9), so every operation after the first would go unrun: each gets the id its name gives.
    Any other shared id stops the run.
    """
    for item in items:
        if isinstance(item, SchemathesisFunction) and not item.nodeid.endswith("]"):
            function_name, _, operation = item.name.partition("[")
            item._id = item.parent.id.child(function_name).with_params(operation.removesuffix("]"))
    shared = sorted(nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1)
    if shared:
        raise pytest.UsageError(f"These tests share an id, so parallel runs would skip all but one: {shared}")


_browser_note_key = pytest.StashKey[str]()
_postgresql_note_key = pytest.StashKey[str]()


def _deselect_postgresql_only(config, items):
    """Tests of PostgreSQL-only safeguards run where DATABASE_URL is PostgreSQL (CI's second pass);
    tests against a real Redis run where TEST_REDIS_URL is set (CI sets it)."""
    needs = {
        "postgresql": os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        "redis": bool(os.environ.get("TEST_REDIS_URL")),
    }
    notes = []
    for marker, available in needs.items():
        unavailable = [item for item in items if item.get_closest_marker(marker)]
        if available or not unavailable:
            continue
        items[:] = [item for item in items if not item.get_closest_marker(marker)]
        config.hook.pytest_deselected(items=unavailable)
        notes.append(f"{len(unavailable)} {marker}-only tests not run here (CI runs them)")
    if notes:
        config.stash[_postgresql_note_key] = "; ".join(notes) + "."


def _notes(config) -> list[str]:
    return [
        note for key in (_postgresql_note_key, _browser_note_key) if (note := config.stash.get(key, None))
    ]


def pytest_sessionfinish(session):
    """A parallel worker hands its notes to the main process, which prints them (pytest-xdist)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["linkwork_notes"] = _notes(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    notes = node.config.stash.setdefault(_worker_notes_key, [])
    for note in getattr(node, "workeroutput", {}).get("linkwork_notes", []):
        if note not in notes:
            notes.append(note)


_worker_notes_key = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, config):
    for note in _notes(config) + config.stash.get(_worker_notes_key, []):
        terminalreporter.write_line(note, yellow=True, bold=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so rate-limit counts never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }
