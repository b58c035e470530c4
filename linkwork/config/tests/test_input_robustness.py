"""Property-based tests: whatever a person types, forms and parsers answer with a validation message, never
an exception (which the web would show as a server error)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkwork.casework.forms.assessments import AssessmentForm
from linkwork.casework.forms.cases import (
    AppointmentMoveForm,
    CaseSearchForm,
    ContactForm,
    ContactMarkForm,
    DischargeForm,
    ExtendForm,
)
from linkwork.casework.forms.goals import DirectSupportForm, GoalEditForm, GoalProgressForm, WhatMattersForm
from linkwork.casework.forms.risk import ClearFlagForm, EscalateFlagForm, RaiseFlagForm
from linkwork.casework.forms.team import HandoverForm, ReallocateForm, SupervisionForm
from linkwork.onward.forms import AttendanceForm, CancelForm, MessageForm, RespondForm, SendForm
from linkwork.outcomes.definitions import load_shipped, shipped_codes
from linkwork.outcomes.scoring import ScoringError, score_answers
from linkwork.people.forms import PersonSearchForm
from linkwork.people.validators import nhs_number_problem, normalise_postcode, validate_postcode
from linkwork.referrals.forms import (
    ContactAttemptForm,
    DecisionForm,
    DeclineForm,
    ProfessionalReferralForm,
    SignpostForm,
    TriageForm,
)

# Text as people and scripts send it: any unicode (other digits, superscripts, emoji), very long, or empty.
typed = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 -/", max_size=14),
    # Ten characters that Python calls digits but are not 0-9: other scripts' digits, superscripts.
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=10, max_size=10),
    st.text(alphabet="0123456789²³¹", min_size=10, max_size=10),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "²", "٣", "2026-02-30", "99999999999999999999"]),
    st.text(min_size=1000, max_size=1200),
    st.text(alphabet="0123456789", min_size=4301, max_size=4400),
)


def refusal(check, value, refused_with):
    """The message `check` refuses `value` with (None if accepted); any other exception fails the test."""
    try:
        check(value)
    except refused_with as refused:
        return str(refused)
    return None


FORMS = {
    "professional referral": lambda data: ProfessionalReferralForm(data, schemes=[]),
    "triage": lambda data: TriageForm(data, levels=[("standard", "Standard")], options=[]),
    "signpost": SignpostForm,
    "decline": DeclineForm,
    "contact attempt": ContactAttemptForm,
    "decision": DecisionForm,
    "person search": PersonSearchForm,
    "assessment": lambda data: AssessmentForm(data, has_baseline=True),
    "contact": ContactForm,
    "contact mark": ContactMarkForm,
    "appointment move": AppointmentMoveForm,
    "case search": CaseSearchForm,
    "reallocate": lambda data: ReallocateForm(data, cases=[], workers=[]),
    "extend": ExtendForm,
    "discharge": DischargeForm,
    "what matters": WhatMattersForm,
    "goal": GoalEditForm,
    "goal progress": GoalProgressForm,
    "direct support": DirectSupportForm,
    "raise flag": RaiseFlagForm,
    "escalate flag": EscalateFlagForm,
    "clear flag": ClearFlagForm,
    "handover": lambda data: HandoverForm(data, candidates=[]),
    "supervision": SupervisionForm,
    "onward send": SendForm,
    "onward respond": lambda data: RespondForm(data, current_status="requested"),
    "onward attendance": AttendanceForm,
    "onward message": MessageForm,
    "onward cancel": CancelForm,
}


def submitted_names(form):
    """Every name the form reads from a POST, including each part of a multi-part widget (dates)."""
    names = []
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            names += [bound.html_name + suffix for suffix in widget.widgets_names]
        else:
            names.append(bound.html_name)
    return names


@pytest.mark.parametrize("make_form", FORMS.values(), ids=FORMS.keys())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_typed_input_breaks_a_form(make_form, data, db):
    names = submitted_names(make_form({}))
    submitted = {name: data.draw(typed, label=name) for name in names}

    form = make_form(submitted)

    if not form.is_valid():
        assert all(message for messages in form.errors.values() for message in messages)


@settings(max_examples=300)
@given(typed)
def test_an_nhs_number_is_either_accepted_as_ten_checked_digits_or_refused_with_a_reason(value):
    problem = nhs_number_problem(value)

    if problem is None:
        digits = "".join(character for character in value if character not in " -\t\n")
        assert len(digits) == 10
        assert digits.isascii()
        assert digits.isdigit()


@settings(max_examples=300)
@given(typed)
def test_a_postcode_is_either_valid_or_refused_with_a_message(value):
    normalise_postcode(value)

    assert refusal(validate_postcode, value, ValidationError) in (
        None,
        "['Enter a full UK postcode, like LS1 4AP']",
    )


def answers_for(definition):
    link_ids = [item["linkId"] for item in definition["item"]]
    return st.dictionaries(
        st.one_of(st.sampled_from(link_ids), st.text(max_size=12)),
        st.one_of(st.integers(-5, 1000), st.text(max_size=5), st.none(), st.floats(), st.booleans()),
        max_size=len(link_ids) + 2,
    )


@pytest.mark.parametrize("code", shipped_codes())
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_scoring_refuses_bad_answers_with_a_reason_and_never_fails_otherwise(code, data):
    definition = load_shipped(code)
    submitted = data.draw(answers_for(definition))

    refused = refusal(lambda answers: score_answers(definition, answers), submitted, ScoringError)

    assert refused is None or refused.strip()


def test_a_required_date_typed_as_spaces_is_asked_for_again():
    """Found by the property test above: spaces passed Django's required check and reached the validators."""
    form = ProfessionalReferralForm(
        {"date_of_birth_day": " ", "date_of_birth_month": "", "date_of_birth_year": " "}, schemes=[]
    )

    assert not form.is_valid()
    assert form.errors["date_of_birth"] == ["Enter the date of birth"]
