"""Background tasks run by `manage.py db_worker`."""

from django_tasks import task

from . import delivery


@task()
def deliver_message(message_id: str) -> str:
    """Deliver one outbox message; returns what happened ("sent", "retry", "failed", "skipped", ...)."""
    return delivery.deliver(message_id)
