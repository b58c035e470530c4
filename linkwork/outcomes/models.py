from django.core.exceptions import ValidationError
from django.db import models

from linkwork.core.models import TimeStampedModel

from .definitions import DefinitionError, validate_definition
from .scoring import score_answers


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
