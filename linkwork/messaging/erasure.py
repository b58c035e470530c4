"""Messages after the retention period: the record that a message was sent stays (kind, channel, status,
times); what it said about the person, where it went and any error naming the address do not."""

from .models import OutboxMessage


def messages_anonymise(person_ids: list) -> dict:
    changed = OutboxMessage.objects.filter(person__in=person_ids).update(
        subject="", body="", payload={}, to_address="", last_error=""
    )
    return {"messages": changed}
