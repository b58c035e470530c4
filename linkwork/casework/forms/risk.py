"""Forms for raising, escalating and clearing a risk or safeguarding flag."""

from django import forms

from ..vocabulary import RiskKind


class RaiseFlagForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of risk?",
        choices=RiskKind.choices,
        error_messages={"required": "Choose the kind of risk"},
    )
    description = forms.CharField(
        label="What is the risk?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Describe the risk"},
    )


class EscalateFlagForm(forms.Form):
    escalated_to = forms.CharField(
        label="Who did you escalate it to?",
        max_length=200,
        error_messages={"required": "Say who you escalated it to"},
    )
    response = forms.CharField(
        label="What did they say or advise? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )


class ClearFlagForm(forms.Form):
    reason = forms.CharField(
        label="Why can this flag be cleared?",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Give a reason for clearing this flag"},
    )


def escalate_prefix(flag_id: int) -> str:
    """Each open flag has its own escalate and clear forms on one page: prefixes keep their fields apart."""
    return f"escalate-{flag_id}"


def clear_prefix(flag_id: int) -> str:
    return f"clear-{flag_id}"
