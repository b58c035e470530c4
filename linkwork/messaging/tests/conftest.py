import pytest

from .fake_notify import API_KEY, FakeNotify

TEMPLATES = {
    "email": {"default": "33333333-3333-4333-8333-333333333333"},
    "sms": {"default": "44444444-4444-4444-8444-444444444444"},
}


@pytest.fixture
def fake_notify(settings):
    """Start a fake Notify; `fake_notify(fail_first=3)` makes the first three requests fail."""
    started = []

    def start(**options):
        fake = FakeNotify(**options).start()
        started.append(fake)
        settings.NOTIFY_API_KEY = API_KEY
        settings.NOTIFY_BASE_URL = fake.base_url
        settings.NOTIFY_TEMPLATES = TEMPLATES
        settings.NOTIFY_TIMEOUT = 5
        settings.MESSAGING_RETRY_BASE_SECONDS = 0
        return fake

    yield start
    for fake in started:
        fake.stop()
