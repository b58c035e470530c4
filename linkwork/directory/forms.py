from django import forms

from . import selectors, vocabulary

PAGE_SIZE = 20


class DirectorySearchForm(forms.Form):
    """The directory's search box and filters. Every field is optional; a GET form, so results can be shared."""

    q = forms.CharField(label="Search for a service", required=False, max_length=200)
    category = forms.TypedChoiceField(label="Category", required=False, coerce=str, empty_value="")
    age = forms.IntegerField(label="Person's age", required=False, min_value=0, max_value=120)
    day = forms.ChoiceField(
        label="Day", required=False, choices=[("", "Any day"), *vocabulary.WEEKDAYS.items()]
    )
    after_five = forms.BooleanField(label="Has sessions after 5pm", required=False)
    free_or_low_cost = forms.BooleanField(
        label=f"Free or low cost (£{vocabulary.LOW_COST_LIMIT_POUNDS} or less)", required=False
    )
    drop_in = forms.BooleanField(label="Drop in (no booking)", required=False)
    language = forms.ChoiceField(
        label="Language spoken",
        required=False,
        choices=[("", "Any language"), *vocabulary.LANGUAGES.items()],
    )
    capacity = forms.MultipleChoiceField(
        label="Capacity", required=False, choices=vocabulary.CapacityStatus.choices
    )
    postcode = forms.CharField(label="Near postcode", required=False, max_length=8)
    within_km = forms.TypedChoiceField(
        label="Within",
        required=False,
        coerce=float,
        empty_value=None,
        choices=[("", "Any distance"), ("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km")],
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any category")] + [
            (str(term.pk), term.name) for term in categories
        ]

    def clean(self):
        data = super().clean()
        postcode = data.get("postcode", "").strip()
        data["near"] = selectors.postcode_point(postcode) if postcode else None
        if postcode and data["near"] is None:
            self.add_error(
                "postcode",
                "Linkwork does not know where that postcode is: distance works for postcodes in areas "
                "where services are listed. Check it, or search without it.",
            )
        if data.get("within_km") is not None and not postcode:
            self.add_error("postcode", "Enter a postcode to search within a distance")
        return data

    def search_filters(self) -> dict:
        """Keyword arguments for `selectors.service_search`, from a valid form."""
        data = self.cleaned_data
        return {
            "near": data["near"],
            "within_km": data["within_km"],
            "text": data["q"],
            "taxonomy_term_id": data["category"] or None,
            "age": data["age"],
            "day": data["day"],
            "after_five": data["after_five"],
            "free_or_low_cost": data["free_or_low_cost"],
            "drop_in": data["drop_in"],
            "language": data["language"],
            "capacity": tuple(data["capacity"]),
        }


def _known(choices) -> list:
    """The choices an owner picks from: they know their service, so "not known" is not offered."""
    return [(value, label) for value, label in choices if value != vocabulary.UNKNOWN]


class ListingForm(forms.Form):
    """What a VCSE coordinator keeps current about one of their listings."""

    capacity_status = forms.ChoiceField(
        label="Can you take new people?",
        choices=_known(vocabulary.CapacityStatus.choices),
        widget=forms.RadioSelect,
    )
    expected_wait_weeks = forms.IntegerField(
        label="Expected wait, in weeks", required=False, min_value=1, max_value=104
    )
    status = forms.ChoiceField(
        label="Is the service running?",
        choices=[
            (vocabulary.ServiceStatus.ACTIVE, "Yes, it is running"),
            (vocabulary.ServiceStatus.TEMPORARILY_CLOSED, "It is closed for now"),
            (vocabulary.ServiceStatus.INACTIVE, "It has stopped"),
        ],
        widget=forms.RadioSelect,
    )
    attendance = forms.ChoiceField(
        label="How do people come?", choices=_known(vocabulary.Attendance.choices), widget=forms.RadioSelect
    )
    referral_method = forms.ChoiceField(
        label="How should link workers refer?",
        choices=_known(vocabulary.ReferralMethod.choices),
        widget=forms.RadioSelect,
    )
    description = forms.CharField(label="What the service offers", widget=forms.Textarea, max_length=4000)
    alert = forms.CharField(label="Short-term notice", required=False, max_length=500, widget=forms.Textarea)
    minimum_age = forms.IntegerField(label="Youngest age", required=False, min_value=0, max_value=120)
    maximum_age = forms.IntegerField(label="Oldest age", required=False, min_value=0, max_value=120)
    target_groups = forms.MultipleChoiceField(
        label="Who the service is especially for",
        required=False,
        choices=list(vocabulary.TARGET_GROUPS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def for_service(cls, service, data=None):
        return cls(data, initial={name: getattr(service, name) for name in cls.base_fields})

    def clean(self):
        data = super().clean()
        if data.get("capacity_status") == vocabulary.CapacityStatus.WAITING_LIST:
            if not data.get("expected_wait_weeks"):
                self.add_error("expected_wait_weeks", "Enter about how many weeks people wait")
        else:
            # The wait belongs to a waiting list only; drop one left over from before.
            data["expected_wait_weeks"] = None
        return data
