"""Forms for what matters to the person, their goals, progress notes and direct support."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.core.forms import DatePartsField

from ..services.support import MOST_MINUTES
from ..vocabulary import ASSESSMENT_DOMAINS, GoalStatus, SupportCategory


class OneTimeTokenMixin:
    """A hidden token per rendered form, so the same submission sent twice is recorded once."""

    def set_token(self):
        self.initial.setdefault("token", uuid.uuid4().hex)

    def clean_token(self):
        try:
            return uuid.UUID(self.cleaned_data["token"]).hex
        except ValueError:
            raise ValidationError("The form has expired: open the page again") from None


class WhatMattersForm(forms.Form):
    what_matters = forms.CharField(
        label="What matters to them, in their own words",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Write what matters to them"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GoalForm(forms.Form):
    domain = forms.ChoiceField(
        label="Which part of life is this goal about?",
        choices=list(ASSESSMENT_DOMAINS.items()),
        error_messages={"required": "Choose the part of life this goal is about"},
    )
    description = forms.CharField(
        label="The goal, in their words",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Write the goal in the person's own words"},
    )
    steps = forms.CharField(
        label="Small steps towards it (optional)", required=False, max_length=4000, widget=forms.Textarea
    )
    target_date = DatePartsField(label="Target date", required=False)

    def service_arguments(self):
        return {name: self.cleaned_data[name] for name in ("domain", "description", "steps", "target_date")}


class GoalCreateForm(OneTimeTokenMixin, GoalForm):
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_token()


class GoalEditForm(GoalForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GoalProgressForm(OneTimeTokenMixin, forms.Form):
    status = forms.ChoiceField(
        label="Where does the goal stand now?",
        choices=GoalStatus.choices,
        error_messages={"required": "Choose where the goal stands now"},
    )
    note = forms.CharField(
        label="What has happened?",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Write what has happened with this goal"},
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_token()


class DirectSupportForm(OneTimeTokenMixin, forms.Form):
    category = forms.ChoiceField(
        label="What kind of help?",
        choices=SupportCategory.choices,
        error_messages={"required": "Choose what kind of help you gave"},
    )
    provided_on = DatePartsField(label="Date you gave the help")
    minutes = forms.IntegerField(
        label="Time spent, in minutes",
        min_value=1,
        max_value=MOST_MINUTES,
        error_messages={
            "required": "Enter the time spent, in minutes",
            "invalid": "Time spent must be a number of minutes, like 45",
            "min_value": f"Time spent must be between 1 and {MOST_MINUTES} minutes",
            "max_value": f"Time spent must be between 1 and {MOST_MINUTES} minutes",
        },
    )
    note = forms.CharField(
        label="What you did (optional)", required=False, max_length=4000, widget=forms.Textarea
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("provided_on", timezone.localdate())
        self.set_token()

    def service_arguments(self):
        return {
            name: self.cleaned_data[name] for name in ("provided_on", "category", "minutes", "note", "token")
        }
