"""The governance and evaluation scenarios: 'who has seen this record' and the full outcome report."""

from django.db import connection

from linkwork.casework.models import Case
from linkwork.outcomes.models import Instrument
from linkwork.referrals.models import Referral
from linkwork.reporting.evaluation.benchmark import scipy_baseline

from . import targets
from .client import Browser, run_load, run_sequence
from .stats import Row

REPORT_RUNS = 5

# The page's queries about one person, written out: the two index lookups (events naming the person,
# and lists or searches that showed them), counted, then the newest 50 (core/selectors.py).
WHO_VIEWED_COUNT_SQL = """
SELECT count(*) FROM (
    SELECT id FROM core_auditevent WHERE person_id = %s
    UNION SELECT event_id FROM core_auditappearance WHERE person_id = %s
) shown
"""
WHO_VIEWED_SQL = """
SELECT e.id, e.occurred_at, e.actor_label, e.action, e.outcome FROM core_auditevent e
WHERE e.id IN (
    SELECT id FROM core_auditevent WHERE person_id = %s
    UNION SELECT event_id FROM core_auditappearance WHERE person_id = %s
)
ORDER BY e.occurred_at DESC, e.id DESC
LIMIT 50
"""


def _who_viewed_sql(person_id):
    def action():
        with connection.cursor() as cursor:
            cursor.execute(WHO_VIEWED_COUNT_SQL, [person_id, person_id])
            cursor.execute(WHO_VIEWED_SQL, [person_id, person_id])
            return cursor.fetchall() is not None

    return action


def _access_page(browser: Browser, person_id):
    return lambda: browser.request("GET", f"/people/{person_id}/access/")[0] == 200


def who_viewed(*, leads, search_users, seconds, think, **_):
    """Team leads opening a person's 'Who has seen this record' page."""
    chosen = leads[:search_users]
    measured = run_load([_access_page(b, person) for b, person in chosen], seconds=seconds, think=think)
    baseline = run_load([_who_viewed_sql(person) for _b, person in chosen], seconds=seconds, think=think)
    return Row(
        "Who has seen this record (audit)", len(chosen), measured, "raw SQL, same lookups and count", baseline
    )


def outcome_report(*, reporter, report_browser, **_):
    """The commissioner's full outcome report (every scale, subgroups, attrition), five times in turn.

    The baseline is the floor of any report of the same statistics, run in this process: the report's
    own query for every scale's pairs, then the same scipy tests on the same groups (`scipy_baseline`).
    """
    path = f"/reports/outcomes/?{reporter.query}"
    measured = run_sequence(lambda: report_browser.request("GET", path)[0] == 200, runs=REPORT_RUNS)
    cases = Case.objects.filter(referral__scheme__slug=reporter.scheme)
    instrument = Instrument.objects.get(code=reporter.instrument)
    floors = []

    def floor():
        floors.append(scipy_baseline(cases, instrument))
        return True

    baseline = run_sequence(floor, runs=REPORT_RUNS)
    referrals = Referral.objects.count()
    return Row(
        f"Outcome report, {reporter.instrument}, {floors[-1].pairs:,} pairs",
        1,
        measured,
        f"one query for the pairs + the same {floors[-1].tests} scipy tests",
        baseline,
        *targets.report(measured, baseline, referrals),
        {"referrals": referrals},
    )
