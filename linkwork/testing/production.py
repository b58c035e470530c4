"""A production web process, started for real: what a deployment sets, none of the test run's variables."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

# Everything production.py demands at start-up; a test drops or changes one to see the refusal.
DEPLOYMENT_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "linkwork.config.settings.production",
    "ALLOWED_HOSTS": "linkwork.example.org",
    "LINKWORK_TRUSTED_PROXIES": "10.0.0.1",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "LINKWORK_BASE_URL": "https://linkwork.example.org",
}
_TEST_RUN_ONLY = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", *DEPLOYMENT_SETTINGS}


def production_environment(*, without=(), **values) -> dict:
    """The deployment's settings with `values` changed and the names in `without` left unset."""
    kept = {key: value for key, value in os.environ.items() if key not in _TEST_RUN_ONLY}
    environment = kept | DEPLOYMENT_SETTINGS | {"SECRET_KEY": secrets.token_urlsafe(64)} | values
    return {key: value for key, value in environment.items() if key not in without}


def run_in_production(*arguments, environment=None) -> subprocess.CompletedProcess:
    """Run Python with production settings in a new process, as gunicorn or manage.py would.

    Each call takes one to four seconds: a new process starts Django, the only way to see what a real
    deployment does at start-up.
    """
    return subprocess.run(
        [sys.executable, *arguments],
        env=environment or production_environment(),
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
