"""Messages "sent from elsewhere" (booking confirmations, other desks) for history tests.

They go into the same log as messages accepted by SendSMS but are not counted as accepted:
the counts answer "how often did the server accept this from the app", and these never came
from the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.sandbox.store import NewMessage
from desktop.sandbox.wire import parse_date, to_micros


@dataclass(frozen=True)
class LogEntry:
    receiver: str  # a mobile number for SMS, an address for email
    message_body: str
    to_send_date: datetime | None = None  # default: created
    created: datetime | None = None  # default: now
    send_method_id: int = 2  # 1 email, 2 SMS
    booking_id: int | None = None
    message_title: str | None = None
    storage_url: str | None = None
    sent: bool | None = None  # None: sent once the clock passes to_send_date
    sent_date: datetime | None = None  # with sent=True; default to_send_date
    message_retries: int = 0


# PascalCase wire names -> LogEntry fields, so entries can be written as the log shows them.
_WIRE_NAMES = {
    "Receiver": "receiver",
    "MessageBody": "message_body",
    "ToSendDate": "to_send_date",
    "Created": "created",
    "SendMethodId": "send_method_id",
    "BookingId": "booking_id",
    "MessageTitle": "message_title",
    "StorageUrl": "storage_url",
    "Sent": "sent",
    "SentDate": "sent_date",
    "MessageRetries": "message_retries",
}
_DATE_FIELDS = ("to_send_date", "created", "sent_date")


def as_entry(entry: LogEntry | Mapping[str, Any]) -> LogEntry:
    if isinstance(entry, LogEntry):
        return entry
    unknown = set(entry) - set(_WIRE_NAMES) - set(_WIRE_NAMES.values())
    if unknown:
        raise ValueError(f"unknown log entry fields: {sorted(unknown)}")
    values = {_WIRE_NAMES.get(key, key): value for key, value in entry.items()}
    for name in _DATE_FIELDS:
        if isinstance(values.get(name), str):
            values[name] = parse_date(values[name])
    return LogEntry(**values)


def to_new_messages(
    entries: Iterable[LogEntry | Mapping[str, Any]], now: datetime
) -> list[NewMessage]:
    messages: list[NewMessage] = []
    for raw in entries:
        entry = as_entry(raw)
        for name in _DATE_FIELDS:
            value = getattr(entry, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")
        created = entry.created or now
        to_send = entry.to_send_date or created
        messages.append(
            NewMessage(
                origin="seed",
                receiver=entry.receiver,
                body=entry.message_body,
                posted_body=entry.message_body,
                created_us=to_micros(created),
                to_send_us=to_micros(to_send),
                send_method=entry.send_method_id,
                booking_id=entry.booking_id,
                title=entry.message_title,
                storage_url=entry.storage_url,
                fixed_sent=entry.sent,
                fixed_sent_us=None if entry.sent_date is None else to_micros(entry.sent_date),
                retries=entry.message_retries,
            )
        )
    return messages
