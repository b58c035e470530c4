import hashlib
import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from linkwork.core.models import AuditEvent, TimeStampedModel

ODS_CODE = re.compile(r"^[A-Z0-9]{3,8}$")


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships, not from the user."""

    class Gender(models.TextChoices):
        NOT_SAID = "", "Not said"
        FEMALE = "female", "Woman"
        MALE = "male", "Man"

    # Used to match people who ask for a worker of a particular gender or language.
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    languages = models.JSONField(default=list, blank=True, help_text="Languages spoken besides English.")
    # Raised by every save from the administration pages: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    @property
    def display_name(self):
        return self.get_full_name() or self.get_username()


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        GP_PRACTICE = "gp_practice", "GP practice"
        PCN = "pcn", "Primary care network"
        PROVIDER = "provider", "Social prescribing provider"
        VCSE = "vcse", "Voluntary, community or social enterprise organisation"
        AGENCY = "agency", "Other referring agency"
        COMMISSIONER = "commissioner", "Commissioner"
        HOST = "host", "Host organisation"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ods_code = models.CharField(
        "ODS code", max_length=8, blank=True, help_text="Required for GP practices, for example A81001."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="For a GP practice, the primary care network it belongs to.",
    )
    registered_list_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="Registered patients, for referral rates per 1,000."
    )
    postcode = models.CharField(max_length=8, blank=True)
    is_active = models.BooleanField(default=True)
    # Raised by every save from the administration pages: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["ods_code"], condition=~Q(ods_code=""), name="unique_ods_code"),
            models.UniqueConstraint(fields=["name", "kind"], name="unique_organisation_name_kind"),
        ]

    def __str__(self):
        return f"{self.name} ({self.ods_code})" if self.ods_code else self.name

    def clean(self):
        self.ods_code = self.ods_code.strip().upper()
        if self.ods_code and not ODS_CODE.match(self.ods_code):
            raise ValidationError(
                {"ods_code": "Enter an ODS code of 3 to 8 letters and numbers, like A81001."}
            )
        if self.kind == self.Kind.GP_PRACTICE and not self.ods_code:
            raise ValidationError({"ods_code": "Enter the practice's ODS code."})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "An organisation cannot be its own parent."})


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    LINK_WORKER = "link_worker", "Link worker"
    TEAM_LEAD = "team_lead", "Team lead"
    VCSE_COORDINATOR = "vcse_coordinator", "VCSE coordinator"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "Administrator"


# Which kinds of organisation each role can be held in.
ROLE_ORGANISATION_KINDS = {
    Role.REFERRER: {Organisation.Kind.GP_PRACTICE, Organisation.Kind.PCN, Organisation.Kind.AGENCY},
    Role.LINK_WORKER: {Organisation.Kind.PROVIDER, Organisation.Kind.PCN},
    Role.TEAM_LEAD: {Organisation.Kind.PROVIDER, Organisation.Kind.PCN},
    Role.VCSE_COORDINATOR: {Organisation.Kind.VCSE},
    Role.COMMISSIONER: {Organisation.Kind.COMMISSIONER},
    Role.ADMINISTRATOR: {Organisation.Kind.HOST},
}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, organisation__is_active=True, user__is_active=True)


class Membership(TimeStampedModel):
    """A user's role in one organisation. A user may hold several; they choose which to act in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    champion_areas = models.JSONField(
        default=list, blank=True, help_text="Areas this link worker leads on, e.g. older people."
    )
    practices = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="covering_memberships",
        limit_choices_to={"kind": Organisation.Kind.GP_PRACTICE},
        help_text="GP practices this link worker covers.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} at {self.organisation.name}"

    def clean(self):
        allowed = ROLE_ORGANISATION_KINDS.get(self.role)
        if allowed is not None and self.organisation_id and self.organisation.kind not in allowed:
            kinds = ", ".join(sorted(Organisation.Kind(kind).label.lower() for kind in allowed))
            raise ValidationError({"role": f"A {self.get_role_display().lower()} must belong to a {kinds}."})


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Tokens not revoked whose membership (and its user and organisation) is still active."""
        return self.filter(revoked_at__isnull=True, membership__in=Membership.objects.active())


class ApiToken(models.Model):
    """A secret that lets another system act through the API as one membership: user, organisation, role.

    Only a hash of the secret is stored, so a copy of the database holds no working token.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        max_length=100, help_text="What the token is for, e.g. the practice's clinical system."
    )
    key_prefix = models.CharField(max_length=8, help_text="The token's first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        # The secret is long and random, so a fast unsalted hash is enough to look it up safely.
        return hashlib.sha256(secret.encode()).hexdigest()


class SignInEventQuerySet(models.QuerySet):
    def sign_ins(self):
        return self.filter(Q(action__startswith="sign_in.") | Q(action="account.password_change"))


class SignInEvent(AuditEvent):
    """The audit trail's sign-in, sign-out, security-code and password events, for administrators."""

    objects = SignInEventQuerySet.as_manager()

    class Meta:
        proxy = True
        ordering = ["-occurred_at", "-id"]
        verbose_name = "sign-in event"
