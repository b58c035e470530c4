from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.core.forms import DatePartsField

from ..domains import DOMAINS, SCORE_NAMES
from ..vocabulary import TimePoint


class AssessmentForm(forms.Form):
    """The whole assessment on one screen: when, the eight scores, and an optional note."""

    time_point = forms.ChoiceField(
        label="When is this assessment?",
        choices=TimePoint.choices,
        error_messages={"required": "Choose when this assessment is"},
    )
    assessed_on = DatePartsField(label="Date of the assessment")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, has_baseline: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for domain in DOMAINS:
            self.fields[domain.code] = forms.TypedChoiceField(
                label=domain.name,
                coerce=int,
                choices=[(score, f"{score} – {name}") for score, name in SCORE_NAMES.items()],
                error_messages={"required": f"Choose a score for {domain.name}"},
            )
        # Field order: when, then the eight areas in turn, then the note.
        self.order_fields(["time_point", "assessed_on", *(domain.code for domain in DOMAINS), "note"])
        self.initial.setdefault("time_point", TimePoint.REVIEW if has_baseline else TimePoint.BASELINE)
        self.initial.setdefault("assessed_on", timezone.localdate())

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value and value > timezone.localdate():
            raise ValidationError("The date of the assessment must be today or in the past")
        return value

    def domain_fields(self):
        """Each domain's bound field with what each score means there, for the radios' hints."""
        return [(self[domain.code], domain) for domain in DOMAINS]

    def assessment(self) -> dict:
        """The keyword arguments for `assessment_record`, besides who and which case."""
        data = self.cleaned_data
        return {
            "assessed_on": data["assessed_on"],
            "time_point": data["time_point"],
            "scores": {domain.code: data[domain.code] for domain in DOMAINS},
            "note": data["note"],
        }
