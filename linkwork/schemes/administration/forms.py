"""The scheme form: every choice a list or checkbox in people's words; the service checks the whole."""

from django import forms

from linkwork.accounts.models import Organisation

from .. import vocabulary
from ..checks import PROVIDER_KINDS, SELF
from ..extensions import instrument_choices
from ..models import validate_phone
from ..services import EDITABLE_FIELDS

MEASURE_FIELDS = {"baseline": "baseline_measures", "review": "review_measures", "exit": "exit_measures"}
# Model fields the form sets through another field: a refusal about one is shown on the other.
ERROR_FIELDS = {
    "outcome_schedule": "exit_measures",
    "message_back_channels": "message_back_email",
    "slug": "name",
}
VERSION_ERRORS = {"required": "Refresh the page and make your change again"}
NUMBER = "Enter a whole number, like {example}"


def _number(label, *, example, required=False, minimum=1, maximum=520):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "invalid": NUMBER.format(example=example),
            "min_value": f"{label} must be at least {minimum}",
            "max_value": f"{label} must be {maximum} or less",
            "required": f"Enter {label.lower()}",
        },
    )


def _checkboxes(label, choices, *, required_message=None):
    return forms.MultipleChoiceField(
        label=label,
        choices=list(choices),
        required=required_message is not None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": required_message or "", "invalid_choice": "Choose from the list"},
    )


class SchemeForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the scheme's name"}
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    is_active = forms.BooleanField(label="Taking new referrals", required=False)
    commissioner = forms.TypedChoiceField(label="Commissioner", required=False, coerce=int, empty_value=None)
    providers = forms.TypedMultipleChoiceField(
        label="Providers: who receives the referrals",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    practices = forms.TypedMultipleChoiceField(
        label="GP practices served", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    min_age = _number("Youngest age", example="18", required=False, minimum=0, maximum=120)
    max_age = _number("Oldest age", example="74", required=False, minimum=0, maximum=120)
    eligible_conditions = _checkboxes("Long-term conditions", vocabulary.LONG_TERM_CONDITIONS.items())
    requires_gp_registration = forms.BooleanField(
        label="Must be registered with a GP practice", required=False
    )
    referral_sources = _checkboxes(
        "Who can refer",
        [(code, label) for code, label in vocabulary.REFERRAL_SOURCES.items() if code != SELF],
    )
    self_referral = forms.TypedChoiceField(
        label="Can people refer themselves online?",
        choices=[("yes", "Yes: the public form is open"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether people can refer themselves"},
    )
    public_phone = forms.CharField(
        label="Phone number for the public", max_length=30, required=False, validators=[validate_phone]
    )
    public_email = forms.EmailField(
        label="Email address for the public",
        required=False,
        error_messages={"invalid": "Enter an email address in the right form, like team@example.org"},
    )

    triage_levels = _checkboxes(
        "Triage levels", vocabulary.TRIAGE_LEVELS.items(), required_message="Choose at least one triage level"
    )
    contact_attempts_before_closing = _number(
        "Contact attempts before closing", example="3", required=True, maximum=20
    )
    contact_modes = _checkboxes("Ways of keeping in touch", vocabulary.CONTACT_MODES.items())
    session_cap = _number("Session limit", example="6", maximum=200)
    duration_cap_weeks = _number("Length of support in weeks", example="16")
    duration_cap_discretionary = forms.BooleanField(
        label="Link workers may go past the length of support, giving a reason", required=False
    )
    review_cadence_weeks = _number("Weeks between reviews", example="26")

    baseline_measures = _checkboxes("At the start", [])
    review_measures = _checkboxes("At each review", [])
    exit_measures = _checkboxes("At the end of support", [])

    office_days = _checkboxes("Days the team works", [(day, day) for day in vocabulary.WEEKDAYS])
    office_opens = forms.CharField(label="Opens at", max_length=5, required=False)
    office_closes = forms.CharField(label="Closes at", max_length=5, required=False)
    champion_areas = forms.CharField(label="Champion areas", required=False, widget=forms.Textarea)

    message_back_events = _checkboxes("The referrer hears back", vocabulary.MESSAGE_BACK_EVENTS.items())
    message_back_email = forms.BooleanField(
        label="Also email the referrer to say a message is waiting", required=False
    )
    records_snomed_codes = forms.BooleanField(
        label="Record SNOMED CT codes when the person accepts or declines", required=False
    )
    retention_years = _number(
        "Years to keep records after support ends", example="8", required=True, maximum=100
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, error_messages=VERSION_ERRORS)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}

        def of_kind(kinds):
            return [
                (organisation.pk, organisation.name)
                for organisation in organisations
                if organisation.kind in kinds
            ]

        self.fields["commissioner"].choices = [
            ("", "None recorded"),
            *of_kind({Organisation.Kind.COMMISSIONER}),
        ]
        self.fields["providers"].choices = of_kind(PROVIDER_KINDS)
        self.fields["practices"].choices = of_kind({Organisation.Kind.GP_PRACTICE})
        measures = instrument_choices()
        for field in MEASURE_FIELDS.values():
            self.fields[field].choices = measures

    @classmethod
    def initial_from(cls, scheme, *, providers, practices) -> dict:
        """The form's starting values: a saved scheme's, or a preset's (a Scheme not yet saved)."""
        plain = set(cls.base_fields) & set(EDITABLE_FIELDS) - {"commissioner"}
        initial = {name: getattr(scheme, name) for name in plain}
        schedule = scheme.outcome_schedule or {}
        initial |= {field: schedule.get(point, []) for point, field in MEASURE_FIELDS.items()}
        initial |= {
            "commissioner": scheme.commissioner_id,
            "providers": [organisation.pk for organisation in providers],
            "practices": [organisation.pk for organisation in practices],
            "referral_sources": [code for code in scheme.referral_sources if code != SELF],
            "self_referral": "yes" if SELF in scheme.referral_sources else "no",
            "champion_areas": "\n".join(scheme.champion_areas),
            "message_back_email": "email" in scheme.message_back_channels,
            "version": scheme.version,
        }
        return initial

    def clean_office_opens(self):
        return self.cleaned_data["office_opens"].strip()

    def clean_office_closes(self):
        return self.cleaned_data["office_closes"].strip()

    def service_arguments(self) -> dict:
        """settings, providers and practices, as scheme_create and scheme_update take them."""
        data = self.cleaned_data
        plain = [
            "name", "description", "is_active", "min_age", "max_age", "eligible_conditions",
            "requires_gp_registration", "public_phone", "public_email", "triage_levels",
            "contact_attempts_before_closing", "contact_modes", "session_cap", "duration_cap_weeks",
            "duration_cap_discretionary", "review_cadence_weeks", "office_days", "office_opens",
            "office_closes", "message_back_events", "records_snomed_codes", "retention_years",
        ]  # fmt: skip
        settings = {name: data[name] for name in plain}
        settings["name"] = settings["name"].strip()
        settings["public_phone"] = settings["public_phone"].strip()
        settings["commissioner"] = self.organisations.get(data["commissioner"])
        settings["referral_sources"] = data["referral_sources"] + ([SELF] if data["self_referral"] else [])
        settings["outcome_schedule"] = {point: data[field] for point, field in MEASURE_FIELDS.items()}
        settings["champion_areas"] = [
            line.strip() for line in data["champion_areas"].splitlines() if line.strip()
        ]
        settings["message_back_channels"] = ["in_app"] + (["email"] if data["message_back_email"] else [])
        return {
            "settings": settings,
            "providers": [self.organisations[pk] for pk in data["providers"]],
            "practices": [self.organisations[pk] for pk in data["practices"]],
        }
