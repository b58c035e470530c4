"""Who may do what with messages.

Administrators see the delivery state of every message (never its words or address: they see no
one's records) and may retry failed ones. Everyone signed in reads their own notifications. Link
workers and team leads record a person's wish not to get automatic messages.
"""

from linkwork.accounts.models import Role
from linkwork.people.rules import can_change_contact_preferences


def can_manage_messages(actor):
    return actor is not None and actor.role == Role.ADMINISTRATOR


def can_read_notifications(actor):
    return actor is not None and actor.user is not None


def can_record_opt_out(actor):
    return can_change_contact_preferences(actor)
