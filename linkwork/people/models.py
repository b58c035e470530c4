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
    """Current relationships between the actor's organisation and the referenced person."""
    return LegitimateRelationship.objects.filter(
        person=person_ref,
        organisation_id=actor.organisation_id,
        basis__in=visible_bases(actor),
    ).current()


class PersonQuerySet(ScopedQuerySet):
    def visible_to(self, actor):
        if actor is None or actor.organisation_id is None:
            return self.none()
        return self.filter(Exists(_relationships_granting(actor, OuterRef("pk"))))


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

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"], condition=~Q(nhs_number=""), name="unique_nhs_number"
            ),
        ]
        indexes = [
            models.Index(fields=["family_name", "given_name", "date_of_birth"], name="person_name_dob_idx"),
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
