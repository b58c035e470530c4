import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from linkwork.core.forms import DatePartsField
from linkwork.people.validators import nhs_number_problem, normalise_nhs_number

from ..vocabulary import Attendance, ContactMode, ContactPlace, DischargeReason, GoalStatus

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class _DayAndTimeForm(forms.Form):
    """A date and a time on the 24-hour clock (fields `day` and `time`), combined into `occurs_at`."""

    def clean_time(self):
        match = _TIME.match(self.cleaned_data["time"].strip())
        if not match:
            raise ValidationError("Enter a time on the 24-hour clock, like 14:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("day") and cleaned.get("time") is not None:
            cleaned["occurs_at"] = timezone.make_aware(
                datetime.datetime.combine(cleaned["day"], cleaned["time"])
            )
        elif "day" not in self.errors and not cleaned.get("day"):
            self.add_error("day", "Enter the date")
        return cleaned


class ContactForm(_DayAndTimeForm):
    """One screen for a contact: when, how, where, how long, what happened, and a note."""

    attendance = forms.ChoiceField(
        label="What happened?",
        choices=[
            (Attendance.ATTENDED, "It happened: we met or spoke"),
            (Attendance.DID_NOT_ATTEND, "They did not attend"),
            (Attendance.CANCELLED, "It was cancelled"),
            (Attendance.BOOKED, "Book it for later"),
        ],
        initial=Attendance.ATTENDED,
    )
    day = DatePartsField(label="Date")
    time = forms.CharField(label="Time", max_length=5, help_text="24-hour clock, like 14:30")
    mode = forms.ChoiceField(label="How", choices=ContactMode.choices, initial=ContactMode.FACE_TO_FACE)
    place = forms.ChoiceField(label="Where", choices=ContactPlace.choices, initial=ContactPlace.GP_PRACTICE)
    duration_minutes = forms.IntegerField(
        label="How long, in minutes (optional)", required=False, min_value=1, max_value=600
    )
    note = forms.CharField(label="Note", required=False, max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.initial.setdefault("day", now.date())
        self.initial.setdefault("time", now.strftime("%H:%M"))

    def service_arguments(self):
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("occurs_at", "mode", "place", "attendance", "duration_minutes", "note")
        }


class AppointmentMoveForm(_DayAndTimeForm):
    day = DatePartsField(label="New date")
    time = forms.CharField(label="New time", max_length=5, help_text="24-hour clock, like 14:30")
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactMarkForm(forms.Form):
    attendance = forms.ChoiceField(
        label="What happened at this appointment?",
        choices=[(value, label) for value, label in Attendance.choices if value != Attendance.BOOKED],
        error_messages={
            "required": "Choose what happened at the appointment",
            "invalid_choice": "Choose what happened at the appointment",
        },
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=5000, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label="Why should support continue past the scheme's limit?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say why support should continue past the scheme's limit"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DischargeForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is support ending?",
        choices=DischargeReason.choices,
        error_messages={"required": "Choose why support is ending"},
    )
    summary = forms.CharField(
        label="Summary of the support and what changed",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Write a short summary of the support and what changed"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One question per goal: where did it end? The letter to the referrer reports the answer.
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=goal.description,
                choices=GoalStatus.choices,
                initial=goal.status,
                error_messages={"required": "Choose where this goal ended"},
            )
            self.fields[f"goal_{goal.pk}"].goal = goal

    def goal_fields(self):
        return [self[name] for name in self.fields if name.startswith("goal_")]

    def goal_statuses(self) -> dict:
        return {field.field.goal.pk: self.cleaned_data[field.name] for field in self.goal_fields()}


class CaseSearchForm(forms.Form):
    """Find a case by the person's NHS number or by name (any part of their first or last name)."""

    query = forms.CharField(
        label="Name or NHS number",
        max_length=100,
        error_messages={"required": "Enter a name or an NHS number to search for"},
    )

    def clean_query(self):
        value = " ".join(self.cleaned_data["query"].split())
        digits = value.replace(" ", "")
        if digits.isdigit():
            if problem := nhs_number_problem(digits):
                raise ValidationError(problem)
            self.cleaned_data["nhs_number"] = normalise_nhs_number(digits)
        return value

    def criteria(self) -> dict:
        if nhs_number := self.cleaned_data.get("nhs_number"):
            return {"nhs_number": nhs_number}
        return {"name": self.cleaned_data["query"]}
