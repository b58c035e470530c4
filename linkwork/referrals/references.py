"""Short references a person can quote on the phone ("LW-7K3F9Q"), unlike the referral's UUID.

Six characters from an alphabet without the ones that are easy to mix up (0 and O, 1, I and L),
so about 887 million references; each new one is checked against those in use, and the column is
unique, so two referrals never share one.
"""

import re
import secrets

PREFIX = "LW-"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-_.]")


def new_reference() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def unused_reference(in_use) -> str:
    """A new reference for which `in_use(reference)` is false."""
    while in_use(reference := new_reference()):
        pass
    return reference


def normalise_reference(text: str) -> str | None:
    """The reference as stored ("LW-7K3F9Q") from what someone typed ("lw 7k3f9q", "7K3F9Q"), or None.

    None when it cannot be a reference at all, so nothing is looked up.
    """
    squashed = _SEPARATORS.sub("", text or "").upper()
    squashed = squashed.removeprefix(PREFIX.rstrip("-"))
    if len(squashed) != LENGTH or any(character not in ALPHABET for character in squashed):
        return None
    return PREFIX + squashed
