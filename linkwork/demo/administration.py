"""Demo administration: the self-referral scheme gets the contact details its public form needs.

Made through the scheme administration service as the demo administrator, so the scheme's page
shows the change among its recent changes. Seeds once: a scheme with contact details is left alone.
"""

from linkwork.accounts.models import Membership, Role
from linkwork.core.context import Actor
from linkwork.schemes.models import Scheme
from linkwork.schemes.services import EDITABLE_FIELDS, scheme_update

from . import data

CONTACT = {"public_phone": "0113 496 0500", "public_email": "wellbeing.service@example.org"}


def administration_seed() -> None:
    membership = Membership.objects.select_related("user", "organisation").get(
        user__username=data.ADMINISTRATOR["username"], role=Role.ADMINISTRATOR
    )
    admin = Actor(user=membership.user, organisation=membership.organisation, role=Role.ADMINISTRATOR)
    uncontactable = Scheme.objects.filter(public_phone="", public_email="").order_by("name")
    for scheme in [scheme for scheme in uncontactable if "self" in scheme.referral_sources]:
        scheme_update(
            by=admin,
            scheme=scheme,
            expected_version=scheme.version,
            settings={name: getattr(scheme, name) for name in EDITABLE_FIELDS} | CONTACT,
            providers=list(scheme.providers.all()),
            practices=list(scheme.practices.all()),
        )
