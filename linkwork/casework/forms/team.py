"""Forms for handing a case over and for a team lead's supervision notes."""

from django import forms

from ..vocabulary import HandoverKind

NEEDS_WORKER = {HandoverKind.TRANSFER, HandoverKind.SECOND_WORKER}


class HandoverForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to do?",
        choices=[
            (HandoverKind.TRANSFER, "Hand the case over to another link worker"),
            (HandoverKind.SECOND_WORKER, "Add a second worker"),
            (HandoverKind.SECOND_WORKER_REMOVED, "Remove the second worker"),
        ],
        error_messages={"required": "Choose what you want to do"},
    )
    worker = forms.TypedChoiceField(
        label="Link worker",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a link worker from the list"},
    )
    note = forms.CharField(
        label="Handover note",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Write a handover note for the worker taking over"},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {user.pk: user for user in candidates}
        self.fields["worker"].choices = [("", "Choose a link worker")] + [
            (user.pk, user.display_name) for user in candidates
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") in NEEDS_WORKER
            and cleaned.get("worker") is None
            and "worker" not in self.errors
        ):
            self.add_error("worker", "Choose a link worker")
        cleaned["worker_user"] = self.workers.get(cleaned.get("worker"))
        return cleaned


class SupervisionForm(forms.Form):
    note = forms.CharField(
        label="Supervision note",
        max_length=8000,
        widget=forms.Textarea,
        error_messages={"required": "Write the supervision note"},
    )


class SupervisionEditForm(SupervisionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReallocateForm(forms.Form):
    """A team lead moves several of one worker's open cases to another worker, with one note."""

    cases = forms.MultipleChoiceField(
        label="Cases to reallocate", error_messages={"required": "Choose at least one case to reallocate"}
    )
    to_worker = forms.TypedChoiceField(
        label="Give them to", coerce=int, error_messages={"required": "Choose who takes the cases over"}
    )
    note = forms.CharField(
        label="Handover note",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Write a handover note for the worker taking over"},
    )

    def __init__(self, *args, cases, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases_by_id = {str(case.pk): case for case in cases}
        self.fields["cases"].choices = [
            (
                str(case.pk),
                f"{case.person.full_name} ({case.referral.scheme.name}, opened {case.opened_at:%-d %B %Y})",
            )
            for case in cases
        ]
        self.workers = {user.pk: user for user in workers}
        self.fields["to_worker"].choices = [(user.pk, user.display_name) for user in workers]
        if not self.is_bound:
            self.initial["cases"] = list(self.cases_by_id)

    def chosen_cases(self):
        return [self.cases_by_id[case_id] for case_id in self.cleaned_data["cases"]]
