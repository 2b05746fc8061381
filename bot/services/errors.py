"""Domain errors of the use cases, each carrying the catalog key of its message.

Layer: services. Adapters catch ``ServiceError`` and render ``error.reply()``; a subclass says
what went wrong in code (``except NotAuthorized``), ``key`` says it to the user (``access.po``,
``activity.po``) and ``params`` fill the message's placeholders.
"""

from __future__ import annotations

from typing import Any

from bot.core.replies import Reply


class ServiceError(Exception):
    default_key = "service.error"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or self.default_key
        self.params = params
        super().__init__(self.key)

    def reply(self) -> Reply:
        return Reply(self.key, dict(self.params))


class NotAuthorized(ServiceError):
    """The actor may not do this (a stranger, another unit's record, a CDO creating invites)."""

    default_key = "service.not_authorized"


class UnknownUnit(ServiceError):
    """No unit of that name in that city (params: ``unit``, ``city``)."""

    default_key = "service.unknown_unit"


class UnknownCity(ServiceError):
    default_key = "service.unknown_city"


class InvalidInvite(ServiceError):
    """An invite code that does not exist, was used, or expired."""

    default_key = "access.invite.unknown"


class NotFound(ServiceError):
    """The record does not exist, or is not visible to the actor (we do not tell the two apart)."""

    default_key = "service.not_found"


class ValidationFailed(ServiceError):
    """Input that cannot be stored as given (a bad date, a file too large …)."""

    default_key = "service.validation_failed"
