"""The link worker's and team lead's day (issue 19), on the Ways to Wellness demo.

A Newcastle man with money worries referred by his GP practice: triaged with a note, allocated (the link
worker is notified), accepted, his money scored 1 of 5, a first appointment booked for tomorrow. His
case's suggested services put the nearby debt advice service first. The scheduled "no reply" check runs
once, so overdue onward referrals show as notifications too.
"""

import datetime

from django.utils import timezone

from linkwork.accounts.models import Membership, Role
from linkwork.casework.domains import DOMAINS
from linkwork.casework.models import Case
from linkwork.casework.services.assessments import assessment_record
from linkwork.casework.services.cases import referral_decide_and_open_case
from linkwork.casework.services.contacts import contact_record
from linkwork.core.context import Actor
from linkwork.messaging.jobs import onward_replies_overdue
from linkwork.referrals.services import (
    contact_attempt_record,
    referral_allocate,
    referral_submit,
    referral_triage,
)
from linkwork.schemes.models import Scheme

MONEY_WORRIES = {
    "nhs_number": "9990001227",
    "given_name": "Derek",
    "family_name": "Armstrong",
    "sex": "male",
    "ethnicity": "A",
    "address_line_1": "14 Condercum Road",
    "town": "Newcastle upon Tyne",
    "postcode": "NE4 9ZS",
    "phone": "07700 900458",
    "preferred_contact_method": "phone",
    "contact_times": "Weekday mornings",
}
AGE = 58
TRIAGE_NOTE = (
    "Bailiff letters and rent arrears since his hours were cut; COPD worse with the worry. Complex: "
    "start with money advice, then breathing group when he is ready."
)


def day_seed() -> Case | None:
    """Seed the day once (by the NHS number); returns the money-worries case, or None if it exists."""
    if Case.objects.filter(person__nhs_number=MONEY_WORRIES["nhs_number"]).exists():
        return None
    scheme = Scheme.objects.get(preset="ways-to-wellness")
    practice = scheme.practices.order_by("name").get(name="Westgate Road Surgery")
    referrer = _actor("wtw.referrer", practice, Role.REFERRER)
    team_lead = _actor("wtw.teamlead", None, Role.TEAM_LEAD)
    link_worker = _actor("wtw.linkworker", team_lead.organisation, Role.LINK_WORKER)
    today = timezone.localdate()
    referral, _ = referral_submit(
        by=referrer,
        scheme=scheme,
        source="gp_practice",
        person_details=MONEY_WORRIES
        | {"date_of_birth": datetime.date(today.year - AGE, 1, 1)},  # 58 all year
        needs=["money_debt", "loneliness"],
        conditions=["copd"],
        needs_details="Debts piling up since his hours were cut; stays in most days.",
        consent_to_refer=True,
        consent_to_share=True,
        idempotency_key="demo:day:money-worries",
        duplicate_decision="new",
    )
    referral = referral_triage(by=team_lead, referral=referral, level="complex", note=TRIAGE_NOTE)
    referral = referral_allocate(by=team_lead, referral=referral, link_worker=link_worker.user)
    contact_attempt_record(by=link_worker, referral=referral, method="phone", outcome="no_answer")
    contact_attempt_record(
        by=link_worker,
        referral=referral,
        method="phone",
        outcome="reached",
        note="Happy to meet at the practice.",
    )
    case = referral_decide_and_open_case(by=link_worker, referral=referral, accepted=True)
    scores = {domain.code: 3 for domain in DOMAINS} | {"money": 1, "family_friends": 2}
    assessment_record(by=link_worker, case=case, assessed_on=today, time_point="baseline", scores=scores)
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(10))
    )
    contact_record(
        by=link_worker,
        case=case,
        occurs_at=tomorrow,
        mode="face_to_face",
        place="gp_practice",
        attendance="booked",
        duration_minutes=60,
    )
    onward_replies_overdue(today)
    return case


def _actor(username, organisation, role) -> Actor:
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username=username, role=role
    )
    return Actor(user=membership.user, organisation=organisation or membership.organisation, role=role)
