"""Settings for `make bench` only: the local settings with DEBUG off and the bench URLconf.

Production's settings redirect to HTTPS and want secure cookies, which a plain-HTTP load client on
127.0.0.1 cannot follow; everything else that costs time per request (middleware, templates, the
Argon2 password hasher, sessions in the database) is the same as in production.
"""

from linkwork.config.settings.local import *  # noqa: F403
from linkwork.config.settings.local import INSTALLED_APPS

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "linkwork.bench"]
# The product's URLs plus the baseline views, which exist under these settings only.
ROOT_URLCONF = "linkwork.bench.urls"
LINKWORK_DEMO_SHOW_CODE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Every user signs in before the first scenario; a long run must not find the last ones' sessions
# idle past the product's 30 minutes (the check itself still runs on every request).
LINKWORK_SESSION_IDLE_SECONDS = 12 * 60 * 60
