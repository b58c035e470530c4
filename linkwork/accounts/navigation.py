"""The header navigation for each role: only pages that role can use."""

from django.urls import reverse

from . import rules

_ITEMS = [
    ("Home", "accounts:home", None),
    ("People", "people:list", rules.can_view_people),
    ("Schemes", "schemes:list", rules.can_view_schemes),
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
    if rules.can_administer(actor) and request.user.is_staff:
        items.append({"text": "Administration", "href": reverse("admin:index"), "current": False})
    return items


def context(request):
    """Jinja2 context processor: navigation and the acting membership for the page header."""
    return {
        "navigation_items": navigation_items(request),
        "membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
