import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from linkwork.accounts.models import Organisation
from linkwork.core.models import TimeStampedModel

from . import vocabulary

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_PHONE = re.compile(r"^\+?[\d ()-]+$")


def _default_triage_levels():
    return ["standard"]


def _default_message_back_events():
    return ["accepted", "declined", "discharged"]


def _default_message_back_channels():
    return ["in_app"]


def _default_outcome_schedule():
    return {"baseline": [], "review": [], "exit": []}


def validate_phone(value):
    if not _PHONE.match(value) or sum(character.isdigit() for character in value) < 10:
        raise ValidationError("Enter a phone number, like 0191 498 0123.")


class SchemeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def involving(self, organisation):
        """Schemes the organisation commissions, provides or refers into (directly or through its PCN)."""
        links = Q(commissioner=organisation) | Q(providers=organisation) | Q(practices=organisation)
        if organisation.parent_id:
            links |= Q(providers=organisation.parent_id)
        return self.filter(links).distinct()


class Scheme(TimeStampedModel):
    """One service configuration. The three founding models are presets of this, as data."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    preset = models.CharField(max_length=40, blank=True, help_text="The preset this scheme started from.")
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    # How the public reaches the service: shown on the self-referral pages and their confirmation. A
    # scheme that takes self-referrals must give one of them (schemes/checks.py).
    public_phone = models.CharField(
        max_length=30, blank=True, validators=[validate_phone], help_text="For example 0191 498 0123."
    )
    public_email = models.EmailField(blank=True)

    commissioner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="commissioned_schemes"
    )
    providers = models.ManyToManyField(Organisation, related_name="provided_schemes", blank=True)
    practices = models.ManyToManyField(Organisation, related_name="practice_schemes", blank=True)

    # Eligibility
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligible_conditions = models.JSONField(
        default=list,
        blank=True,
        help_text="Long-term condition codes; the person needs at least one. Empty: any.",
    )
    requires_gp_registration = models.BooleanField(default=True)
    referral_sources = models.JSONField(default=list)

    # How the service runs
    triage_levels = models.JSONField(default=_default_triage_levels)
    contact_attempts_before_closing = models.PositiveSmallIntegerField(default=3)
    contact_modes = models.JSONField(default=list, blank=True)
    session_cap = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_cap_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_cap_discretionary = models.BooleanField(
        default=False, help_text="A link worker may extend past the duration cap with a recorded reason."
    )
    review_cadence_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome_schedule = models.JSONField(default=_default_outcome_schedule, blank=True)
    champion_areas = models.JSONField(default=list, blank=True)
    office_days = models.JSONField(default=list, blank=True)
    office_opens = models.CharField(max_length=5, blank=True)
    office_closes = models.CharField(max_length=5, blank=True)

    # Feedback, coding and governance
    message_back_events = models.JSONField(default=_default_message_back_events, blank=True)
    # The message back always reaches the referrer's Linkwork inbox; "email" also tells them it is there.
    message_back_channels = models.JSONField(default=_default_message_back_channels, blank=True)
    records_snomed_codes = models.BooleanField(default=True)
    retention_years = models.PositiveSmallIntegerField(default=8)

    # Raised by every save from the administration pages: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = "The maximum age must be the same as or more than the minimum age."
        for field, allowed in [
            ("eligible_conditions", vocabulary.LONG_TERM_CONDITIONS),
            ("referral_sources", vocabulary.REFERRAL_SOURCES),
            ("triage_levels", vocabulary.TRIAGE_LEVELS),
            ("message_back_events", vocabulary.MESSAGE_BACK_EVENTS),
            ("message_back_channels", vocabulary.MESSAGE_BACK_CHANNELS),
            ("contact_modes", vocabulary.CONTACT_MODES),
            ("office_days", vocabulary.WEEKDAYS),
        ]:
            message = _unknown_codes(getattr(self, field), allowed)
            if message:
                errors[field] = message
        if not self.referral_sources:
            errors["referral_sources"] = "Choose at least one referral source."
        if not self.triage_levels:
            errors["triage_levels"] = "Choose at least one triage level."
        if not isinstance(self.outcome_schedule, dict) or set(self.outcome_schedule) - set(
            vocabulary.TIME_POINTS
        ):
            errors["outcome_schedule"] = "Give instruments for baseline, review and exit only."
        for field in ("office_opens", "office_closes"):
            value = getattr(self, field)
            if value and not _TIME.match(value):
                errors[field] = "Enter a time in 24-hour form, like 09:00."
        if self.office_opens and self.office_closes and self.office_opens >= self.office_closes:
            errors["office_closes"] = "Closing time must be after opening time."
        if self.retention_years < 1:
            errors["retention_years"] = "Keep records for at least a year."
        if errors:
            raise ValidationError(errors)

    def accepts_source(self, source):
        return source in self.referral_sources


def _unknown_codes(values, allowed):
    if not isinstance(values, list):
        return "Give a list."
    unknown = [value for value in values if value not in allowed]
    if unknown:
        return f"Unknown: {', '.join(map(str, unknown))}. Choose from: {', '.join(allowed)}."
    return ""
