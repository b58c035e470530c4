from django.core.management.base import BaseCommand

from linkwork.directory import search_index


class Command(BaseCommand):
    help = (
        "Recompute every service's search text and refill SQLite's FTS5 table from it: a repair after "
        "rows were changed outside Linkwork (a restore, a hand edit). PostgreSQL's index needs no rebuild."
    )

    def handle(self, *args, **options):
        count = search_index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt for {count} services."))
