from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from linkwork.reporting.evaluation import benchmark


class Command(BaseCommand):
    help = (
        "Time the full outcome report on a synthetic scheme in this database: reference size (about "
        "200,000 responses), --size national (about 2,000,000) or --pairs N. Everything written is "
        "rolled back. Prints the report's time and peak memory beside its floor: the report's query for "
        "every scale's pairs, then the same scipy tests on the same groups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(benchmark.SIZES), default="reference")
        parser.add_argument("--pairs", type=int, default=None, help="Paired cases (overrides --size).")

    def handle(self, *args, size, pairs, **options):
        if pairs is not None and pairs < 2:
            raise CommandError("Give --pairs of 2 or more.")
        pairs = pairs or benchmark.pairs_for_responses(benchmark.SIZES[size])
        self.stdout.write(
            f"Outcome report on {connection.vendor}, {pairs:,} pairs; synthetic data rolled back."
        )
        result = benchmark.run(pairs=pairs)
        rows = [
            ("Responses", f"{result.responses:,}"),
            ("Pairs", f"{result.pairs:,}"),
            ("Loading the data (s)", f"{result.load_seconds:.1f}"),
            ("Full report, 4 scales (s)", f"{result.report_seconds:.2f}"),
            ("Report peak Python memory (MiB)", f"{result.peak_mib:.1f}"),
            ("Baseline: one query for every scale's pairs (s)", f"{result.fetch_seconds:.2f}"),
            (f"Baseline: the same {result.tests} scipy tests alone (s)", f"{result.scipy_seconds:.3f}"),
        ]
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            self.stdout.write(f"{label:<{width}}  {value:>12}")
