"""Each role's home page: what to do next, offering only pages the role can use today."""

from django.shortcuts import render
from django.urls import reverse

from linkwork.accounts import rules as account_rules
from linkwork.accounts.access import member_required
from linkwork.accounts.models import Role
from linkwork.casework import rules as casework_rules
from linkwork.directory import rules as directory_rules
from linkwork.messaging import rules as messaging_rules
from linkwork.messaging.selectors import unread_notifications
from linkwork.onward import rules as onward_rules
from linkwork.people import rules as people_rules
from linkwork.referrals import rules as referral_rules
from linkwork.reporting import rules as reporting_rules

_ROLE_INTRODUCTIONS = {
    Role.REFERRER: "Refer people whose health is held back by non-medical problems, and see what became of "
    "each referral.",
    Role.LINK_WORKER: "Support the people allocated to you: contact them, agree what matters to them and "
    "connect them with community support.",
    Role.TEAM_LEAD: "Triage new referrals, allocate them by capacity and complexity, and support your "
    "link workers.",
    Role.VCSE_COORDINATOR: "Keep your organisation's services current and answer the onward referrals "
    "link workers send you.",
    Role.COMMISSIONER: "See how the schemes you fund are working: volumes, waits, equity and outcomes, as "
    "aggregates only.",
    Role.ADMINISTRATOR: "Set up organisations, users, memberships and schemes.",
}

_STEPS = [
    (
        "Your caseload",
        "Open cases with the next thing to do for each person, soonest first.",
        "casework:caseload",
        casework_rules.can_work_cases,
    ),
    (
        "Your diary",
        "Your booked appointments by day and week: move or cancel one, or add them to your calendar.",
        "casework:diary",
        casework_rules.can_work_cases,
    ),
    (
        "Team diary",
        "Every link worker's appointments, day by day.",
        "casework:team_diary",
        casework_rules.can_lead,
    ),
    (
        "Team caseloads",
        "Each link worker's open cases weighted by complexity, and signs of dependency.",
        "casework:team_caseload",
        casework_rules.can_lead,
    ),
    (
        "Refer someone",
        "Send a referral, with the scheme's criteria shown first.",
        "referrals:new",
        referral_rules.can_refer,
    ),
    (
        "Triage new referrals",
        "Oldest and riskiest first; allocate by caseload and fit.",
        "referrals:triage_queue",
        referral_rules.can_triage,
    ),
    (
        "Referrals",
        "See what became of each referral, or contact the people allocated to you.",
        "referrals:list",
        referral_rules.can_see_referral_lists,
    ),
    (
        "Messages about your referrals",
        "What the service told you when each person accepted, declined or finished support.",
        "message_back:inbox",
        referral_rules.can_refer,
    ),
    (
        "Referrals to your services",
        "Accept, waitlist or decline the people link workers refer, then record sessions and how it went.",
        "onward:inbox",
        onward_rules.can_use_inbox,
    ),
    (
        "Your service listings",
        "Keep capacity, waits and times current, so link workers refer to what is really there.",
        "my_services:list",
        directory_rules.can_manage_listings,
    ),
    (
        "Find community services",
        "Search the directory by need, day, time, cost, language and capacity.",
        "directory:search",
        directory_rules.can_search_directory,
    ),
    (
        "Operational dashboard",
        "Referrals, waits, caseloads, sessions, discharges and onward referrals, with filters and downloads.",
        "reporting:operations",
        reporting_rules.can_view_reports,
    ),
    (
        "Equity and unmet need",
        "Who is referred and helped, by group; needs with no service taking people, and waiting lists.",
        "reporting:unmet_need",
        reporting_rules.can_view_reports,
    ),
    (
        "Outcome reports",
        "Change in each outcome measure with the statistics, attrition and subgroups; small numbers hidden.",
        "reporting:outcomes",
        reporting_rules.can_view_reports,
    ),
    (
        "Check likely duplicates",
        "Records that may be the same person: merge them or mark them as different.",
        "people:duplicates",
        people_rules.can_merge_people,
    ),
    (
        "Find a person",
        "Search the people your organisation supports by NHS number or name.",
        "people:list",
        account_rules.can_view_people,
    ),
    (
        "Organisations",
        "Add GP practices, networks, providers, community organisations and commissioners, or change them.",
        "administration:organisations",
        account_rules.can_administer,
    ),
    (
        "Users and roles",
        "Add the people who sign in and give each a role in an organisation.",
        "administration:users",
        account_rules.can_administer,
    ),
    (
        "Set up schemes",
        "Who each scheme accepts, how it runs, what it measures and whether people can refer themselves.",
        "scheme_administration:list",
        account_rules.can_administer,
    ),
    (
        "Check scheme criteria",
        "Who each scheme your organisation works with accepts, and how it runs.",
        "schemes:list",
        account_rules.can_view_schemes,
    ),
]


@member_required()
def home(request):
    actor = request.actor
    steps = [
        {"title": title, "description": description, "href": reverse(url_name)}
        for title, description, url_name, rule in _STEPS
        if rule(actor)
    ]
    if account_rules.can_administer(actor) and request.user.is_staff:
        steps.append(
            {
                "title": "Administration site",
                "description": "Security codes, lock-outs, sign-in events and API tokens.",
                "href": reverse("admin:index"),
            }
        )
    unread, notices = (
        unread_notifications(actor=actor) if messaging_rules.can_read_notifications(actor) else (0, [])
    )
    return render(
        request,
        "accounts/home.jinja",
        {
            "next_steps": {"introduction": _ROLE_INTRODUCTIONS[actor.role], "steps": steps},
            "unread": unread,
            "notices": notices,
        },
    )
