"""The bench's read scenarios: each page (or query) under load, then its baseline under the same load.

Each function returns one Row. Pages use the signed-in page users' sessions (20 at once; search 10),
each user pausing about a second between clicks (`think`), as people reading pages do; sign-in uses
fresh sessions of other link workers, since a signed-in session is sent on past the form.
"""

import itertools
from urllib.parse import urlencode

from django.db import connection

from linkwork.directory.models import Service

from . import targets
from .client import Browser, run_load
from .prepare import PASSWORD, SEARCH_WORDS
from .stats import Row

# What the search page's full-text search does, written out: matching on the stored, GIN-indexed
# vector, counting the matches, and ordering by rank for the first page of 20 (directory/search_index.py).
SEARCH_COUNT_SQL = """
SELECT count(*) FROM directory_service
WHERE status IN ('active', 'temporarily closed') AND search_vector @@ plainto_tsquery('english', %s)
"""
SEARCH_SQL = """
SELECT id, name FROM directory_service
WHERE status IN ('active', 'temporarily closed') AND search_vector @@ plainto_tsquery('english', %s)
ORDER BY ts_rank(search_vector, plainto_tsquery('english', %s)) DESC, name
LIMIT 20
"""


def _get(browser: Browser, path: str):
    return lambda: browser.request("GET", path)[0] == 200


def _page_row(name, users, paths, baseline_paths, baseline_name, *, seconds, think):
    measured = run_load(
        [_get(b, path) for b, path in zip(users, paths, strict=True)], seconds=seconds, think=think
    )
    baseline = run_load(
        [_get(b, path) for b, path in zip(users, baseline_paths, strict=True)], seconds=seconds, think=think
    )
    return Row(name, len(users), measured, baseline_name, baseline, *targets.page(measured, baseline))


def case_page(*, pages, seconds, think, **_):
    browsers = [b for b, _u in pages]
    return _page_row(
        "Case page",
        browsers,
        [f"/cases/{u.case_id}/" for _b, u in pages],
        [f"/bench-baseline/cases/{u.case_id}/" for _b, u in pages],
        "bare view, same selectors",
        seconds=seconds,
        think=think,
    )


def caseload_page(*, pages, seconds, think, **_):
    browsers = [b for b, _u in pages]
    return _page_row(
        "Caseload, first page",
        browsers,
        ["/caseload/"] * len(pages),
        ["/bench-baseline/caseload/"] * len(pages),
        "bare view, same selector",
        seconds=seconds,
        think=think,
    )


def caseload_deep_page(*, pages, seconds, think, **_):
    """The last page of each user's closed cases, reached by the page's own 'after' cursor."""
    browsers = [b for b, _u in pages]
    queries = [urlencode({"status": "closed", "after": u.deep_after}) for _b, u in pages]
    return _page_row(
        "Caseload, last page of closed cases",
        browsers,
        [f"/caseload/?{query}" for query in queries],
        [f"/bench-baseline/caseload/?{query}" for query in queries],
        "bare view, same selector",
        seconds=seconds,
        think=think,
    )


def _words(offset: int):
    return itertools.islice(itertools.cycle(SEARCH_WORDS), offset, None)


def _search_page(browser: Browser, words):
    return lambda: browser.request("GET", "/directory/?" + urlencode({"q": next(words)}))[0] == 200


def _search_sql(words):
    def action():
        word = next(words)
        with connection.cursor() as cursor:
            cursor.execute(SEARCH_COUNT_SQL, [word])
            cursor.execute(SEARCH_SQL, [word, word])
            return cursor.fetchall() is not None

    return action


def directory_search(*, pages, search_users, seconds, think, **_):
    users = pages[:search_users]
    services = Service.objects.count()
    measured = run_load(
        [_search_page(b, _words(i)) for i, (b, _u) in enumerate(users)], seconds=seconds, think=think
    )
    baseline = run_load([_search_sql(_words(i)) for i in range(len(users))], seconds=seconds, think=think)
    return Row(
        f"Directory search, {services:,} services",
        len(users),
        measured,
        "raw SQL full-text count and page",
        baseline,
        *targets.search(measured, services),
    )


def _password_step(port, username):
    def action():
        Browser(port).password_step(username, PASSWORD)
        return True

    return action


def _password_check(port, username):
    def action():
        form = {"username": username, "password": PASSWORD}
        return Browser(port).request("POST", "/bench-baseline/login/", form)[0] == 200

    return action


def sign_in(*, port, logins, seconds, **_):
    """Fresh sign-ins back to back (no pause): Argon2 is the cost, and the floor is the hash alone."""
    measured = run_load([_password_step(port, name) for name in logins], seconds=seconds)
    baseline = run_load([_password_check(port, name) for name in logins], seconds=seconds)
    return Row(
        "Sign-in, password step",
        len(logins),
        measured,
        "bare view, password check",
        baseline,
        *targets.floor_only(measured, baseline),
    )
