from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from linkwork.accounts.models import Organisation
from linkwork.core.models import PublicIdModel, TimeStampedModel
from linkwork.core.scoping import ScopedQuerySet
from linkwork.people.models import LegitimateRelationship, Person
from linkwork.people.rules import visible_bases
from linkwork.people.vocabulary import RelationshipBasis
from linkwork.schemes.models import Scheme

from .vocabulary import OPEN_STATUSES, ContactMethod, ContactOutcome, DeclineReason, Status


class ReferralQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        """Referrals the actor's organisation made or received (its relationship to the person)."""
        if actor is None or actor.organisation_id is None:
            return self.none()
        # Emergency access opens the person's record only, never referrals (people/break_glass.py).
        links = LegitimateRelationship.objects.current().filter(
            person=OuterRef("person_id"),
            organisation_id=actor.organisation_id,
            basis__in=visible_bases(actor) - {RelationshipBasis.BREAK_GLASS},
        )
        provides_scheme = Scheme.providers.through.objects.filter(
            scheme_id=OuterRef("scheme_id"), organisation_id=actor.organisation_id
        )
        made_or_received = Q(referring_organisation_id=actor.organisation_id) | Exists(provides_scheme)
        return self.filter(Exists(links)).filter(made_or_received)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def riskiest_first(self):
        """Risk information or an eligibility override first, then oldest first."""
        flagged = Case(
            When(~Q(risk_information="") | ~Q(eligibility_override_reason=""), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return self.annotate(triage_priority=flagged).order_by("triage_priority", "created_at", "id")


class Referral(PublicIdModel):
    """A request for social prescribing support for one person under one scheme."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="referrals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=20)
    # What the person or referrer quotes to the service ("LW-7K3F9Q"); set when the referral is made.
    reference = models.CharField(max_length=12, unique=True, null=True, blank=True, editable=False)
    referring_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_made"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer_contact = models.CharField(
        max_length=200, blank=True, help_text="How the service can reach the referrer."
    )

    needs = models.JSONField(default=list)
    needs_details = models.TextField(blank=True)
    conditions = models.JSONField(default=list, blank=True)
    risk_information = models.TextField(blank=True)
    safe_to_phone = models.BooleanField(default=True)
    safe_to_text = models.BooleanField(default=True)
    safe_to_write = models.BooleanField(default=True)
    consent_to_refer = models.BooleanField()
    consent_to_share = models.BooleanField(
        default=False, help_text="Agrees the service may tell the referrer what happened."
    )

    eligibility_issues = models.JSONField(default=list, blank=True)
    eligibility_override_reason = models.TextField(blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    triage_level = models.CharField(max_length=12, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triage_note = models.TextField(blank=True)
    signpost_summary = models.TextField(blank=True)
    decline_reason = models.CharField(max_length=30, choices=DeclineReason.choices, blank=True)
    redirect_advice = models.TextField(blank=True)

    provider = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_received"
    )
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_referrals",
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    snomed_code = models.CharField(max_length=18, blank=True)

    # The same key twice (a retry, a double click) returns the first referral, never a second.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # What was submitted under that key (a SHA-256 of its details), so the key reused with other
    # details is refused rather than answered with the first referral. Empty before it was kept.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="referral_status_idx"),
            models.Index(fields=["referring_organisation", "-created_at"], name="referral_referrer_idx"),
            models.Index(fields=["link_worker", "status"], name="referral_worker_idx"),
        ]

    def __str__(self):
        return f"Referral of {self.person} to {self.scheme}"

    @property
    def received_at(self):
        return self.created_at

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class ContactAttemptQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        return self.filter(referral__in=Referral.objects.visible_to(actor))


class ContactAttempt(TimeStampedModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contact_attempts")
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=16, choices=ContactOutcome.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ContactAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["attempted_at", "id"]
