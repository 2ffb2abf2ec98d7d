"""What BokaMera answers, as frozen dataclasses with aware UTC datetimes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from desktop.api import _json as j
from desktop.api.errors import mask_phone

SEND_METHOD_EMAIL = 1
SEND_METHOD_SMS = 2


@dataclass(frozen=True)
class MessageLogRecord:
    """A ``MessageLogQueryResponse``: one message BokaMera accepted (SMS or e-mail)."""

    id: int
    booking_id: int | None
    receiver: str
    message_title: str | None
    storage_url: str | None
    message_body: str
    created: datetime | None
    to_send_date: datetime | None
    sent_date: datetime | None
    sent: bool
    message_retries: int
    send_method_id: int  # 1 = e-mail, 2 = SMS; 0 when BokaMera left it out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], zone: ZoneInfo | str) -> MessageLogRecord:
        data = j.mapping(data, "a message log entry")
        return cls(
            id=j.integer(data, "Id"),
            booking_id=j.opt_integer(data, "BookingId"),
            receiver=j.text(data, "Receiver"),
            message_title=j.opt_text(data, "MessageTitle"),
            storage_url=j.opt_text(data, "StorageUrl"),
            message_body=j.text(data, "MessageBody"),
            created=j.date(data, "Created", zone),
            to_send_date=j.date(data, "ToSendDate", zone),
            sent_date=j.date(data, "SentDate", zone),
            sent=j.boolean(data, "Sent"),
            message_retries=j.integer(data, "MessageRetries", default=0),
            send_method_id=j.integer(data, "SendMethodId", default=0),
        )

    @property
    def is_sms(self) -> bool:
        return self.send_method_id == SEND_METHOD_SMS

    def __repr__(self) -> str:
        # Records end up in logs and tracebacks: mask the number, never print the body.
        return (
            f"MessageLogRecord(id={self.id}, receiver={mask_phone(self.receiver)!r}, "
            f"send_method_id={self.send_method_id}, sent={self.sent}, "
            f"to_send_date={self.to_send_date!r}, body=<{len(self.message_body)} chars>)"
        )


@dataclass(frozen=True)
class MessageLogPage:
    """One page of ``GET /messages/log``; ``total`` is None unless BokaMera counted."""

    offset: int
    total: int | None
    results: list[MessageLogRecord]

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], zone: ZoneInfo | str, *, skip: int = 0
    ) -> MessageLogPage:
        data = j.mapping(data, "the message log")
        results = [MessageLogRecord.from_json(item, zone) for item in j.items(data, "Results")]
        offset = j.opt_integer(data, "Offset")
        return cls(
            offset=skip if offset is None else offset,
            total=j.opt_integer(data, "Total"),
            results=results,
        )


@dataclass(frozen=True)
class MessageType:
    """A ``MessageTypeQuery`` result; ``max_characters`` limits the body of that type."""

    id: int
    name: str
    description: str | None
    max_characters: int | None
    default_text: str | None  # always appended by the server
    send_method_id: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any], zone: ZoneInfo | str | None = None) -> MessageType:
        data = j.mapping(data, "a message type")
        return cls(
            id=j.integer(data, "Id"),
            name=j.text(data, "Name"),
            description=j.opt_text(data, "Description"),
            max_characters=_limit(j.opt_integer(data, "MaxCharacters")),
            default_text=j.opt_text(data, "DefaultText"),
            send_method_id=j.integer(data, "SendMethodId", default=0),
        )


def _limit(value: int | None) -> int | None:
    # 0 (a .NET int left at its default) cannot be a real limit: it would block every
    # message. Treat it as unknown so the configured fallback applies.
    return value if value is not None and value > 0 else None
