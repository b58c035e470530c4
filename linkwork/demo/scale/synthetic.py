"""Deterministic synthetic values: NHS numbers in the 999 range, people, times."""

import datetime
import uuid

from linkwork.demo import data
from linkwork.people.validators import nhs_check_digit
from linkwork.people.vocabulary import ethnic_group

# Multiplying by a number coprime with 10**6 walks every six-digit suffix once, in a scrambled order.
_STRIDE = 479_001
_SUFFIXES = 1_000_000
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
OUTWARD_AREAS = ["NE4", "NE5", "NE6", "NE15", "LS6", "LS8", "LS11", "S6", "S10", "BD3", "BD7", "HU3"]
STREETS = [
    "Elswick Road",
    "Kirkstall Lane",
    "Beeston Hill",
    "Walkley Bank",
    "Harehills Road",
    "Fenham Hall Drive",
]


def nhs_numbers(rng, count, taken=frozenset()):
    """`count` distinct valid NHS numbers 999xxxxxxx, in an order fixed by `rng`, avoiding `taken`."""
    offset = rng.randrange(_SUFFIXES)
    found = []
    for step in range(_SUFFIXES):
        first_nine = f"999{(offset + step * _STRIDE) % _SUFFIXES:06d}"
        check = nhs_check_digit(first_nine)
        if check is None or f"{first_nine}{check}" in taken:
            continue
        found.append(f"{first_nine}{check}")
        if len(found) == count:
            return found
    raise ValueError(f"The 999 range holds fewer than {count} free valid NHS numbers.")


def seeded_uuid(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class Weighted:
    """Fast repeated weighted choice from a {value: weight} mapping."""

    def __init__(self, weights):
        self.values = list(weights)
        self.cumulative = []
        total = 0
        for weight in weights.values():
            total += weight
            self.cumulative.append(total)

    def pick(self, rng):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


SEX = Weighted(data.SEX_WEIGHTS)
ETHNICITY = Weighted(data.ETHNICITY_WEIGHTS)
CONTACT_METHOD = Weighted(data.CONTACT_METHOD_WEIGHTS)
_POOLS = [pool for pool in data.NAMES_BY_ETHNIC_GROUP.values()]


def person_values(rng, nhs_number, age_range, today):
    """One person's identifying and demographic values (not their practice)."""
    sex, ethnicity = SEX.pick(rng), ETHNICITY.pick(rng)
    pool = data.NAMES_BY_ETHNIC_GROUP.get(ethnic_group(ethnicity)) or rng.choice(_POOLS)
    names = pool["male" if sex == "male" else "female"]
    youngest, oldest = age_range
    born = today - datetime.timedelta(days=rng.randint(youngest * 366, oldest * 365))
    return {
        "nhs_number": nhs_number,
        "given_name": rng.choice(names),
        "family_name": rng.choice(pool["family"]),
        "date_of_birth": born,
        "sex": sex,
        "ethnicity": ethnicity,
        "address_line_1": f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        "postcode": f"{rng.choice(OUTWARD_AREAS)} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}"
        f"{rng.choice(INWARD_LETTERS)}",
        "phone": f"07700 9{rng.randint(0, 99999):05d}",
        "preferred_contact_method": CONTACT_METHOD.pick(rng),
        "preferred_language": data.LANGUAGE_BY_ETHNICITY.get(ethnicity, "English")
        if rng.random() < 0.4
        else "English",
    }


def moment_between(rng, start, end):
    """A time between two datetimes, to the microsecond."""
    span = (end - start).total_seconds()
    return start + datetime.timedelta(seconds=rng.random() * span)


def later(rng, moment, low_days, high_days, cap):
    """A time some days after `moment`, never after `cap`."""
    return min(moment + datetime.timedelta(days=rng.uniform(low_days, high_days)), cap)
