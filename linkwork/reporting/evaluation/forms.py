"""The outcome report's choices: scheme, measure, scale, follow-up, period, cohort and age bands."""

from dataclasses import replace

from django import forms

from linkwork.core.errors import DomainError
from linkwork.core.forms import DatePartsField

from ..forms import PeriodChoiceMixin
from ..scope import practice_choices, provider_choices, reportable_schemes
from .cohort_choices import batch_choices, cohort_for
from .follow_up import LATEST, follow_up_choices
from .selectors import (
    default_age_split,
    instrument_scales,
    report_criteria,
    report_instruments,
)

ALL_SCALES = ""


class OutcomeReportForm(PeriodChoiceMixin, forms.Form):
    # Refusals name the list, never echo what was typed: a link could carry anything.
    scheme = forms.ChoiceField(
        label="Scheme",
        error_messages={"required": "Choose a scheme", "invalid_choice": "Choose a scheme from the list"},
    )
    instrument = forms.ChoiceField(
        label="Outcome measure",
        error_messages={
            "required": "Choose an outcome measure",
            "invalid_choice": "Choose an outcome measure from the list",
        },
    )
    scale = forms.ChoiceField(
        label="Scale",
        required=False,
        error_messages={"invalid_choice": "Choose a scale of the outcome measure from the list"},
    )
    follow_up = forms.ChoiceField(
        label="Compare the baseline with",
        required=False,
        choices=follow_up_choices,
        error_messages={"invalid_choice": "Choose the follow-up from the list"},
    )
    opened_from = DatePartsField(label="Cases opened from", required=False)
    opened_to = DatePartsField(label="Cases opened up to", required=False)
    batch = forms.TypedChoiceField(label="Imported batch", required=False, coerce=int, empty_value=None)
    referred_from = DatePartsField(label="Referred from", required=False)
    referred_to = DatePartsField(label="Referred up to", required=False)
    provider = forms.TypedChoiceField(label="Provider", required=False, coerce=int, empty_value=None)
    practice = forms.TypedChoiceField(label="GP practice", required=False, coerce=int, empty_value=None)
    age_split = forms.IntegerField(
        label="Age band boundary",
        required=False,
        min_value=1,
        max_value=120,
        error_messages={
            "invalid": "Enter the age band boundary as a whole number of years, like 50",
            "min_value": "The age band boundary must be 1 or more",
            "max_value": "The age band boundary must be 120 or less",
        },
    )

    date_fields = ("opened_from", "opened_to")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.add_period_field()
        self.fields["scheme"].choices = [("", "Choose a scheme")] + [
            (scheme.slug, scheme.name) for scheme in reportable_schemes(actor)
        ]
        instruments = list(report_instruments())
        self.fields["instrument"].choices = [("", "Choose a measure")] + [
            (instrument.code, instrument.title) for instrument in instruments
        ]
        # Without JavaScript the scale list follows the measure last submitted.
        chosen = next((i for i in instruments if i.code == self.data.get("instrument")), None)
        self.fields["scale"].choices = [(ALL_SCALES, "Every scale")] + [
            (scale.code, scale.title) for scale in (instrument_scales(chosen) if chosen else [])
        ]
        self._cohort_choices(actor)
        self.fields["age_split"].initial = default_age_split()
        self.fields["follow_up"].initial = LATEST

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["criteria"] = report_criteria(
                actor=self.actor,
                scheme_slug=cleaned["scheme"],
                instrument_code=cleaned["instrument"],
                scale_code=cleaned.get("scale") or None,
                opened_from=cleaned.get("opened_from"),
                opened_to=cleaned.get("opened_to"),
                age_split=cleaned.get("age_split"),
                follow_up=cleaned.get("follow_up") or None,
            )
            cohort = cohort_for(
                actor=self.actor,
                scheme=cleaned["criteria"].scheme,
                batch_id=cleaned.get("batch"),
                referred_from=cleaned.get("referred_from"),
                referred_to=cleaned.get("referred_to"),
                provider_id=cleaned.get("provider"),
                practice_id=cleaned.get("practice"),
            )
            cleaned["criteria"] = replace(cleaned["criteria"], cohort=cohort)
        except DomainError as error:
            cleaned.pop("criteria", None)
            self.add_error(error.field, error.message)
        return cleaned

    def _cohort_choices(self, actor):
        anything = [("", "Any")]
        self.fields["batch"].choices = anything + [
            (str(batch.pk), f"{batch.name} ({batch.scheme.name})") for batch in batch_choices(actor)
        ]
        self.fields["provider"].choices = anything + [
            (str(organisation.pk), organisation.name)
            for organisation in provider_choices(actor).order_by("name")
        ]
        self.fields["practice"].choices = anything + [
            (str(organisation.pk), organisation.name) for organisation in practice_choices(actor)
        ]
        for name in ("batch", "provider", "practice"):
            self.fields[name].error_messages["invalid_choice"] = "Choose one from the list"

    def cohort_chosen(self) -> bool:
        """Whether any cohort field was filled in, so the page opens that section."""
        return any(
            value
            for name, value in self.data.items()
            if name.startswith(("batch", "provider", "practice", "referred_"))
        )
