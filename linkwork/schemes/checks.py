"""The checks a scheme's settings pass before an administrator's change is saved.

Two kinds: settings that hang together (a limit is positive, reviews fall within support, a scheme
that takes self-referrals can be contacted), and settings that open work still relies on (a triage
level given to open referrals cannot be taken away). Each refusal names the field and says, in
plain words, what to do; nothing is saved.
"""

from django.core.exceptions import ValidationError

from linkwork.accounts.models import Organisation

from . import vocabulary
from .extensions import Usage, instrument_choices, scheme_usage

PROVIDER_KINDS = {Organisation.Kind.PROVIDER, Organisation.Kind.PCN}
OLDEST_AGE = 120
SELF = "self"


def check_settings(scheme, *, providers, practices) -> None:
    """Raise ValidationError naming every setting that does not hang together (model rules included)."""
    errors = {}
    try:
        scheme.full_clean(exclude=["slug"])
    except ValidationError as error:
        errors.update(error.message_dict)
    for field, message in _coherence(scheme, providers=providers, practices=practices):
        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def _coherence(scheme, *, providers, practices):
    for field, label in [
        ("session_cap", "The session limit"),
        ("duration_cap_weeks", "The length of support"),
        ("review_cadence_weeks", "The time between reviews"),
    ]:
        value = getattr(scheme, field)
        if value is not None and value < 1:
            yield field, f"{label} must be at least 1, or left empty for no limit."
    if scheme.contact_attempts_before_closing < 1:
        yield "contact_attempts_before_closing", "Allow at least 1 contact attempt."
    if scheme.max_age is not None and scheme.max_age > OLDEST_AGE:
        yield "max_age", f"Enter a maximum age of {OLDEST_AGE} or less."
    if scheme.duration_cap_discretionary and not scheme.duration_cap_weeks:
        yield (
            "duration_cap_discretionary",
            "Set the length of support before allowing link workers to go past it.",
        )
    cadence, duration = scheme.review_cadence_weeks, scheme.duration_cap_weeks
    if cadence and duration and cadence >= duration:
        yield (
            "review_cadence_weeks",
            f"Reviews every {cadence} weeks would never happen within {duration} weeks of support: "
            "make the time between reviews shorter.",
        )
    yield from _schedule_coherence(scheme)
    yield from _organisation_coherence(scheme, providers=providers, practices=practices)
    if SELF in scheme.referral_sources and not (scheme.public_phone or scheme.public_email):
        yield (
            "public_phone",
            "Give a phone number or email address: people who refer themselves are told how to contact the service.",
        )
    if "in_app" not in scheme.message_back_channels:
        yield "message_back_channels", "Messages back always go to the referrer's Linkwork inbox."


def _schedule_coherence(scheme):
    schedule = scheme.outcome_schedule if isinstance(scheme.outcome_schedule, dict) else {}
    known = {code for code, _title in instrument_choices()}
    unknown = sorted({code for codes in schedule.values() for code in codes} - known)
    if unknown:
        yield "outcome_schedule", f"Unknown outcome measures: {', '.join(unknown)}."
    without_baseline = [code for code in schedule.get("exit", []) if code not in schedule.get("baseline", [])]
    if without_baseline:
        titles = dict(instrument_choices())
        yield (
            "outcome_schedule",
            "Measure at the start what you measure at the end, or there is no change to show: "
            + ", ".join(titles.get(code, code) for code in without_baseline)
            + ".",
        )


def _organisation_coherence(scheme, *, providers, practices):
    wrong = [organisation.name for organisation in providers if organisation.kind not in PROVIDER_KINDS]
    if wrong:
        yield (
            "providers",
            f"{', '.join(wrong)}: each must be a social prescribing provider or primary care network.",
        )
    wrong = [
        organisation.name for organisation in practices if organisation.kind != Organisation.Kind.GP_PRACTICE
    ]
    if wrong:
        yield "practices", f"{', '.join(wrong)}: each must be a GP practice."
    if scheme.commissioner is not None and scheme.commissioner.kind != Organisation.Kind.COMMISSIONER:
        yield "commissioner", "Choose a commissioner organisation."
    if not scheme.is_active:
        return
    if not providers:
        yield "providers", "Choose at least one provider: referrals need an organisation to receive them."
    if "gp_practice" in scheme.referral_sources and not practices:
        yield (
            "practices",
            "Choose the GP practices that refer to this scheme, or stop taking referrals from GP practices.",
        )


def check_still_usable(scheme, *, before: dict, after: dict) -> None:
    """Refuse a change that takes away a setting open referrals or cases still use.

    `before` and `after` are `settings_in_use` of the scheme as saved and as it would be saved.
    """
    errors = {}
    for usage in scheme_usage(scheme):
        if usage.code in before[usage.field] and usage.code not in after[usage.field]:
            errors.setdefault(usage.field, []).append(_still_used(usage, names=before["names"]))
    if errors:
        raise ValidationError(errors)


def settings_in_use(scheme, providers) -> dict:
    """The scheme's settings that open work may rely on, and the providers' names to explain a refusal."""
    schedule = scheme.outcome_schedule if isinstance(scheme.outcome_schedule, dict) else {}
    return {
        "referral_sources": set(scheme.referral_sources),
        "triage_levels": set(scheme.triage_levels),
        "outcome_schedule": {code for codes in schedule.values() for code in codes},
        "providers": {organisation.pk for organisation in providers},
        "names": {organisation.pk: organisation.name for organisation in providers},
    }


# Past tense throughout, so each reads right whatever the count.
_EXPLAINED = {
    "referral_sources": ("came from {label}", "accepting referrals from {label}"),
    "triage_levels": ("were triaged {label}", "the triage level {label}"),
    "outcome_schedule": ("recorded {label}", "measuring {label}"),
    "providers": ("went to {label}", "{label} as a provider"),
}


def _still_used(usage: Usage, *, names) -> str:
    labels = {
        "referral_sources": vocabulary.REFERRAL_SOURCES,
        "triage_levels": vocabulary.TRIAGE_LEVELS,
        "outcome_schedule": dict(instrument_choices()),
        "providers": names,
    }[usage.field]
    label = labels.get(usage.code, str(usage.code))
    used, keep = _EXPLAINED[usage.field]
    return (
        f"{usage.count} {usage.what} {used.format(label=label)}: keep {keep.format(label=label)} "
        "until they have closed."
    )
