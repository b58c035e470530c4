from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from linkwork.accounts.models import Organisation
from linkwork.core.models import PublicIdModel, TimeStampedModel
from linkwork.core.scoping import ScopedQuerySet

from .rules import visible_bases
from .validators import format_nhs_number, validate_date_of_birth, validate_nhs_number, validate_postcode
from .vocabulary import ContactMethod, EthnicCategory, RelationshipBasis, Sex, WorkerGender


def _relationships_granting(actor, person_ref):
    """Current relationships between the actor's organisation and the referenced person (emergency access
    counts only for the user it was granted to)."""
    return LegitimateRelationship.objects.filter(
        Q(granted_to__isnull=True) | Q(granted_to_id=actor.user_id),
        person=person_ref,
        organisation_id=actor.organisation_id,
        basis__in=visible_bases(actor),
    ).current()


class PersonQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        if actor is None or actor.organisation_id is None:
            return self.none()
        # A merged record is only a pointer to its survivor: it is never shown anywhere.
        return self.filter(Exists(_relationships_granting(actor, OuterRef("pk"))), merged_into__isnull=True)

    def known_to(self, organisation):
        """Unmerged people the organisation already has a current link with, emergency access aside: the
        records its own staff could see before this referral."""
        if organisation is None:
            return self.none()
        links = (
            LegitimateRelationship.objects.filter(person=OuterRef("pk"), organisation=organisation)
            .exclude(basis=RelationshipBasis.BREAK_GLASS)
            .current()
        )
        return self.filter(Exists(links), merged_into__isnull=True)

    def likely_matches(self, *, given_name, family_name, date_of_birth, postcode):
        """Unmerged people with the same names (ignoring case and spacing), date of birth and postcode.

        Names are compared in Python with casefold(): SQLite's case-insensitive matching covers
        ASCII only, and date of birth with postcode leaves a handful of rows at most.
        """
        wanted = (_name_key(given_name), _name_key(family_name))
        nearby = self.filter(merged_into__isnull=True, date_of_birth=date_of_birth, postcode=postcode)
        return [
            person
            for person in nearby
            if (_name_key(person.given_name), _name_key(person.family_name)) == wanted
        ]


def _name_key(name):
    return " ".join((name or "").split()).casefold()


class Person(PublicIdModel):
    """Someone the service supports. Dates of birth are dates, never datetimes."""

    nhs_number = models.CharField("NHS number", max_length=10, blank=True, validators=[validate_nhs_number])
    given_name = models.CharField("First name", max_length=100)
    family_name = models.CharField("Last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(validators=[validate_date_of_birth])
    # Where the person is registered: used for eligibility and the message back, never for access.
    registered_practice = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_people",
        limit_choices_to={"kind": Organisation.Kind.GP_PRACTICE},
    )
    sex = models.CharField(max_length=16, choices=Sex.choices, default=Sex.NOT_KNOWN)
    gender_identity = models.CharField(max_length=100, blank=True, help_text="In the person's own words.")
    ethnicity = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )

    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)

    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    contact_times = models.CharField(max_length=200, blank=True, help_text="When it is best to contact them.")
    preferred_language = models.CharField(max_length=60, default="English")
    needs_interpreter = models.BooleanField(default=False)
    preferred_worker_gender = models.CharField(
        max_length=10, choices=WorkerGender.choices, default=WorkerGender.NO_PREFERENCE, blank=True
    )

    # The NHS number was given by a referrer who could not see the record already holding it. This record
    # keeps it, apart from the one-record-per-NHS-number rule, until a team lead merges the two (ADR 0014).
    nhs_number_unconfirmed = models.BooleanField(default=False, editable=False)

    # Incremented on every correction of the person's details, so a stale edit is refused, not applied.
    version = models.PositiveIntegerField(default=1, editable=False)

    # Set when the retention period ended and identifying details were removed (people/erasure.py).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when a team lead merges this record into another; cleared if the merge is undone.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="merged_records"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"
        constraints = [
            # A merged record keeps its NHS number (so an undo restores it) while the survivor holds it too;
            # an unconfirmed one waits beside its holder for a team lead.
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~Q(nhs_number="") & Q(merged_into__isnull=True) & Q(nhs_number_unconfirmed=False),
                name="unique_nhs_number",
            ),
        ]
        indexes = [
            models.Index(fields=["family_name", "given_name", "date_of_birth"], name="person_name_dob_idx"),
            models.Index(fields=["date_of_birth", "postcode"], name="person_likely_match_idx"),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.registered_practice_id and self.registered_practice.kind != Organisation.Kind.GP_PRACTICE:
            raise ValidationError({"registered_practice": "Choose a GP practice."})

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self):
        return format_nhs_number(self.nhs_number) if self.nhs_number else "Not known"


class RelationshipQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(Q(ended_at__isnull=True) | Q(ended_at__gt=timezone.now()))

    def visible_to(self, actor):
        return self.filter(person__in=Person.objects.visible_to(actor))


class LegitimateRelationship(TimeStampedModel):
    """Why an organisation may see a person: a referral, allocation, onward referral or consent.

    Every feature that links an organisation to a person records the link here; the organisation
    scope reads nothing else.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="relationships")
    basis = models.CharField(max_length=24, choices=RelationshipBasis.choices)
    source = models.CharField(
        max_length=80, blank=True, help_text="The record that created the link, as 'app.model:id'."
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Only for emergency access: the one user it lets in. Every other relationship is the organisation's.
    granted_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "basis", "source"], name="unique_relationship"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "person"], name="relationship_scope_idx")]

    def __str__(self):
        return f"{self.organisation} – {self.get_basis_display()}"


def _people_visible_to(actor):
    return Person.objects.visible_to(actor).values("pk")


class DuplicateCandidateQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        """Pairs where the actor may see both people: a decision needs both records side by side."""
        visible = _people_visible_to(actor)
        return self.filter(person__in=visible, candidate__in=visible)

    def open(self):
        return self.filter(status=DuplicateCandidate.Status.OPEN)

    def between(self, first, second):
        return self.filter(Q(person=first, candidate=second) | Q(person=second, candidate=first))


class DuplicateCandidate(PublicIdModel):
    """A new record that looks like an existing one, kept apart until a team lead decides."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        MERGED = "merged", "Merged"
        DISMISSED = "dismissed", "Not the same person"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_candidates")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_candidate_of")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = DuplicateCandidateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "candidate"], name="unique_duplicate_candidate"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="duplicate_candidate_status_idx")]

    def __str__(self):
        return f"Possible duplicate: {self.person} and {self.candidate}"


class PersonMergeQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        visible = _people_visible_to(actor)
        return self.filter(Q(survivor__in=visible) | Q(duplicate__in=visible))


class PersonMerge(PublicIdModel):
    """One merge of `duplicate` into `survivor` (at `created_at`), with what it changed so it can be undone.

    `changes` lists each moved row ({"model", "pk", "field"}), each relationship ended instead of moved
    ({"pk", "ended_at"}: its previous end), each survivor field filled ({"field", "was"}), each
    duplicate candidate closed, and every relation the merge walked ("relations").
    """

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    changes = models.JSONField(default=dict)
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reversal_reason = models.TextField(blank=True)

    objects = PersonMergeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.duplicate} merged into {self.survivor}"

    @property
    def is_reversed(self):
        return self.reversed_at is not None

    @property
    def filled_field_labels(self):
        return [Person._meta.get_field(item["field"]).verbose_name for item in self.changes.get("filled", [])]


class BreakGlassQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        """Emergency accesses by the actor's own organisation's staff (team leads review them)."""
        if actor is None or actor.organisation_id is None:
            return self.none()
        return self.filter(organisation_id=actor.organisation_id)

    def awaiting_review(self):
        return self.filter(reviewed_at__isnull=True)


class BreakGlassAccess(PublicIdModel):
    """A user opened a record outside their organisation's scope, saying why and confirming their second
    factor. It lasts until `expires_at` and waits for a team lead of their organisation to review it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="break_glass_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "reviewed_at"], name="break_glass_review_idx")]

    def __str__(self):
        return f"Emergency access to {self.person} by {self.user}"
