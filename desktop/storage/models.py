"""The outbox tables as SQLModel classes, for reading and writing rows.

The schema itself (tables, indexes, defaults) is created and upgraded by migrations.py with
explicit DDL, never by ``create_all``: an old outbox must be upgraded step by step with its
rows intact. A test checks that these classes and the migrated schema agree.

Every time column is a UtcMicros (see utc_time.py): aware UTC datetimes in Python,
integer microseconds in SQLite.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from desktop.storage.utc_time import UtcMicros


class Origin(StrEnum):
    DESK = "desk"  # queued here; the only rows the dispatcher ever sends
    ELSEWHERE = "elsewhere"  # learned from the server's log; never sent by this desk


class Message(SQLModel, table=True):
    __tablename__ = "messages"

    # AUTOINCREMENT in the DDL: the short id users and the CLI see is never reused.
    id: int | None = Field(default=None, primary_key=True)
    uuid: str  # client UUID4, stable across machines and exports
    receiver: str  # E.164
    body: str
    status: str  # a desktop.domain.status.Status value
    origin: str  # an Origin value
    due_at: datetime = Field(sa_type=UtcMicros)
    no_later_than: datetime | None = Field(default=None, sa_type=UtcMicros)
    created_at: datetime = Field(sa_type=UtcMicros)
    created_by: str  # the desk user's name ("" for rows from elsewhere)
    updated_at: datetime = Field(sa_type=UtcMicros)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UtcMicros)
    # When the latest attempt began. Kept through UNCONFIRMED: the engine reconciles only once
    # the attempt is older than the whole request deadline. Cleared when back to QUEUED.
    sending_started_at: datetime | None = Field(default=None, sa_type=UtcMicros)
    last_error: str | None = None  # for the user
    last_error_code: str | None = None  # stable, for code
    server_id: int | None = None  # BokaMera's message log Id; unique when set
    server_created_at: datetime | None = Field(default=None, sa_type=UtcMicros)
    server_to_send_date: datetime | None = Field(default=None, sa_type=UtcMicros)
    sent_at: datetime | None = Field(default=None, sa_type=UtcMicros)
    booking_id: int | None = None
    # Schema version 2:
    send_anyway: bool = False  # ignore quiet hours
    batch_id: str | None = None  # messages queued together (an import, a day's reminders)


class MessageEvent(SQLModel, table=True):
    __tablename__ = "message_events"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="messages.id")
    at: datetime = Field(sa_type=UtcMicros)
    actor: str  # a desk user's name, or "engine"
    kind: str  # queued, edited, cancelled, claimed, sent, retry, failed, unconfirmed, ...
    # For send attempts: attempt numbers and error codes only, never the receiver or body,
    # so the history can be shown and exported without leaking who was told what.
    detail: str = ""


class Setting(SQLModel, table=True):
    """Non-secret settings only: secrets live in the OS keyring (DESIGN.md invariant 6)."""

    __tablename__ = "settings"

    key: str = Field(primary_key=True)
    value: str
