"""The three dashboards (operations, equity, unmet need) as tables with their methods, each read
audited with where it went (the page, or a download).
"""

from dataclasses import dataclass

from linkwork.core.context import Actor
from linkwork.core.services import audit_record
from linkwork.outcomes.models import Instrument

from ..suppression import suppressed_label
from ..table_model import Table
from . import casework_tables, equity, referral_tables, unmet_need
from .criteria import DashboardCriteria, cases_in_scope, onward_in_scope, referrals_in_scope


@dataclass(frozen=True)
class Dashboard:
    kind: str
    criteria: DashboardCriteria
    tables: list[Table]
    methods: list[str]


def _scope_line(criteria: DashboardCriteria) -> str:
    who = "every provider's records" if criteria.whole_scheme else "your own provider's records only"
    return (
        f"Figures cover {who}, for referrals received in the period chosen (or ever) and the cases, "
        "sessions and onward referrals that followed from them. The practice is the person's registered "
        "practice."
    )


def _suppression_line(criteria: DashboardCriteria) -> str:
    if not criteria.suppress:
        return (
            "Counts are not suppressed: these are your own team's figures. Do not pass them on as they are."
        )
    return (
        f"Any count under {criteria.threshold} is shown as {suppressed_label(criteria.threshold)}, and a "
        f"median, percentile, rate or average over fewer than {criteria.threshold} records is not shown."
    )


def _audited(
    actor: Actor, kind: str, criteria: DashboardCriteria, channel: str, tables, methods
) -> Dashboard:
    audit_record(
        actor=actor,
        action=f"report.{kind}",
        target=criteria.schemes[0] if len(criteria.schemes) == 1 else None,
        details={"channel": channel, **criteria.audit_details()},
    )
    return Dashboard(kind=kind, criteria=criteria, tables=tables, methods=methods)


def operations_dashboard(*, actor: Actor, criteria: DashboardCriteria, channel: str) -> Dashboard:
    referrals = referrals_in_scope(actor, criteria)
    cases = cases_in_scope(actor, criteria)
    onward = onward_in_scope(actor, criteria)
    tables = [
        referral_tables.referrals_by_month(referrals, criteria),
        referral_tables.referrals_by_source(referrals, criteria),
        referral_tables.referrals_by_practice(referrals, criteria),
        referral_tables.triage_mix(referrals, criteria),
        referral_tables.declines(referrals, criteria),
        referral_tables.waits(referrals, criteria),
        casework_tables.caseload(cases, criteria),
        casework_tables.sessions_and_length(cases, criteria),
        casework_tables.discharge_reasons(cases, criteria),
        casework_tables.did_not_attend(cases, criteria),
        casework_tables.onward_by_category(onward, criteria),
        casework_tables.onward_by_status(onward, criteria),
        casework_tables.vcse_response_times(onward, criteria),
        referral_tables.snomed_coded(referrals, criteria),
    ]
    methods = [
        _scope_line(criteria),
        "Rates per 1,000 registered patients are shown only where the practice's list size is recorded.",
        "Waits are in days: received to the first time the person was reached, then to their first "
        "attended session. The median is the middle wait; the 90th percentile is the wait nine in ten "
        "were seen within (linear interpolation between the nearest ranks).",
        "Caseload counts open cases now. Complexity weighting uses each referral's triage level, as "
        "allocation does: signpost 0, light 1, standard 2, complex 3 (cases with no level count as standard).",
        "The did-not-attend rate is missed sessions out of sessions attended or missed; cancelled and "
        "booked sessions are left out.",
        "Onward referrals count once in each directory category of their service. A service's answer time "
        "runs from sending to its first change of status.",
        _suppression_line(criteria),
    ]
    return _audited(actor, "operations", criteria, channel, tables, methods)


def equity_dashboard(
    *, actor: Actor, criteria: DashboardCriteria, instrument: Instrument | None, channel: str
) -> Dashboard:
    tables = [
        equity.equity_table(
            referrals_in_scope(actor, criteria), cases_in_scope(actor, criteria), criteria, instrument
        )
    ]
    methods = [
        _scope_line(criteria),
        "Age is age today. Ethnic groups are the NHS ethnic category groups.",
        "Deprivation quintile: not known. Linkwork does not record an index of multiple deprivation for a "
        "person, so no figures by deprivation are shown.",
        "Share of the scheme population: not known. Linkwork holds practice list sizes but not the make-up "
        "of the population by sex, age or ethnic group, so no comparison is made.",
        "Mean change is the latest follow-up score minus the baseline score on the first scale of the "
        "outcome measure chosen, for people with both.",
        _suppression_line(criteria)
        + (
            " Where the hidden counts of a characteristic would add up to a small number, the next smallest "
            "is hidden too."
            if criteria.suppress
            else ""
        ),
    ]
    return _audited(actor, "equity", criteria, channel, tables, methods)


def unmet_need_dashboard(*, actor: Actor, criteria: DashboardCriteria, channel: str) -> Dashboard:
    referrals = referrals_in_scope(actor, criteria)
    onward = onward_in_scope(actor, criteria)
    capacity = unmet_need.service_capacity_by_need()
    tables = [
        unmet_need.needs_table(referrals, criteria, capacity),
        unmet_need.onward_capacity_by_category(onward, criteria),
        unmet_need.by_area(referrals, onward, criteria, unmet_need.unmet_needs(capacity)),
    ]
    methods = [
        _scope_line(criteria),
        "Each need is matched to directory categories as the services suggested for a case are. A need "
        "has no service taking people when no active or temporarily closed listing in those categories is "
        "taking people now (today's directory, whatever the period).",
        "An onward referral counts as declined because the service was full when the service chose "
        "\u201cThe service is full\u201d as its reason for declining.",
        "The postcode district is the first part of the person's postcode.",
        _suppression_line(criteria),
    ]
    return _audited(actor, "unmet_need", criteria, channel, tables, methods)
