from django import forms

from linkwork.core.forms import DatePartsField

from .vocabulary import DeclineReason, OnwardStatus


class SendForm(forms.Form):
    consent = forms.BooleanField(
        label="The person agrees to this referral and to their contact details being shared with the service",
        error_messages={"required": "The person must agree to the referral before it is sent"},
    )
    share_nhs_number = forms.BooleanField(label="Share their NHS number", required=False)
    share_health_details = forms.BooleanField(
        label="Share their health conditions and the referral's details", required=False
    )
    summary = forms.CharField(
        label="What the service needs to know",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Say what the service needs to know, as agreed with the person",
            "max_length": "Keep it to 2,000 characters or fewer",
        },
    )


class RespondForm(forms.Form):
    status = forms.ChoiceField(
        label="Update the referral",
        choices=[
            (OnwardStatus.ACCEPTED, "Accept"),
            (OnwardStatus.ON_HOLD, "Put on the waiting list"),
            (OnwardStatus.REJECTED, "Decline"),
            (OnwardStatus.COMPLETED, "Completed"),
            (OnwardStatus.FAILED, "Did not work out"),
        ],
        error_messages={"required": "Choose what has happened"},
    )
    expected_wait_weeks = forms.IntegerField(
        label="Expected wait in weeks (waiting list only)",
        required=False,
        min_value=1,
        max_value=104,
        error_messages={
            "invalid": "Give the expected wait as a number of weeks",
            "min_value": "Give the expected wait in weeks, from 1 to 104",
            "max_value": "Give the expected wait in weeks, from 1 to 104",
        },
    )
    decline_reason = forms.ChoiceField(
        label="Why the service cannot take them (declined only)",
        choices=DeclineReason.choices,
        required=False,
    )
    reason = forms.CharField(
        label="Reason in your words (did not work out, or another reason for declining)",
        required=False,
        max_length=1000,
    )
    outcome = forms.CharField(
        label="How it went (completed)", required=False, max_length=2000, widget=forms.Textarea
    )


class AttendanceForm(forms.Form):
    attended_on = DatePartsField(label="Date of the session attended")


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Message",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Write the message",
            "max_length": "Keep the message to 2,000 characters or fewer",
        },
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why cancel?", max_length=1000, error_messages={"required": "Give the reason for cancelling"}
    )
