"""Errors that services raise and views turn into messages a person understands."""


class DomainError(Exception):
    """A request that cannot be carried out; `message` is shown to the person as it is."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
