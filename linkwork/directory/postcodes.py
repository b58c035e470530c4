"""Where a postcode is, offline: a table of postcode district centres read from a CSV file (ADR 0018).

Linkwork ships approximate centres for the districts its demo areas use; a deployment builds its own
table from the ONS Postcode Directory (Open Government Licence) with `manage.py build_postcode_districts`
and points `LINKWORK_POSTCODE_DISTRICTS` at it. Nothing is fetched at run time. A district is the
outward part of a postcode ("NE4" of "NE4 9ZA"), so made-up demo postcodes in real districts work.
"""

import csv
import math
from functools import cache
from pathlib import Path

from django.conf import settings

SHIPPED = Path(__file__).with_name("data") / "postcode_districts.csv"
KM_PER_DEGREE_LATITUDE = 110.57
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.32


def district_of(postcode: str) -> str:
    """The outward code: "NE4" for "ne4 9za" or "NE49ZA"."""
    compact = "".join((postcode or "").upper().split())
    return compact[:-3] if len(compact) > 3 else compact


@cache
def _districts(path: str) -> dict[str, tuple[float, float]]:
    with open(path, newline="", encoding="utf-8") as source:
        return {
            row["district"].strip().upper(): (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(source)
        }


def district_centre(postcode: str) -> tuple[float, float] | None:
    """The centre of the postcode's district from the table, or None if the table does not hold it."""
    path = getattr(settings, "LINKWORK_POSTCODE_DISTRICTS", "") or str(SHIPPED)
    return _districts(path).get(district_of(postcode))


def distance_km(start: tuple[float, float], end: tuple[float, float]) -> float:
    """As the crow flies. Over the distances people travel to a group, a flat earth at the starting
    latitude is accurate to well under 1% (the directory search's SQL uses the same)."""
    km_east = (end[1] - start[1]) * KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(start[0]))
    km_north = (end[0] - start[0]) * KM_PER_DEGREE_LATITUDE
    return math.hypot(km_east, km_north)
