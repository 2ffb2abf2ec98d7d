"""Plain, frozen snapshots that cross the storage boundary.

Callers never see ORM objects: these are detached copies, safe to hand to another thread or
keep after the session ended. Every datetime in them is timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from desktop.domain.status import Status

if TYPE_CHECKING:
    from desktop.domain.compose import Draft


@dataclass(frozen=True)
class MessageRow:
    id: int
    uuid: str
    receiver: str
    body: str
    status: Status
    origin: str
    due_at: datetime
    no_later_than: datetime | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    sending_started_at: datetime | None
    last_error: str | None
    last_error_code: str | None
    server_id: int | None
    server_created_at: datetime | None
    server_to_send_date: datetime | None
    sent_at: datetime | None
    send_anyway: bool
    booking_id: int | None
    batch_id: str | None


@dataclass(frozen=True)
class NewMessage:
    receiver: str
    body: str
    due_at: datetime
    no_later_than: datetime | None
    created_by: str
    booking_id: int | None = None
    batch_id: str | None = None
    send_anyway: bool = False

    @classmethod
    def from_draft(
        cls, draft: Draft, *, created_by: str, batch_id: str | None = None
    ) -> NewMessage:
        """A message checked by desktop.domain.compose, ready for the outbox."""
        return cls(
            receiver=draft.receiver,
            body=draft.body,
            due_at=draft.due_at,
            no_later_than=draft.no_later_than,
            created_by=created_by,
            batch_id=batch_id,
            send_anyway=draft.send_anyway,
        )


@dataclass(frozen=True)
class EventRow:
    id: int
    message_id: int
    at: datetime
    actor: str
    kind: str
    detail: str


@dataclass(frozen=True)
class LogFilter:
    """What the log view shows. Every field narrows; None (or "") means "any"."""

    statuses: frozenset[Status] | None = None  # an empty set matches nothing
    receiver: str | None = None  # digits/plus substring of the E.164 number
    text: str | None = None  # case-insensitive substring of the body
    since: datetime | None = None  # due_at >= since
    until: datetime | None = None  # due_at < until
    origin: str | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a log page ended: the next page starts strictly after (due_at, id)."""

    due_at: datetime
    id: int


@dataclass(frozen=True)
class LogPage:
    rows: list[MessageRow]
    next_cursor: Cursor | None  # None: this was the last page


@dataclass(frozen=True)
class RemoteRecord:
    """One SMS from the server's message log (GET /messages/log), already parsed."""

    server_id: int
    receiver: str
    body: str
    created: datetime | None
    to_send_date: datetime | None
    sent: bool
    sent_date: datetime | None
    booking_id: int | None
