"""What became of each referral, from receipt to the end of support: the steps reached, with dates.

The referral's own fields give the steps up to the person's decision; apps above referrals add what
came after (support started, support ended) and what the actor can open (messages back) through
`extensions.py`. The current status is the last step reached. SNOMED CT codes are not part of it:
the pages show them apart, as a detail for the GP record.
"""

from dataclasses import dataclass, field

from .extensions import Milestone, ReferralLink, later_milestones, referral_links
from .vocabulary import SNOMED_DISPLAY, Status

# The tag colour of each stage, by what it means for the person.
COLOURS = {
    "received": "blue",
    "triaged": "blue",
    "allocated": "purple",
    "contacted": "purple",
    "accepted": "green",
    "in_support": "green",
    "support_ended": "grey",
    "signposted": "aqua-green",
    "declined": "orange",
    "person_declined": "orange",
    "unable_to_contact": "grey",
}
_ENDINGS = {
    Status.ACCEPTED: "Accepted",
    Status.PERSON_DECLINED: "Declined by the person",
    Status.UNABLE_TO_CONTACT: "Unable to contact",
}


@dataclass(frozen=True)
class Story:
    steps: list[Milestone]  # oldest first; never empty (every referral was received)
    links: list[ReferralLink] = field(default_factory=list)
    snomed: tuple[str, str] | None = None  # (code, display) for the GP record

    @property
    def current(self) -> Milestone:
        return self.steps[-1]

    @property
    def colour(self) -> str:
        return COLOURS.get(self.current.stage, "grey")

    @property
    def new_links(self) -> int:
        return sum(1 for link in self.links if link.is_new)


def referral_stories(*, actor, referrals) -> dict:
    """{referral pk: Story} for referrals already read through the actor's scope; one query per source."""
    referrals = list(referrals)
    later = later_milestones(referrals)
    links = referral_links(actor, referrals)
    return {
        referral.pk: Story(
            steps=_own_steps(referral) + sorted(later.get(referral.pk, []), key=lambda step: step.at),
            links=sorted(links.get(referral.pk, []), key=lambda link: link.at),
            snomed=(referral.snomed_code, SNOMED_DISPLAY.get(referral.snomed_code, ""))
            if referral.snomed_code
            else None,
        )
        for referral in referrals
    }


def _own_steps(referral) -> list[Milestone]:
    steps = [Milestone("received", "Received", referral.created_at)]
    if referral.status == Status.SIGNPOSTED:
        return [*steps, Milestone("signposted", "Signposted", referral.outcome_at)]
    if referral.status == Status.DECLINED:
        reason = referral.get_decline_reason_display()
        return [*steps, Milestone("declined", "Declined by the service", referral.outcome_at, reason)]
    if referral.triaged_at:
        steps.append(Milestone("triaged", "Triaged", referral.triaged_at))
    if referral.allocated_at:
        steps.append(Milestone("allocated", "Allocated to a link worker", referral.allocated_at))
    if referral.first_contact_at:
        steps.append(Milestone("contacted", "In contact with the person", referral.first_contact_at))
    if referral.status in _ENDINGS and referral.outcome_at:
        steps.append(Milestone(referral.status, _ENDINGS[referral.status], referral.outcome_at))
    return steps
