"""What one send attempt's result means for the message and for the whole engine.

Kept apart from the engine so the mapping from API errors to the state machine can be read
(and tested) in one place: each error class of BOKAMERA_API.md's table gets one verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.api.errors import (
    AmbiguousSendError,
    ApiError,
    AuthError,
    ConfigurationError,
    ForbiddenError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    TransportError,
    ValidationError,
)
from desktop.api.models import MessageLogRecord
from desktop.sync.events import Connection


class Verdict(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # transient: back off, try again
    FAILED = "failed"  # permanent: the user must change something
    UNCONFIRMED = "unconfirmed"  # it may have reached the server: reconcile before resending
    REQUEUE = "requeue"  # provably not taken by the server; sending pauses, no attempt spent


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    record: MessageLogRecord | None = None
    error: str | None = None
    error_code: str | None = None
    retry_after: float | None = None
    connection: Connection | None = None  # what this result says about the connection


def classify(result: MessageLogRecord | BaseException) -> Outcome:
    if isinstance(result, MessageLogRecord):
        return Outcome(Verdict.SENT, record=result, connection=Connection.ONLINE)
    if isinstance(result, ApiError):
        return _classify_api_error(result)
    # A bug or something unforeseen while the request may have been out: the only safe
    # reading is "maybe sent", which reconciliation will settle.
    return Outcome(
        Verdict.UNCONFIRMED,
        error=f"Unexpected error while sending: {type(result).__name__}",
        error_code="unexpected",
    )


def _classify_api_error(err: ApiError) -> Outcome:
    text = err.message
    match err:
        case ValidationError():
            return Outcome(
                Verdict.FAILED, error=text, error_code="validation", connection=Connection.ONLINE
            )
        case AuthError():
            return Outcome(
                Verdict.REQUEUE, error=text, error_code="auth", connection=Connection.NEEDS_LOGIN
            )
        case ForbiddenError():
            return Outcome(
                Verdict.REQUEUE, error=text, error_code="forbidden", connection=Connection.FORBIDDEN
            )
        case ConfigurationError():
            return Outcome(
                Verdict.REQUEUE,
                error=text,
                error_code="configuration",
                connection=Connection.MISCONFIGURED,
            )
        case RateLimitedError():
            return Outcome(
                Verdict.RETRY,
                error=text,
                error_code="rate_limited",
                retry_after=err.retry_after,
                connection=Connection.ONLINE,
            )
        case ServerError():
            return Outcome(
                Verdict.RETRY,
                error=text,
                error_code="server",
                retry_after=err.retry_after,
                connection=Connection.ONLINE,
            )
        case AmbiguousSendError():
            return Outcome(Verdict.UNCONFIRMED, error=text, error_code="ambiguous")
        case ProtocolError():
            # A 2xx we could not read: the server most likely took it. Check, don't resend.
            return Outcome(Verdict.UNCONFIRMED, error=text, error_code="protocol")
        case TransportError():
            # Certainly not sent: the message waits for the network without spending attempts.
            return Outcome(
                Verdict.REQUEUE, error=text, error_code="offline", connection=Connection.OFFLINE
            )
    return Outcome(Verdict.UNCONFIRMED, error=text, error_code="api")
