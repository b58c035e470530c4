"""Run Linkwork's scheduled jobs once. Safe to run as often as you like: nothing is sent twice.

Cron, every 10 minutes:  */10 * * * *  cd /srv/linkwork && .venv/bin/python manage.py run_scheduled_jobs
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from linkwork.messaging.jobs import JOBS, run_jobs


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs (reminders, reviews due, no contact, limits, replies, listings, retention)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="+", metavar="JOB", help=f"Run only these: {', '.join(JOBS)}")
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD), for checking.")

    def handle(self, *args, only=None, today=None, **options):
        unknown = sorted(set(only or ()) - set(JOBS))
        if unknown:
            raise CommandError(f"No such job: {', '.join(unknown)}. Jobs: {', '.join(JOBS)}")
        try:
            day = datetime.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError("--today must be a date like 2026-03-29") from error
        for result in run_jobs(only=only, today=day):
            notes = f" ({'; '.join(result.notes)})" if result.notes else ""
            self.stdout.write(f"{result.name}: {result.queued} new message(s){notes}")
