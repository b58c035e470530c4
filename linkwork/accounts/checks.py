"""System checks that stop unsafe sign-in settings reaching a real service."""

from django.conf import settings
from django.core.checks import Error, register


@register("security", deploy=False)
def demo_code_only_when_debugging(app_configs, **kwargs):
    if getattr(settings, "LINKWORK_DEMO_SHOW_CODE", False) and not settings.DEBUG:
        return [
            Error(
                "LINKWORK_DEMO_SHOW_CODE shows every user's second-factor code on the page.",
                hint="Set it only in local development settings, where DEBUG is true.",
                id="linkwork.accounts.E001",
            )
        ]
    return []
