import json
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from linkwork.directory import benchmark


class Command(BaseCommand):
    help = (
        "Time directory searches on synthetic directories of the given sizes (default 5,000 and 100,000 "
        "services) in this database. Everything written is rolled back. Prints p50, p95 and the slowest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 100000])
        parser.add_argument("--searches", type=int, default=200, help="Searches timed at each size.")
        parser.add_argument(
            "--json", dest="json_path", default="", help="Where to write the figures (default var/bench/)."
        )

    def handle(self, *args, sizes, searches, json_path, **options):
        if min(sizes) < 1 or searches < 1:
            raise CommandError("Give sizes and a number of searches of 1 or more.")
        self.stdout.write(f"Directory search on {connection.vendor}; synthetic data rolled back afterwards.")
        timings = benchmark.run(sizes, searches)
        self.stdout.write(
            f"{'services':>10} {'searches':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'load s':>7}"
        )
        for timing in timings:
            self.stdout.write(
                f"{timing.services:>10,} {timing.searches:>9} {timing.p50_ms:>8.1f} {timing.p95_ms:>8.1f} "
                f"{timing.max_ms:>8.1f} {timing.load_seconds:>7.1f}"
            )
        default = Path(settings.VAR_DIR) / "bench" / f"directory_search_{connection.vendor}.json"
        path = Path(json_path) if json_path else default
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([asdict(timing) for timing in timings], indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"Figures written to {path}")
