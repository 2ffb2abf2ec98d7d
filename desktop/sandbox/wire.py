"""Dates and JSON as the sandbox reads and writes them on the wire.

The sandbox keeps its own copy of these rules rather than importing the client's
(desktop.api.wire_dates): a server that shared the client's parser would agree with the
client's mistakes instead of catching them.

Reading (what ServiceStack accepts): ISO-8601 with or without an offset, ``Z``, any number
of fraction digits; WCF ``/Date(ms)/`` and ``/Date(ms+hhmm)/`` (``ms`` is UTC); an
offset-less value is Swedish wall time (Europe/Stockholm); ``0001-01-01T00:00:00``
(.NET's DateTime.MinValue, what a DTO sends for "not set") means "no value".

Writing: what BokaMera emits is UNKNOWN, so the style is a setting (DateStyle). The default,
ISO_OFFSET, is Swedish wall time with its offset, e.g. ``2026-03-02T10:00:00+01:00``, with
microseconds only when they are not zero (so a ToSendDate the client sent comes back equal).
"""

from __future__ import annotations

import enum
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_WCF = re.compile(r"\\?/Date\((?P<ms>-?\d{1,18})(?P<offset>[+-]\d{4})?\)\\?/")
_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?"
)
_FRACTION = re.compile(r"[.,](\d+)")


class DateStyle(enum.StrEnum):
    ISO_OFFSET = "iso-offset"  # 2026-03-02T10:00:00+01:00 (default)
    ISO_UTC = "iso-utc"  # 2026-03-02T09:00:00Z
    ISO_LOCAL = "iso-local"  # 2026-03-02T10:00:00 (Swedish wall time, no offset)
    WCF = "wcf"  # /Date(1772442000000+0100)/ (ServiceStack's own default)


class BadDate(ValueError):
    """A date the sandbox cannot read; the API answers 400 naming the field."""


def to_micros(instant: datetime) -> int:
    """Microseconds since 1970 UTC: how the store keeps instants (exact, sortable)."""
    delta = instant.astimezone(UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def parse_date(value: Any) -> datetime | None:
    """An aware UTC datetime from a wire value; None for null, "" and DateTime.MinValue."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadDate(repr(value))
    text = value.strip()
    if not text:
        return None
    wcf = _WCF.fullmatch(text)
    if wcf:
        instant = EPOCH + timedelta(milliseconds=int(wcf.group("ms")))
        return None if instant.year == 1 else instant
    if not _ISO.fullmatch(text):
        raise BadDate(text)
    # fromisoformat in 3.11 takes at most 6 fraction digits; .NET sends 7 (ticks).
    text = _FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), text, count=1)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadDate(text) from exc
    if parsed.year == 1:  # DateTime.MinValue: the DTO's "not set"
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=STOCKHOLM)
    return parsed.astimezone(UTC)


def format_date(instant: datetime | None, style: DateStyle) -> str | None:
    if instant is None:
        return None
    if style is DateStyle.WCF:
        local = instant.astimezone(STOCKHOLM)
        offset = local.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "-"
        ms = to_micros(instant) // 1000
        return f"/Date({ms}{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d})/"
    if style is DateStyle.ISO_UTC:
        return instant.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
    local = instant.astimezone(STOCKHOLM)
    if style is DateStyle.ISO_LOCAL:
        return local.replace(tzinfo=None).isoformat()
    return local.isoformat()


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON; one line, so the same bytes also serve ``text/jsonl``."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def utf16_length(text: str) -> int:
    """The length .NET's string.Length reports (an emoji counts 2): what MaxCharacters limits."""
    return len(text.encode("utf-16-le")) // 2
