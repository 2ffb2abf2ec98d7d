"""The outbox state machine of DESIGN.md: statuses and the transitions allowed between them."""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP


class Status(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    RETRY_WAIT = "retry_wait"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


# Each edge is named in DESIGN.md's diagram; the comments say which arrow it is.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.QUEUED: frozenset(
        {
            Status.SENDING,  # due: claimed by the dispatcher
            Status.QUEUED,  # edit while queued
            Status.CANCELLED,
            Status.EXPIRED,  # past its send-no-later-than
        }
    ),
    Status.SENDING: frozenset(
        {
            Status.SENT,  # 2xx
            Status.RETRY_WAIT,  # transient error, request provably not accepted
            Status.FAILED,  # permanent 4xx
            Status.UNCONFIRMED,  # no answer: it may have reached the server
            Status.QUEUED,  # sending paused before the server accepted it (401/403)
        }
    ),
    Status.RETRY_WAIT: frozenset(
        {Status.SENDING, Status.RETRY_WAIT, Status.QUEUED, Status.CANCELLED, Status.EXPIRED}
    ),
    Status.FAILED: frozenset({Status.QUEUED, Status.CANCELLED}),  # edit and resend
    Status.UNCONFIRMED: frozenset(
        {
            Status.SENT,  # found in the server's log
            Status.UNCONFIRMED,  # the log could not be read: still waiting, new reason
            Status.QUEUED,  # proven absent: send again
            Status.EXPIRED,  # proven absent, but too late now
        }
    ),
    Status.SENT: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.EXPIRED: frozenset(),
}

EDITABLE: frozenset[Status] = frozenset({Status.QUEUED, Status.RETRY_WAIT, Status.FAILED})
CANCELLABLE: frozenset[Status] = frozenset({Status.QUEUED, Status.RETRY_WAIT, Status.FAILED})
FINAL: frozenset[Status] = frozenset({Status.SENT, Status.CANCELLED, Status.EXPIRED})
NEEDS_ATTENTION: frozenset[Status] = frozenset({Status.FAILED, Status.EXPIRED, Status.UNCONFIRMED})


class IllegalTransition(DomainError):
    context = "status"

    def __init__(self, current: Status, target: Status) -> None:
        super().__init__(
            "illegal_transition",
            QT_TRANSLATE_NOOP("status", "A message that is {current} cannot become {target}."),
            current=current.value,
            target=target.value,
        )
        self.current = current
        self.target = target


def can_transition(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


def check_transition(current: Status, target: Status) -> Status:
    """Return ``target`` if the move is allowed, else raise IllegalTransition."""
    if not can_transition(current, target):
        raise IllegalTransition(current, target)
    return target
