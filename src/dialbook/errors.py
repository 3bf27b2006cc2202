"""The errors dialbook answers with, each knowing its DeepCall code and HTTP status.

    DialbookError
    ├── InvalidParameter          1000  400
    │   ├── InvalidDataType       1001  400
    │   ├── InvalidContact        1005  400
    │   ├── StickyError           1501  400
    │   ├── InvalidStickyType     1502  400
    │   ├── AccountManagerError   1503  400
    │   ├── UnknownCli            1505  400
    │   ├── UnknownGroup          1506  400
    │   ├── AgentNotInGroup       1507  400
    │   ├── ExpiryBelowMinimum    1508  400
    │   ├── ExpiryNotInteger      1509  400
    │   └── DncError              1510  400
    ├── InvalidRequestData        1047  400
    │   └── BodyTooLarge          1047  413
    ├── MethodNotAllowed          1000  405
    ├── AuthenticationError       1014  401
    │   ├── UserIdMissing         1002  401
    │   └── TokenMissing          1020  401
    ├── PermissionDenied          1015  403
    │   └── AccountSuspended      1039  403
    ├── NotFound                  1012  404
    │   └── UnknownPath           1000  404
    ├── AlreadyExists             1011  409
    │   └── ContactExists         1504  409
    ├── RateLimited               1429  429
    ├── InternalError             1009  500
    └── DatabaseUnavailable       1010  500

Storage backends translate driver errors into these once, with ``from exc``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DialbookError(Exception):
    """Base of every error that reaches a client as the DeepCall error envelope."""

    code: ClassVar[int] = 1009
    http_status: ClassVar[int] = 500
    default_message: ClassVar[str] = "something went wrong"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class InvalidParameter(DialbookError):
    code = 1000
    http_status = 400
    default_message = "invalid parameter"


class InvalidDataType(InvalidParameter):
    code = 1001
    default_message = "invalid data type"


class InvalidContact(InvalidParameter):
    code = 1005
    default_message = "invalid contact number"


class StickyError(InvalidParameter):
    code = 1501
    default_message = "sticky agent error"


class InvalidStickyType(InvalidParameter):
    code = 1502
    default_message = "type is not valid"


class AccountManagerError(InvalidParameter):
    code = 1503
    default_message = "account manager error"


class UnknownCli(InvalidParameter):
    code = 1505
    default_message = "CLI does not exist"


class UnknownGroup(InvalidParameter):
    code = 1506
    default_message = "group id does not exist"


class AgentNotInGroup(InvalidParameter):
    code = 1507
    default_message = "agent does not exist in the given group id"


class ExpiryBelowMinimum(InvalidParameter):
    code = 1508
    default_message = "expiry must be greater than or equal to -1"


class ExpiryNotInteger(InvalidParameter):
    code = 1509
    default_message = "expiry must be an integer"


class DncError(InvalidParameter):
    code = 1510
    default_message = "DNC error"


class InvalidRequestData(DialbookError):
    code = 1047
    http_status = 400
    default_message = "invalid request data: the body must be a JSON object"


class BodyTooLarge(InvalidRequestData):
    http_status = 413
    default_message = "invalid request data: the body is too large"


class MethodNotAllowed(DialbookError):
    code = 1000
    http_status = 405
    default_message = "use POST"


class AuthenticationError(DialbookError):
    code = 1014
    http_status = 401
    default_message = "invalid or expired token or ssid"


class UserIdMissing(AuthenticationError):
    code = 1002
    default_message = "userId not provided"


class TokenMissing(AuthenticationError):
    code = 1020
    default_message = "token not provided"


class PermissionDenied(DialbookError):
    code = 1015
    http_status = 403
    default_message = "permission denied"


class AccountSuspended(PermissionDenied):
    code = 1039
    default_message = "account suspended"


class NotFound(DialbookError):
    code = 1012
    http_status = 404
    default_message = "no data found"


class UnknownPath(NotFound):
    code = 1000
    default_message = "unknown API path"


class AlreadyExists(DialbookError):
    code = 1011
    http_status = 409
    default_message = "already exists"


class ContactExists(AlreadyExists):
    code = 1504
    default_message = "failed to create directory: the contact already exists"


class RateLimited(DialbookError):
    code = 1429
    http_status = 429
    default_message = "too many requests"


class InternalError(DialbookError):
    code = 1009
    http_status = 500
    default_message = "something went wrong"


class DatabaseUnavailable(DialbookError):
    code = 1010
    http_status = 500
    default_message = "database unavailable"


def error_envelope(error: DialbookError) -> dict[str, Any]:
    """Build the DeepCall error body for ``error``."""
    return {"status": "error", "code": error.code, "message": error.message}
