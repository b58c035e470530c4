"""Forms built from instrument definitions: every item of every measure of one occasion on one screen."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.core.forms import DatePartsField

from .definitions import item_label, item_score_range, items_asked_at
from .services.responses import MeasureAnswers
from .vocabulary import CompletedBy, MeasureStatus

SHORT_LABEL = 3  # answer labels this short ("0" to "10") sit in a row; longer ones in a column


class AnswersForm(forms.Form):
    """The questions of several instruments; the field for item `q` of instrument `x` is `x-q`."""

    def __init__(self, *args, instruments, time_point, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = instruments
        self.time_point = time_point
        self._fieldsets = []
        for instrument in instruments:
            names = []
            definition = instrument.definition
            positions = {item["linkId"]: index for index, item in enumerate(definition["item"], start=1)}
            for item in items_asked_at(definition, time_point):
                name = f"{instrument.code}-{item['linkId']}"
                self.fields[name] = _item_field(instrument, item, positions[item["linkId"]])
                names.append(name)
            self._fieldsets.append((instrument, names))

    def fieldsets(self):
        """(instrument, [(bound field, shown in a row)]) for each instrument, in order."""
        return [
            (instrument, [(self[name], _in_a_row(self.fields[name])) for name in names])
            for instrument, names in self._fieldsets
        ]

    def measures(self) -> list[MeasureAnswers]:
        return [
            MeasureAnswers(
                instrument.code,
                {name.split("-", 1)[1]: self.cleaned_data[name] for name in names},
            )
            for instrument, names in self._fieldsets
        ]


class SessionAnswersForm(AnswersForm):
    """The link worker's screen: the questions plus when and how they were answered."""

    completed_on = DatePartsField(label="Date the questions were answered")
    completed_by = forms.ChoiceField(
        label="How were they answered?",
        choices=[
            (CompletedBy.IN_SESSION, CompletedBy.IN_SESSION.label),
            (CompletedBy.PAPER, CompletedBy.PAPER.label),
        ],
        initial=CompletedBy.IN_SESSION,
        error_messages={"required": "Say how the questions were answered"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("completed_on", timezone.localdate())

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value and value > timezone.localdate():
            raise ValidationError("The date the questions were answered must be today or in the past")
        return value


class NotCompletedForm(forms.Form):
    code = forms.ChoiceField(label="Which measure?", error_messages={"required": "Choose the measure"})
    status = forms.ChoiceField(
        label="Why was it not completed?",
        choices=[
            (MeasureStatus.DECLINED, MeasureStatus.DECLINED.label),
            (MeasureStatus.SKIPPED, MeasureStatus.SKIPPED.label),
        ],
        error_messages={"required": "Choose whether the person declined or it was not asked"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Give the reason, in a few words",
            "max_length": "Keep the reason to 500 characters or fewer",
        },
    )

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(instrument.code, instrument.title) for instrument in instruments]


def _item_field(instrument, item, position):
    label = item_label(item, position)
    question = f"question {position} of {instrument.title}"
    if item["type"] == "choice":
        return forms.TypedChoiceField(
            label=label,
            coerce=int,
            choices=[
                (option["ordinalValue"], option["valueCoding"].get("display") or str(option["ordinalValue"]))
                for option in item["answerOption"]
            ],
            error_messages={
                "required": f"Answer {question}",
                "invalid_choice": f"Choose one of the answers to {question}",
            },
        )
    low, high = item_score_range(item, instrument.definition["scoring"])
    message = f"Enter a whole number from {low} to {high} for {question}"
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
    )


def _in_a_row(field):
    choices = getattr(field, "choices", None)
    return bool(choices) and all(len(str(text)) <= SHORT_LABEL for _, text in choices)
