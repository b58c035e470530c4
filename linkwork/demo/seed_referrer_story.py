"""Demo for issue 20 (points 1, 2 and 6): how the public reaches each self-referral service.

The referrer's whole story and the discharge letter need nothing more than the rest of the demo:
cases are in support or discharged (with holistic assessments for Ways to Wellness), and every
referral has a reference. What a scheme tells the public is set here, through the schemes service,
so the self-referral confirmation can say how to contact the service. Synthetic numbers only: the
phone numbers are in Ofcom's range for drama, and the addresses at example.org.
"""

from linkwork.core.context import Actor
from linkwork.schemes.selectors import schemes_taking_self_referrals
from linkwork.schemes.services import scheme_public_contact_set

PUBLIC_CONTACT = {
    "wellbeing-coordinator": ("0113 496 0000", "wellbeing.service@example.org"),
}
FALLBACK_CONTACT = ("0113 496 0999", "social.prescribing@example.org")


def referrer_story_seed() -> int:
    """Give each scheme that takes self-referrals its public phone and email; returns how many."""
    schemes = schemes_taking_self_referrals()
    for scheme in schemes:
        phone, email = PUBLIC_CONTACT.get(scheme.preset, FALLBACK_CONTACT)
        scheme_public_contact_set(by=Actor.system(), scheme=scheme, phone=phone, email=email)
    return len(schemes)
