"""Errors that services raise and views turn into messages a person understands."""


class DomainError(Exception):
    """A request that cannot be carried out; `message` is shown to the person as it is."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class StaleEdit(DomainError):
    """Someone else saved this record after it was opened; `current` is what they saved."""

    def __init__(self, current):
        super().__init__(
            "Someone else changed this since you opened it. Their version is shown below: "
            "check it, then make your change again."
        )
        self.current = current
