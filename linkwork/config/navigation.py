"""The header navigation for each role: only pages the role can use, decided by each app's rules."""

from django.urls import reverse

from linkwork.accounts import rules as account_rules
from linkwork.casework import rules as casework_rules
from linkwork.directory import rules as directory_rules
from linkwork.messaging import rules as messaging_rules
from linkwork.messaging.selectors import unread_count
from linkwork.onward import rules as onward_rules
from linkwork.referrals import rules as referral_rules
from linkwork.reporting import rules as reporting_rules

_ITEMS = [
    ("Home", "home", None),
    ("Caseload", "casework:caseload", casework_rules.can_work_cases),
    ("Diary", "casework:diary", casework_rules.can_work_cases),
    ("Team", "casework:team_caseload", casework_rules.can_lead),
    ("Triage", "referrals:triage_queue", referral_rules.can_triage),
    ("Referrals", "referrals:list", referral_rules.can_see_referral_lists),
    ("Messages", "message_back:inbox", referral_rules.can_refer),
    ("People", "people:list", account_rules.can_view_people),
    ("Directory", "directory:search", directory_rules.can_search_directory),
    ("My services", "my_services:list", directory_rules.can_manage_listings),
    ("Inbox", "onward:inbox", onward_rules.can_use_inbox),
    ("Schemes", "schemes:list", account_rules.can_view_schemes),
    ("Reports", "reporting:operations", reporting_rules.can_view_reports),
    ("Messages", "messaging:admin_messages", messaging_rules.can_manage_messages),
    ("Administration", "administration:home", account_rules.can_administer),
]


def navigation_items(request):
    actor = getattr(request, "actor", None)
    if actor is None:
        return []
    path = request.path
    items = []
    for label, url_name, rule in _ITEMS:
        if rule is not None and not rule(actor):
            continue
        href = reverse(url_name)
        current = path == href or (href != "/" and path.startswith(href))
        items.append({"text": label, "href": href, "current": current})
    if messaging_rules.can_read_notifications(actor):
        # One query on every page: the unread count.
        unread, href = unread_count(actor=actor), reverse("messaging:notifications")
        label = f"Notifications ({unread} unread)" if unread else "Notifications"
        items.append({"text": label, "href": href, "current": path == href})
    return items


def context(request):
    """Jinja2 context processor: navigation and the acting membership for the page header."""
    user = getattr(request, "user", None)
    return {
        "navigation_items": navigation_items(request),
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
        # Before the second factor the header names nobody: only a way to log out.
        "account_shown": user is not None and user.is_authenticated and user.is_verified(),
    }
