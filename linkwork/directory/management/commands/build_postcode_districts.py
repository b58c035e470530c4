"""Build the postcode district table (ADR 0018) from the ONS Postcode Directory, offline.

Download the ONS Postcode Directory (or the National Statistics Postcode Lookup) CSV once, under the
Open Government Licence, then:

    python manage.py build_postcode_districts ONSPD.csv --output var/postcode_districts.csv

and set LINKWORK_POSTCODE_DISTRICTS=var/postcode_districts.csv. Each district's centre is the mean of
its live postcodes' positions; postcodes without a position (latitude 99.999999) or terminated ones
are left out.
"""

import csv
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from linkwork.directory.postcodes import district_of

NO_POSITION = 99.0  # ONSPD gives 99.999999 where a postcode has no grid reference


class Command(BaseCommand):
    help = "Build the postcode district centres table from an ONS Postcode Directory CSV."

    def add_arguments(self, parser):
        parser.add_argument("source", help="ONSPD or NSPL CSV (columns pcds, lat, long; doterm if present)")
        parser.add_argument("--output", required=True, help="Where to write district,latitude,longitude")

    def handle(self, *args, source, output, **options):
        sums = defaultdict(lambda: [0.0, 0.0, 0])
        try:
            with open(source, newline="", encoding="utf-8-sig") as rows:
                reader = csv.DictReader(rows)
                missing = {"pcds", "lat", "long"} - set(reader.fieldnames or ())
                if missing:
                    raise CommandError(
                        f"{source} has no column {', '.join(sorted(missing))}: is it the ONSPD CSV?"
                    )
                for row in reader:
                    if row.get("doterm", "").strip():
                        continue
                    latitude, longitude = float(row["lat"]), float(row["long"])
                    if latitude >= NO_POSITION:
                        continue
                    total = sums[district_of(row["pcds"])]
                    total[0] += latitude
                    total[1] += longitude
                    total[2] += 1
        except (OSError, ValueError) as error:
            raise CommandError(f"Could not read {source}: {error}") from error
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", newline="", encoding="utf-8") as table:
            writer = csv.writer(table)
            writer.writerow(["district", "latitude", "longitude"])
            for district in sorted(sums):
                latitude, longitude, count = sums[district]
                writer.writerow([district, f"{latitude / count:.4f}", f"{longitude / count:.4f}"])
        self.stdout.write(f"{len(sums)} postcode districts written to {output}")
