"""`make bench`: serve the app with gunicorn, load it over HTTP, print and save the figures.

Needs PostgreSQL. An empty database is migrated and seeded with the reference dataset first.
"""

import datetime
import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from linkwork.bench import scenarios
from linkwork.bench.client import Browser
from linkwork.bench.prepare import PASSWORD, bench_users, login_usernames
from linkwork.bench.server import free_port, gunicorn, worker_rss_mib
from linkwork.bench.stats import Report, table, write_json
from linkwork.people.models import Person

PAGE_USERS = 20
SEARCH_USERS = 10
LOGIN_USERS = 10


class Command(BaseCommand):
    help = "Benchmark pages, search and sign-in over HTTP against gunicorn (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=20, help="How long each scenario runs (20)")
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "bench"))

    def handle(self, *args, seconds, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("make bench needs PostgreSQL: set DATABASE_URL=postgres://... and try again.")
        self._seed_if_empty()
        users = bench_users(PAGE_USERS)
        login_names = login_usernames(LOGIN_USERS, besides=users)
        report = Report(
            commit=_commit(),
            started=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            database=_database_version(),
            load_average=[round(value, 2) for value in os.getloadavg()],
        )
        connection.close()
        folder = Path(output)
        port = free_port()
        self.stdout.write(f"gunicorn on 127.0.0.1:{port}, {seconds:g} s a scenario")
        with gunicorn(port=port, log=folder / "gunicorn.log") as master:
            browsers = []
            for user in users:
                browser = Browser(port)
                browser.sign_in(user.username, PASSWORD, user.key_hex)
                browsers.append(browser)
            pages = list(zip(browsers, users, strict=True))
            for name, run in scenarios.ALL:
                self.stdout.write(f"  {name} ...")
                report.rows.append(
                    run(
                        port=port, pages=pages, search_users=SEARCH_USERS, logins=login_names, seconds=seconds
                    )
                )
            report.worker_rss_mib = worker_rss_mib(master)
        report.notes["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
        report.notes["settings"] = "linkwork.bench.settings (local settings, DEBUG off, bench URLconf)"
        self.stdout.write(table(report))
        self.stdout.write(f"load average at the end {report.notes['load_average_at_end']}")
        self.stdout.write(f"saved {write_json(report, folder)}")

    def _seed_if_empty(self):
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write("No people in the database: seeding the reference dataset first.")
            call_command("sync_instruments")
            call_command("seed_scale", size="reference")


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


def _database_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"
