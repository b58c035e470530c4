"""Demo possible duplicate (ADR 0014): the Ways to Wellness demo referrer refers someone already supported
after another practice's referral. Their practice cannot see that record, so the referral makes a new one,
with the NHS number kept apart, and the provider's team lead has the pair to review."""

from linkwork.accounts.models import Membership, Role
from linkwork.core.context import Actor
from linkwork.people.models import Person
from linkwork.referrals.models import Referral
from linkwork.referrals.services import referral_submit

IDEMPOTENCY_KEY = "demo:ways-to-wellness:known-elsewhere"


def known_elsewhere_seed() -> None:
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username="wtw.referrer", role=Role.REFERRER
    )
    referrer = Actor(user=membership.user, organisation=membership.organisation, role=Role.REFERRER)
    earlier = (
        Referral.objects.filter(scheme__preset="ways-to-wellness", referring_organisation__isnull=False)
        .exclude(referring_organisation=membership.organisation)
        .exclude(person__nhs_number="")
        .exclude(person__in=Person.objects.visible_to(referrer))
        .select_related("person", "scheme")
        .order_by("idempotency_key")
        .first()
    )
    if earlier is None or Referral.objects.filter(idempotency_key=IDEMPOTENCY_KEY).exists():
        return
    person = earlier.person
    referral_submit(
        by=referrer,
        scheme=earlier.scheme,
        source="gp_practice",
        person_details={
            "nhs_number": person.nhs_number,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "postcode": person.postcode,
        },
        needs=["loneliness"],
        conditions=earlier.conditions,
        needs_details="Moved to our practice last month; would like to keep going to the walking group.",
        consent_to_refer=True,
        consent_to_share=True,
        idempotency_key=IDEMPOTENCY_KEY,
        duplicate_decision="new",
    )
