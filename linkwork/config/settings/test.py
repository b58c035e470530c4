"""Settings for the test suite (SQLite by default; DATABASE_URL switches to PostgreSQL)."""

import copy
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-not-secret"
INSTALLED_APPS = [*INSTALLED_APPS, "linkwork.demo"]
# Fast hashing keeps the suite quick; argon2 is proved by its own test against base settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files straight from their source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True


def _sqlite_test_directory() -> Path:
    """Shared memory where the machine has it: the database then lives in memory yet stays a real file."""
    chosen = os.environ.get("LINKWORK_TEST_DB_DIR")
    if chosen:
        return Path(chosen)
    shared_memory = Path("/dev/shm")  # noqa: S108 - a per-process file name, for tests only
    if shared_memory.is_dir() and os.access(shared_memory, os.W_OK):
        return shared_memory
    return Path(tempfile.gettempdir())


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's ":memory:", so concurrent-request tests see SQLite's real locking and busy
    # timeout; one per process, so parallel workers never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(_sqlite_test_directory() / f"linkwork-test-{os.getpid()}.sqlite3")
    }

# The reporting alias as the test database itself, on a connection of its own: tests that route reports
# to it (override_settings(LINKWORK_REPORTING_DATABASE="reporting")) see which queries go where. Every
# other test reads reports from default, whatever the environment says.
DATABASES["reporting"] = {**copy.deepcopy(DATABASES["default"]), "TEST": {"MIRROR": "default"}}
LINKWORK_REPORTING_DATABASE = "default"
