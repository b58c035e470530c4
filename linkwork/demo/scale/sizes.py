"""The dataset sizes: reference is one city-sized region; national is twenty times its people.

Small and large sit a tenth of reference and half of national, so growth can be measured at 10k,
100k, 1M and 2M referrals.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    regions: int  # each region: a commissioner, practices, PCNs, providers, VCSE groups, three schemes
    users_per_region: int
    people: int
    referrals: int
    contacts: int
    measures: int
    services: int
    audit_events: int


SIZES = {
    "tiny": Size("tiny", 1, 60, 200, 320, 900, 400, 200, 1_000),
    "small": Size("small", 1, 300, 6_000, 10_000, 90_000, 20_000, 5_000, 100_000),
    "reference": Size("reference", 1, 300, 60_000, 100_000, 900_000, 200_000, 5_000, 1_000_000),
    "large": Size("large", 5, 300, 450_000, 1_000_000, 9_000_000, 2_000_000, 50_000, 10_000_000),
    "national": Size("national", 10, 300, 900_000, 2_000_000, 18_000_000, 4_000_000, 100_000, 20_000_000),
}

# National has 900,000 people, not 20 x 60,000: the 999 range holds about 909,000 valid NHS numbers.

# Share of referrals each scheme preset receives, and the slug-friendly name it is created under.
SCHEME_PRESETS = {
    "pcn-link-worker": 0.45,
    "wellbeing-coordinator": 0.35,
    "ways-to-wellness": 0.20,
}
# Of referrals that are decided, how many people accept: the cases come from these.
ACCEPT_SHARE = 0.51
# Measures per case when every scheduled one is asked (reviews and exit included); fewer are kept
# so that the totals match the size.
MEASURES_PER_CASE = 4.0
