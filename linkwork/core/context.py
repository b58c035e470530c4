"""Who is acting, for whom, in which request: passed explicitly to every service and selector."""

import contextvars
import uuid
from dataclasses import dataclass

_request_id = contextvars.ContextVar("linkwork_request_id", default="")


def current_request_id():
    return _request_id.get()


def set_request_id(value):
    return _request_id.set(value)


def reset_request_id(token):
    _request_id.reset(token)


def new_request_id():
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Actor:
    """A user acting through one membership: one organisation and one role.

    `user` is None only for the system itself (demo seeding, scheduled jobs).
    """

    user: object | None
    organisation: object | None
    role: str

    @classmethod
    def system(cls):
        return cls(user=None, organisation=None, role="system")

    @property
    def is_system(self):
        return self.user is None

    @property
    def organisation_id(self):
        return self.organisation.pk if self.organisation is not None else None

    @property
    def user_id(self):
        return self.user.pk if self.user is not None else None
