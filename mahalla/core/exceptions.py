"""Domain errors raised by services; channels map them to HTTP codes and form errors."""


class DomainError(Exception):
    """A rule of the domain refused the request; the message is translated for the user."""

    status_code = 400

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class RateLimited(DomainError):
    status_code = 429
