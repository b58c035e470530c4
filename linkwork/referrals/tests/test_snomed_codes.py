"""The SNOMED CT concepts recorded at the person's decision, checked as identifiers (ADR 0016).

NHS England's social prescribing guidance asks link workers to record 871731000000106 "Referral to
social prescribing service" when the person accepts (first contact of an episode) and 871711000000103
"Social prescribing declined" when they decline. Both are UK extension concepts.
"""

import pytest

from linkwork.messaging.message_back import SNOMED_DISPLAY
from linkwork.referrals.vocabulary import SNOMED_REFERRAL_ACCEPTED, SNOMED_REFERRAL_DECLINED

# Verhoeff's dihedral-group tables, as SNOMED CT's check digit uses them.
_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
UK_NAMESPACE = "1000000"
EXTENSION_CONCEPT = "10"


def verhoeff_valid(number: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(number)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


@pytest.mark.parametrize(
    ("code", "preferred_term"),
    [
        (SNOMED_REFERRAL_ACCEPTED, "Referral to social prescribing service"),
        (SNOMED_REFERRAL_DECLINED, "Social prescribing declined"),
    ],
)
def test_the_decision_codes_are_uk_extension_concepts_with_their_preferred_terms(code, preferred_term):
    assert verhoeff_valid(code)
    assert (code[-10:-3], code[-3:-1]) == (UK_NAMESPACE, EXTENSION_CONCEPT)
    assert SNOMED_DISPLAY[code] == preferred_term


def test_the_check_catches_a_mistyped_code():
    assert not verhoeff_valid("871731000000107")
    assert not verhoeff_valid("871713000000106")
