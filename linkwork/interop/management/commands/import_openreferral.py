from django.core.management.base import BaseCommand, CommandError

from linkwork.core.context import Actor
from linkwork.core.errors import DomainError
from linkwork.interop.openreferral.feed import FeedUnreadable, openreferral_import, read_services
from linkwork.interop.openreferral.parse import FeedProblem


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK 3.0 feed into the directory: a JSON file (one service, a list, or a "
        "page of services) or an API address, followed page by page. Records are matched by id, so "
        "importing again updates them. All or nothing: one bad record and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A .json file or an http(s) address such as https://…/services")

    def handle(self, *args, source, **options):
        self.stdout.write(f"Reading {source}")
        try:
            raw_services = read_services(source, log=self.stdout.write)
            self.stdout.write(f"Checking and saving {len(raw_services)} services")
            counts = openreferral_import(
                by=Actor.system(), raw_services=raw_services, source=source, progress=self._progress
            )
        except (FeedUnreadable, FeedProblem, DomainError) as problem:
            raise CommandError(f"Nothing was imported. {problem}") from problem
        for warning in counts.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {counts.services} services: {counts.created} new, {counts.updated} updated, "
                f"{counts.unchanged} unchanged."
            )
        )

    def _progress(self, done, total):
        if done == total or done % 100 == 0:
            self.stdout.write(f"  {done} of {total}")
