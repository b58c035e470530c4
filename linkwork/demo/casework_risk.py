"""Demo risk flags and supervision notes on open cases, made through the real services."""

import random

from linkwork.casework.services.risk import risk_flag_clear, risk_flag_escalate, risk_flag_raise
from linkwork.casework.services.team import supervision_note_record
from linkwork.core.context import Actor

# (kind, description, escalated to, what they said, reason it could be cleared)
FLAGS = [
    (
        "lone_working",
        "Large dog at the address and a partner who has been hostile to visitors. Visit in pairs or meet elsewhere.",
        "Team lead",
        "Agreed: no home visits alone; meet at the community centre.",
        "Now meeting at the community centre; no home visits planned.",
    ),
    (
        "risk_to_self",
        "Said they sometimes feel there is no point going on. No plan or intent described.",
        "Their GP, by phone",
        "GP will see them this week and has shared the crisis line number.",
        "Seen by GP and the mental health team; says they feel safer and has the crisis line number.",
    ),
    (
        "safeguarding_adult",
        "Mentioned a relative takes their bank card and gives back little of the money.",
        "Safeguarding lead",
        "Advised a referral to adult social care; made the same day.",
        "Adult social care visited; the bank card is back with them and a carer checks in weekly.",
    ),
]

SUPERVISION_NOTES = [
    "Talked through how to end support well: two more sessions, then a check-in call a month later.",
    "Reviewed goals: money worries eased, loneliness still the main need. Agreed to try the walking group.",
    "Discussed the risk flag and lone working; agreed to meet only at the community centre for now.",
    "The person is leaning on weekly calls. Agreed to space contacts to fortnightly and introduce the befriending service.",
]


def seed(*, case, actor: Actor, rng: random.Random) -> None:
    """On about a third of cases raise and escalate a flag; on another third raise one and later clear it."""
    # Draw first, so a re-run (which writes nothing) leaves the random sequence as the first run did.
    outcome = rng.choice(["escalated", "cleared", "none"])
    kind, description, escalated_to, response, clear_reason = rng.choice(FLAGS)
    if outcome == "none" or case.risk_flags.exists():
        return
    flag = risk_flag_raise(by=actor, case=case, kind=kind, description=description)
    if outcome == "escalated":
        risk_flag_escalate(by=actor, flag=flag, escalated_to=escalated_to, response=response)
    else:
        risk_flag_clear(by=actor, flag=flag, reason=clear_reason)


def seed_supervision(*, case, team_lead_actor: Actor, rng: random.Random) -> None:
    """A supervision note on about half the cases, recorded by the provider's team lead."""
    wanted, note = rng.random() < 0.5, rng.choice(SUPERVISION_NOTES)
    if not wanted or case.supervision_notes.exists():
        return
    supervision_note_record(by=team_lead_actor, case=case, note=note)
