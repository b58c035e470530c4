"""Where apps above referrals tell the referral's story past the person's decision, without referrals
importing them.

Casework knows when support started and ended; messaging knows which messages went back to the
referrer. They register a source here from their AppConfig.ready() (the pattern of
casework/extensions.py, ADR 0006); the referral pages call every registered source once per page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Milestone:
    """A step after the decision, such as "In support" or "Support ended"."""

    stage: str  # a code the pages colour by: "in_support", "support_ended"
    label: str
    at: datetime.datetime
    detail: str = ""  # a few words more, e.g. why support ended


@dataclass(frozen=True)
class ReferralLink:
    """Something about the referral the actor can open, such as a message back."""

    text: str
    href: str
    at: datetime.datetime
    is_new: bool = False


# Called with (referrals): the referrals are already in the actor's scope. Returns
# {referral pk: [Milestone, ...]} in a fixed number of queries however many referrals it is given.
MilestoneSource = Callable[[list], dict]
# Called with (actor, referrals); returns {referral pk: [ReferralLink, ...]} in a fixed number of queries.
LinkSource = Callable[[object, list], dict]

_milestone_sources: list[MilestoneSource] = []
_link_sources: list[LinkSource] = []


def register_milestones(source: MilestoneSource) -> None:
    if source not in _milestone_sources:
        _milestone_sources.append(source)


def register_referral_links(source: LinkSource) -> None:
    if source not in _link_sources:
        _link_sources.append(source)


def later_milestones(referrals: list) -> dict:
    merged: dict = {}
    for source in _milestone_sources:
        for pk, milestones in source(referrals).items():
            merged.setdefault(pk, []).extend(milestones)
    return merged


def referral_links(actor, referrals: list) -> dict:
    merged: dict = {}
    for source in _link_sources:
        for pk, links in source(actor, referrals).items():
            merged.setdefault(pk, []).extend(links)
    return merged
