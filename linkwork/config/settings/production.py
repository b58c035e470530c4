"""Production settings: refuse to start without a real secret key, hosts and database."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LINKWORK_TRUSTED_PROXIES, env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names this service answers on.")
# Links in messages and every FHIR identifier system are built from it (ADR 0016): never a default.
if not os.environ.get("LINKWORK_BASE_URL", "").startswith("https://"):
    raise ImproperlyConfigured(
        "Set LINKWORK_BASE_URL to the https:// address people and systems reach Linkwork at."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Start-up checks (linkwork.core.checks) demand the trusted proxies and a shared cache (Redis).
LINKWORK_PRODUCTION = True
# Believe X-Forwarded-Proto only when there is a proxy to set it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if LINKWORK_TRUSTED_PROXIES else None
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
