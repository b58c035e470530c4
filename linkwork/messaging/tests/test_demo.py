import pytest

from linkwork.demo.messaging import messaging_seed
from linkwork.messaging.models import OutboxMessage, Status

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_delivered_and_one_failed_message_once(open_case, world):
    assert messaging_seed(link_worker_username="link_worker") == 4
    assert messaging_seed(link_worker_username="link_worker") == 0

    demo = OutboxMessage.objects.filter(dedupe_key__startswith="demo:")
    assert demo.filter(status=Status.SENT).count() == 3
    assert demo.filter(status=Status.FAILED).count() == 1
