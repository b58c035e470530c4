from django import forms

from linkwork.core.forms import DatePartsField

from .vocabulary import SERVICE_MOVES, DeclineReason, OnwardStatus


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


# The answers a service can give, in the order offered; each shows only the questions it needs.
RESPONSES = [
    (OnwardStatus.ACCEPTED, "Accept"),
    (OnwardStatus.ON_HOLD, "Put on the waiting list"),
    (OnwardStatus.REJECTED, "Decline"),
    (OnwardStatus.COMPLETED, "Completed"),
    (OnwardStatus.FAILED, "Did not work out"),
]


class RespondForm(forms.Form):
    """The service's answer: only the moves open from the referral's current status are offered."""

    status = forms.ChoiceField(
        label="Update the referral", error_messages={"required": "Choose what has happened"}
    )
    expected_wait_weeks = forms.IntegerField(
        label="Expected wait in weeks",
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
        label="Why can the service not take them?", choices=DeclineReason.choices, required=False
    )
    decline_detail = forms.CharField(
        label="The reason in your words (optional)", required=False, max_length=1000
    )
    failed_reason = forms.CharField(label="Why did it not work out?", required=False, max_length=1000)
    outcome = forms.CharField(label="How it went", required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, current_status, **kwargs):
        super().__init__(*args, **kwargs)
        open_moves = SERVICE_MOVES.get(current_status, set())
        self.fields["status"].choices = [(value, label) for value, label in RESPONSES if value in open_moves]

    def service_arguments(self) -> dict:
        data, status = self.cleaned_data, self.cleaned_data["status"]
        reason = {OnwardStatus.REJECTED: data["decline_detail"], OnwardStatus.FAILED: data["failed_reason"]}
        return {
            "status": status,
            "reason": reason.get(status, ""),
            "decline_reason": data["decline_reason"] if status == OnwardStatus.REJECTED else "",
            "expected_wait_weeks": data["expected_wait_weeks"] if status == OnwardStatus.ON_HOLD else None,
            "outcome": data["outcome"] if status == OnwardStatus.COMPLETED else "",
        }


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
