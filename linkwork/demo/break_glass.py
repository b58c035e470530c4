"""Demo emergency access: the wellbeing service's link worker opened the record of a person known only
to Ways to Wellness, so the wellbeing team lead has one access to review."""

from binascii import unhexlify

from django_otp.oath import totp

from linkwork.accounts.models import Membership, Role
from linkwork.core.context import Actor
from linkwork.people.break_glass import break_glass_open
from linkwork.people.models import BreakGlassAccess, Person

from .two_factor import DEMO_TOTP_KEY, demo_devices_ensure

REASON = (
    "Her daughter rang our service in distress: she has not been heard from for two days and the "
    "daughter asked for her address to give to the police."
)


def break_glass_seed() -> None:
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username="wcs.linkworker", role=Role.LINK_WORKER
    )
    if BreakGlassAccess.objects.filter(user=membership.user).exists():
        return
    actor = Actor(user=membership.user, organisation=membership.organisation, role=Role.LINK_WORKER)
    person = (
        Person.objects.filter(referrals__scheme__preset="ways-to-wellness", merged_into__isnull=True)
        .exclude(nhs_number="")
        .exclude(pk__in=Person.objects.visible_to(actor))
        .order_by("family_name", "given_name")
        .first()
    )
    if person is None:
        return
    demo_devices_ensure(usernames=[membership.user.username])
    code = f"{totp(unhexlify(DEMO_TOTP_KEY)):06d}"
    break_glass_open(by=actor, nhs_number=person.nhs_number, reason=REASON, code=code)
