"""The bench's scenarios: each page (or query) under load, then its baseline under the same load.

Each function returns one Row. Pages use the signed-in page users' sessions (20 at once; search 10);
sign-in uses fresh sessions of other link workers, since a signed-in session is sent on past the form.
"""

import itertools
from urllib.parse import urlencode

from django.db import connection

from .client import Browser, run_load
from .prepare import PASSWORD, SEARCH_WORDS
from .stats import Row

# What the search page's full-text search does, written out: matching on the stored, GIN-indexed
# vector and ordering by rank, the first page of 20 (see directory/search_index.py).
SEARCH_SQL = """
SELECT id, name FROM directory_service
WHERE status IN ('active', 'temporarily closed') AND search_vector @@ plainto_tsquery('english', %s)
ORDER BY ts_rank(search_vector, plainto_tsquery('english', %s)) DESC, name
LIMIT 20
"""


def _get(browser: Browser, path: str):
    return lambda: browser.request("GET", path)[0] == 200


def case_page(*, port, pages, seconds, **_):
    measured = run_load([_get(b, f"/cases/{u.case_id}/") for b, u in pages], seconds=seconds)
    baseline = run_load([_get(b, f"/bench-baseline/cases/{u.case_id}/") for b, u in pages], seconds=seconds)
    return Row("Case page", len(pages), measured, "bare view, same selectors", baseline)


def caseload_page(*, port, pages, seconds, **_):
    measured = run_load([_get(b, "/caseload/") for b, _u in pages], seconds=seconds)
    baseline = run_load([_get(b, "/bench-baseline/caseload/") for b, _u in pages], seconds=seconds)
    return Row("Caseload, first page", len(pages), measured, "bare view, same selector", baseline)


def _words(offset: int):
    return itertools.islice(itertools.cycle(SEARCH_WORDS), offset, None)


def _search_page(browser: Browser, words):
    return lambda: browser.request("GET", "/directory/?" + _query(next(words)))[0] == 200


def _query(word: str) -> str:
    return urlencode({"q": word})


def _search_sql(words):
    def action():
        word = next(words)
        with connection.cursor() as cursor:
            cursor.execute(SEARCH_SQL, [word, word])
            return cursor.fetchall() is not None

    return action


def directory_search(*, port, pages, search_users, seconds, **_):
    users = pages[:search_users]
    measured = run_load([_search_page(b, _words(i)) for i, (b, _u) in enumerate(users)], seconds=seconds)
    baseline = run_load([_search_sql(_words(i)) for i in range(len(users))], seconds=seconds)
    return Row("Directory search (words)", len(users), measured, "raw SQL full-text query", baseline)


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
    measured = run_load([_password_step(port, name) for name in logins], seconds=seconds)
    baseline = run_load([_password_check(port, name) for name in logins], seconds=seconds)
    return Row("Sign-in, password step", len(logins), measured, "bare view, password check", baseline)


ALL = [
    ("case page", case_page),
    ("caseload", caseload_page),
    ("directory search", directory_search),
    ("sign-in", sign_in),
]
