"""`make bench`: serve the app with gunicorn, load it over HTTP, print and save the figures.

Needs PostgreSQL. An empty database is migrated and seeded with the reference dataset first.
"""

import datetime
import os
import statistics
import subprocess
import time
import timeit
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from linkwork.bench import governance, scenarios, writes
from linkwork.bench.client import Browser
from linkwork.bench.directory import directory_of
from linkwork.bench.prepare import (
    PASSWORD,
    api_clients,
    bench_users,
    login_usernames,
    report_user,
    team_leads,
)
from linkwork.bench.server import free_port, gunicorn, worker_rss_mib
from linkwork.bench.stats import Report, table, write_json
from linkwork.people.models import Person

PAGE_USERS = 20
SEARCH_USERS = 10
LOGIN_USERS = 10
API_CLIENTS = 10
LARGE_DIRECTORY = 100_000


class Command(BaseCommand):
    help = "Benchmark pages, search and sign-in over HTTP against gunicorn (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=20, help="How long each scenario runs (20)")
        parser.add_argument(
            "--think", type=float, default=1.0, help="Average pause between a page user's clicks, seconds (1)"
        )
        parser.add_argument(
            "--only",
            default="",
            help="Run only these scenarios (comma-separated names from the list printed)",
        )
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "bench"))

    def handle(self, *args, seconds, think, only, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("make bench needs PostgreSQL: set DATABASE_URL=postgres://... and try again.")
        chosen = [name.strip() for name in only.split(",") if name.strip()]
        unknown = sorted(set(chosen) - set(SCENARIOS))
        if unknown:
            raise CommandError(
                f"No scenario called {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}."
            )
        self._seed_if_empty()
        users = bench_users(PAGE_USERS)
        leads = team_leads(users[:SEARCH_USERS])
        reporter = report_user()
        context = {
            "seconds": seconds,
            "think": think,
            "search_users": SEARCH_USERS,
            "logins": login_usernames(LOGIN_USERS, besides=users),
            "clients": api_clients(API_CLIENTS),
            "reporter": reporter,
            "stdout": self.stdout,
        }
        report = Report(
            commit=_commit(),
            started=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            database=_database_version(),
            load_average=[round(value, 2) for value in os.getloadavg()],
        )
        report.notes["machine"] = _machine_speed()
        connection.close()
        folder = Path(output)
        port = free_port()
        self.stdout.write(
            f"gunicorn on 127.0.0.1:{port}, {seconds:g} s a scenario, {think:g} s between clicks"
        )
        with gunicorn(port=port, log=folder / "gunicorn.log") as master:
            context["port"] = port
            context["pages"] = [(_signed_in(port, user), user) for user in users]
            # A code is accepted once per 30-second step, so each team lead signs in once.
            distinct = {lead.username: lead for lead, _person in leads}
            sessions = {name: _signed_in(port, lead) for name, lead in distinct.items()}
            context["leads"] = [(sessions[lead.username], person) for lead, person in leads]
            context["report_browser"] = _signed_in(port, reporter.user)
            for name, run in SCENARIOS.items():
                if chosen and name not in chosen:
                    continue
                self.stdout.write(f"  {name} ...")
                report.rows.append(run(**context))
            report.worker_rss_mib = worker_rss_mib(master)
        report.notes["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
        report.notes["think_seconds"] = think
        report.notes["settings"] = "linkwork.bench.settings (local settings, DEBUG off, bench URLconf)"
        self.stdout.write(table(report))
        self.stdout.write(f"load average at the end {report.notes['load_average_at_end']}")
        self.stdout.write(f"machine speed before the run: {report.notes['machine']}")
        self.stdout.write(f"saved {write_json(report, folder)}")

    def _seed_if_empty(self):
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write("No people in the database: seeding the reference dataset first.")
            call_command("sync_instruments")
            call_command("seed_scale", size="reference")


def _signed_in(port, user) -> Browser:
    browser = Browser(port)
    browser.sign_in(user.username, PASSWORD, user.key_hex)
    return browser


def _large_directory_search(**context):
    with directory_of(LARGE_DIRECTORY, stdout=context["stdout"]):
        return scenarios.directory_search(**context)


SCENARIOS = {
    "case": scenarios.case_page,
    "caseload": scenarios.caseload_page,
    "caseload-deep": scenarios.caseload_deep_page,
    "search": scenarios.directory_search,
    "search-large": _large_directory_search,
    "referrals": writes.referral_creation,
    "sign-in": scenarios.sign_in,
    "who-viewed": governance.who_viewed,
    # Last, so the workers' memory at the end includes the report's.
    "report": governance.outcome_report,
}


def _commit() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            cwd=settings.BASE_DIR,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def _machine_speed() -> str:
    """How fast this machine runs Python and a database round trip. Machines of the same kind have
    differed by more than twice, so figures from different runs compare only beside these."""
    loop_ms = min(timeit.repeat("sum(i * i for i in range(100_000))", number=10, repeat=5)) * 100
    trips = []
    with connection.cursor() as cursor:
        for _ in range(200):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            trips.append(time.perf_counter() - started)
    return f"Python loop {loop_ms:.1f} ms, SELECT 1 round trip {statistics.median(trips) * 1000:.2f} ms"


def _database_version() -> str:
    """The server's version, and whether autovacuum is on: with it off, only the bench's own VACUUMs
    tidy what earlier runs left."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW autovacuum")
        return f"PostgreSQL {version}, autovacuum {cursor.fetchone()[0]}"
