import os
import subprocess
import sys

import pytest
from django.conf import settings

LOAD_PRODUCTION_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
)


def run_with_production_settings(**environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "LINKWORK_BASE_URL"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "linkwork.config.settings.production", **environment}
    return subprocess.run(
        [sys.executable, "-c", LOAD_PRODUCTION_SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"ALLOWED_HOSTS": "linkwork.example.org"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "too-short", "ALLOWED_HOSTS": "linkwork.example.org"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "x" * 64}, "Set ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 64, "ALLOWED_HOSTS": "linkwork.example.org"}, "Set LINKWORK_BASE_URL"),
        (
            {
                "SECRET_KEY": "x" * 64,
                "ALLOWED_HOSTS": "linkwork.example.org",
                "LINKWORK_BASE_URL": "http://linkwork.example.org",
            },
            "Set LINKWORK_BASE_URL",
        ),
    ],
)
def test_production_settings_refuse_to_start_without_a_real_secret_and_hosts(environment, message):
    result = run_with_production_settings(**environment)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_start_secure_when_configured():
    result = run_with_production_settings(
        SECRET_KEY="k" * 64,
        ALLOWED_HOSTS="linkwork.example.org",
        LINKWORK_BASE_URL="https://linkwork.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_boolean_setting_with_a_typo_is_refused_not_guessed(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from linkwork.config.settings.base import env_bool

    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", False)
