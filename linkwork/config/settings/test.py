"""Settings for the test suite (SQLite by default; DATABASE_URL switches to PostgreSQL)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-not-secret"
INSTALLED_APPS = [*INSTALLED_APPS, "linkwork.demo"]
# Fast hashing keeps the suite quick; argon2 is proved by its own test against base settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from their source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
