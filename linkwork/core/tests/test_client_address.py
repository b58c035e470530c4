"""The client's address through the trusted proxies, and the start-up checks that demand them in production
(with a shared cache for the rate limits)."""

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings

from linkwork.core.client_address import client_address
from linkwork.testing.production import production_environment, run_in_production

# What gunicorn does in each worker.
WSGI_IMPORT = "import linkwork.config.wsgi"
PROXIES = ["10.0.0.1", "172.16.0.0/12", "2001:db8::1", "unix"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        pytest.param("198.51.100.7", "", "198.51.100.7", id="direct"),
        pytest.param("198.51.100.7", "192.0.2.1", "198.51.100.7", id="direct-client-header-ignored"),
        pytest.param("10.0.0.1", "198.51.100.7", "198.51.100.7", id="one-proxy"),
        pytest.param("10.0.0.1", "192.0.2.1, 198.51.100.7", "198.51.100.7", id="client-header-left-of-proxy"),
        pytest.param("10.0.0.1", "198.51.100.7, 172.16.4.4", "198.51.100.7", id="two-proxies"),
        pytest.param("10.0.0.1", "172.16.4.4", "172.16.4.4", id="all-proxies"),
        pytest.param("10.0.0.1", "", "10.0.0.1", id="proxy-without-header"),
        pytest.param("10.0.0.1", "198.51.100.7, nonsense", "10.0.0.1", id="garbage-stops-at-the-proxy"),
        pytest.param("2001:db8::1", "2001:db8::7", "2001:db8::7", id="ipv6"),
        pytest.param("", "198.51.100.7", "198.51.100.7", id="unix-socket"),
        pytest.param("not-an-address", "198.51.100.7", "", id="unreadable-peer"),
    ],
)
@override_settings(LINKWORK_TRUSTED_PROXIES=PROXIES)
def test_the_client_is_the_first_address_from_the_right_that_is_not_a_trusted_proxy(
    peer, forwarded, expected
):
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def security_errors():
    return sorted(message.id for message in run_checks(tags=["security"]) if message.is_serious())


LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        pytest.param({}, ["linkwork.core.E001", "linkwork.core.E004"], id="nothing-set"),
        pytest.param({"LINKWORK_TRUSTED_PROXIES": ["10.0.0.1"]}, ["linkwork.core.E004"], id="no-redis"),
        pytest.param({"CACHES": REDIS}, ["linkwork.core.E001"], id="no-proxies"),
        pytest.param(
            {"CACHES": REDIS, "LINKWORK_TRUSTED_PROXIES": ["10.0.0.300"]}, ["linkwork.core.E002"], id="typo"
        ),
        pytest.param(
            {"CACHES": REDIS, "LINKWORK_TRUSTED_PROXIES": ["0.0.0.0/0"]}, ["linkwork.core.E003"], id="all"
        ),
        pytest.param({"CACHES": REDIS, "LINKWORK_TRUSTED_PROXIES": ["10.0.0.1", "unix"]}, [], id="proxies"),
        pytest.param({"CACHES": REDIS, "LINKWORK_TRUSTED_PROXIES": []}, [], id="none-said"),
    ],
)
def test_production_needs_its_proxies_named_and_a_shared_cache(overrides, errors):
    production = {"LINKWORK_PRODUCTION": True, "LINKWORK_TRUSTED_PROXIES": None, "CACHES": LOCAL_MEMORY}
    with override_settings(**(production | overrides)):
        assert security_errors() == errors


def test_outside_production_only_a_wrong_entry_is_an_error():
    with override_settings(LINKWORK_TRUSTED_PROXIES=None, CACHES=LOCAL_MEMORY):
        assert security_errors() == []
    with override_settings(LINKWORK_TRUSTED_PROXIES=["proxy.example"]):
        assert security_errors() == ["linkwork.core.E002"]


def test_a_production_web_process_refuses_to_start_without_proxies_and_redis():
    refused = run_in_production(
        "-c",
        WSGI_IMPORT,
        environment=production_environment(without={"LINKWORK_TRUSTED_PROXIES", "REDIS_URL"}),
    )

    assert refused.returncode != 0
    assert "LINKWORK_TRUSTED_PROXIES is not set" in refused.stderr
    assert "Set REDIS_URL" in refused.stderr


def test_a_production_web_process_starts_when_both_are_set():
    started = run_in_production("-c", WSGI_IMPORT)

    assert started.returncode == 0, started.stderr
