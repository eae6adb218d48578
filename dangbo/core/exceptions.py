"""Errors raised by services and rules, each carrying a Vietnamese message for the user."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request that cannot be carried out. `field` names the input at fault, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ApplicationError):
    pass


class PermissionDenied(ApplicationError):
    pass


class PersonalDataDenied(PermissionDenied):
    """The organization is in the user's scope, but only through a read-only viewer's role: its
    reports and figures may be read, not the members' names and files (the pages answer 403)."""


class RuleViolation(ApplicationError):
    """A business rule refused the change (the message cites the rule)."""


class Conflict(ApplicationError):
    """A well-formed request that what is recorded refuses: a number another record already holds, a
    year already locked, a member who was not on the books that year (the API answers 409)."""
