from django.core.management.base import BaseCommand, CommandError

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.interop.openreferral.feed import KINDS, FeedUnreadable, openreferral_import, read_feed
from linkwork.interop.openreferral.parse import FeedProblem


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK 3.0 feed into the directory: a JSON file (one record, a list, or a "
        "page) of services, service-at-locations, organizations, taxonomies or taxonomy terms, or an API "
        "address, followed page by page. Records are matched by id, so importing again updates them. "
        "All or nothing unless --partial: one bad record and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A .json file or an http(s) address such as https://…/services")
        parser.add_argument(
            "--kind",
            choices=KINDS,
            help="The kind of record the feed holds, when its address or fields do not say.",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import the good records and list each bad one (by id and field) instead of importing nothing.",
        )

    def handle(self, *args, source, kind, partial, **options):
        self.stdout.write(f"Reading {source}")
        try:
            feed = read_feed(source, kind=kind, log=self.stdout.write)
            self.stdout.write(f"Checking and saving {len(feed.items)} {feed.kind.replace('_', '-')}")
            counts = openreferral_import(
                by=Actor.system(), feed=feed, source=source, progress=self._progress, skip_bad=partial
            )
        except (FeedUnreadable, FeedProblem, DomainError) as problem:
            raise CommandError(f"Nothing was imported. {problem}") from problem
        for warning in counts.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for kind_name, (created, updated, unchanged) in counts.others.items():
            total = created + updated + unchanged
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {total} {kind_name}: {created} new, {updated} updated, {unchanged} unchanged."
                )
            )
        if counts.services or not counts.others:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {counts.services} services: {counts.created} new, {counts.updated} updated, "
                    f"{counts.unchanged} unchanged."
                )
            )
        if counts.skipped:
            self.stderr.write(self.style.ERROR(f"Left out {len(counts.skipped)} bad records:"))
            for problem in counts.skipped:
                self.stderr.write(f"  {problem}")

    def _progress(self, done, total):
        if done == total or done % 100 == 0:
            self.stdout.write(f"  {done} of {total}")
