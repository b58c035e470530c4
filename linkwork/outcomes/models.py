from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from linkwork.casework.models.cases import CaseRecordQuerySet
from linkwork.casework.vocabulary import TimePoint
from linkwork.core.models import PublicIdModel, TimeStampedModel

from .definitions import DefinitionError, validate_definition
from .scoring import score_answers
from .vocabulary import CompletedBy, MeasureStatus, occasion_label


class Instrument(TimeStampedModel):
    """An outcome measure, defined as data. Not person data: every organisation uses the same set."""

    class Licence(models.TextChoices):
        OPEN = "open", "Free to share"
        LICENSED = "licensed", "Licensed: text loaded by the organisation"

    code = models.CharField(max_length=60, unique=True)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    licence = models.CharField(max_length=10, choices=Licence.choices)
    definition = models.JSONField(
        help_text="FHIR R4 Questionnaire-shaped definition with a Linkwork scoring block."
    )
    has_item_text = models.BooleanField(
        default=False,
        help_text="Licensed instruments without text are scored from item scores entered from paper.",
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        try:
            validate_definition(self.definition, allow_licensed_text=self.has_item_text)
        except DefinitionError as error:
            raise ValidationError({"definition": error.message}) from error
        expected = {
            "code": self.definition["name"],
            "version": self.definition.get("version", ""),
            "title": self.definition["title"],
            "licence": self.definition["scoring"]["licence"],
        }
        wrong = {
            name: f"Must match the definition ({value!r})."
            for name, value in expected.items()
            if getattr(self, name) != value
        }
        if wrong:
            raise ValidationError(wrong)

    def score(self, answers, *, time_point=None):
        return score_answers(self.definition, answers, time_point=time_point)


class MeasureResponse(PublicIdModel):
    """One instrument at one time point of a case: the answers and scores, or why it was not completed.

    `occasion` tells reviews apart (1 for the first review, 2 for the second); it is 0 at the start
    and the end of support. One row per case, instrument, time point and occasion, so a double submit
    or a retry can never record the same measure twice.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="measure_responses")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    instrument_version = models.CharField(max_length=20)
    time_point = models.CharField(max_length=10, choices=TimePoint.choices)
    occasion = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=MeasureStatus.choices)
    reason = models.TextField(blank=True, help_text="Why it was declined or not asked.")
    answers = models.JSONField(default=dict, blank=True, help_text="Item score by linkId, as answered.")
    scores = models.JSONField(default=dict, blank=True, help_text="Scale code to raw, converted and band.")
    flags = models.JSONField(default=list, blank=True)
    completed_on = models.DateField()
    completed_by = models.CharField(max_length=12, choices=CompletedBy.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the person answered through a secure link.",
    )

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["completed_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "instrument", "time_point", "occasion"], name="measure_once_per_occasion"
            )
        ]

    def __str__(self):
        return f"{self.instrument_id} {self.time_point} {self.occasion}"

    @property
    def is_completed(self):
        return self.status == MeasureStatus.COMPLETED

    @property
    def occasion_label(self):
        return occasion_label(self.time_point, self.occasion)


class QuestionnaireLinkQuerySet(CaseRecordQuerySet):
    def usable(self, now):
        return self.filter(used_at__isnull=True, expires_at__gt=now)


class QuestionnaireLink(PublicIdModel):
    """A one-time link that lets the person answer a time point's measures without logging in.

    Only a SHA-256 digest of the token is stored, so the database cannot be used to answer as them.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="questionnaire_links")
    token_digest = models.CharField(max_length=64, unique=True)
    time_point = models.CharField(max_length=10, choices=TimePoint.choices)
    occasion = models.PositiveSmallIntegerField(default=0)
    instrument_codes = models.JSONField(help_text="The instruments to answer, in order.")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = QuestionnaireLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
