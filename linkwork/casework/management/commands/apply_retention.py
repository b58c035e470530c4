"""Anonymise the people whose records have passed their scheme's retention period (run it nightly)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from linkwork.casework.retention import retention_apply
from linkwork.core.context import Actor


class Command(BaseCommand):
    help = "Remove identifying details of people whose every referral closed longer ago than its scheme keeps records."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count who is due; change nothing.")
        parser.add_argument("--today", help="Treat this date (YYYY-MM-DD) as today, e.g. to preview a date.")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today must be a date like 2026-12-01, not {today!r}") from None
        counts = retention_apply(by=Actor.system(), today=day, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{counts['people']} people are past their retention period on {day}.")
            return
        self.stdout.write(
            f"Anonymised {counts.get('people', 0)} people past their retention period on {day}."
        )
        for name, count in sorted(counts.items()):
            if name != "people":
                self.stdout.write(f"  {name}: {count}")
