"""Settings for a developer's machine and `make run`: never for production."""

import os

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is acceptable only because local data is synthetic demo data.
SECRET_KEY = os.environ.get("SECRET_KEY") or "local-development-only-not-secret"
INSTALLED_APPS = [*INSTALLED_APPS, "linkwork.demo"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo's code page shows the current second-factor code, so a newcomer needs no phone.
LINKWORK_DEMO_SHOW_CODE = env_bool("LINKWORK_DEMO_SHOW_CODE", True)
# Without a GOV.UK Notify key, texts are printed by the worker rather than failing.
MESSAGING_SMS_PROVIDER = os.environ.get(
    "MESSAGING_SMS_PROVIDER", "notify" if os.environ.get("NOTIFY_API_KEY") else "console"
)
