"""Reading goals, progress and direct support for a case the actor has already opened (case_open)."""

from dataclasses import dataclass

from django.db.models import CharField, Count, DateField, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast
from django.urls import reverse

from ..models import Case, DirectSupport, Goal, GoalProgress
from ..timeline import TimelineEntry, as_datetime
from ..vocabulary import ASSESSMENT_DOMAINS, GoalStatus, SupportCategory


@dataclass(frozen=True)
class SupportTotal:
    category: str
    label: str
    minutes: int
    times: int


@dataclass
class GoalsOverview:
    goals: list
    support: list
    support_totals: list

    @property
    def support_minutes(self):
        return sum(total.minutes for total in self.support_totals)


def goals_overview(*, case: Case) -> GoalsOverview:
    """The case's goals with their latest progress, and its direct support with totals: three queries."""
    latest = GoalProgress.objects.filter(goal=OuterRef("pk")).order_by("-created_at", "-id")
    goals = Goal.objects.filter(case=case).annotate(
        latest_note=Subquery(latest.values("note")[:1]),
        latest_note_at=Subquery(latest.values("created_at")[:1]),
    )
    support = DirectSupport.objects.filter(case=case).select_related("by").order_by("-provided_on", "-id")
    totals = (
        DirectSupport.objects.filter(case=case)
        .values("category")
        .annotate(minutes=Sum("minutes"), times=Count("id"))
        .order_by("category")
    )
    labels = dict(SupportCategory.choices)
    return GoalsOverview(
        goals=list(goals),
        support=list(support),
        support_totals=[
            SupportTotal(
                row["category"], labels.get(row["category"], row["category"]), row["minutes"], row["times"]
            )
            for row in totals
        ],
    )


def goal_for_case(*, case: Case, goal_id: int) -> Goal | None:
    """One goal of this case, or None if the id belongs to another case."""
    goal = Goal.objects.filter(case=case, pk=goal_id).select_related("created_by").first()
    if goal is not None:
        goal.case = case  # the case already opened for this request, with its checks
    return goal


def goal_progress_history(*, goal: Goal) -> list[GoalProgress]:
    """Every progress note on the goal, newest first."""
    return list(GoalProgress.objects.filter(goal=goal).select_related("by").order_by("-created_at", "-id"))


# The columns every kind of row offers to the timeline, so they can be read in one UNION query.
_COLUMNS = ("row_kind", "row_at", "row_on", "row_code", "row_status", "row_text", "row_minutes", "row_goal")


def _timeline_rows(case: Case):
    # Typed NULLs: PostgreSQL takes a UNION column's type from its first branch.
    no_date, no_text, no_number = (
        Cast(Value(None), DateField()),
        Value("", output_field=CharField()),
        Cast(Value(None), IntegerField()),
    )
    goals = Goal.objects.filter(case=case).annotate(
        row_kind=Value("goal", output_field=CharField()),
        row_at=F("created_at"),
        row_on=no_date,
        row_code=F("domain"),
        row_status=no_text,
        row_text=F("description"),
        row_minutes=no_number,
        row_goal=F("id"),
    )
    progress = GoalProgress.objects.filter(goal__case=case).annotate(
        row_kind=Value("progress", output_field=CharField()),
        row_at=F("created_at"),
        row_on=no_date,
        row_code=F("goal__domain"),
        row_status=F("status"),
        row_text=F("note"),
        row_minutes=no_number,
        row_goal=F("goal_id"),
    )
    support = DirectSupport.objects.filter(case=case).annotate(
        row_kind=Value("support", output_field=CharField()),
        row_at=F("created_at"),
        row_on=F("provided_on"),
        row_code=F("category"),
        row_status=no_text,
        row_text=F("note"),
        row_minutes=F("minutes"),
        row_goal=no_number,
    )
    parts = [rows.order_by().values_list(*_COLUMNS) for rows in (goals, progress, support)]
    return parts[0].union(*parts[1:], all=True)


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """Goals set, progress noted and direct support given, for the case timeline: one query."""
    goals_url = reverse("casework:goals", kwargs={"case_id": case.pk})
    statuses = dict(GoalStatus.choices)
    categories = dict(SupportCategory.choices)
    entries = []
    for kind, at, on, code, status, text, minutes, goal_id in _timeline_rows(case):
        if kind == "support":
            entries.append(
                TimelineEntry(
                    at=as_datetime(on),
                    kind="direct_support",
                    title=f"Direct support: {categories.get(code, code)}, {minutes} minutes",
                    detail=text,
                    href=f"{goals_url}#direct-support",
                )
            )
            continue
        domain = ASSESSMENT_DOMAINS.get(code, code)
        entries.append(
            TimelineEntry(
                at=at,
                kind="goal",
                title=f"Goal set: {domain}"
                if kind == "goal"
                else f"Goal progress: {domain}, now {statuses.get(status, status).lower()}",
                detail=text,
                href=reverse("casework:goal_edit", kwargs={"case_id": case.pk, "goal_id": goal_id}),
            )
        )
    return sorted(entries, key=lambda entry: entry.at)
