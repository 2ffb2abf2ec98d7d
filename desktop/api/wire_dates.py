"""DateTimes on the BokaMera wire, in both directions. The only place that knows the formats.

What BokaMera emits, and whether a DateTime without an offset is UTC or Swedish time, is
UNKNOWN (BOKAMERA_API.md). So we send ISO-8601 with an explicit offset, which ServiceStack
reads unambiguously, and read every form ServiceStack can produce:

- ISO-8601 with or without offset, ``Z``, and 0-9 fraction digits (.NET emits 7: ticks);
- WCF ``/Date(ms)/`` and ``/Date(ms+hhmm)/``, where ``ms`` is always UTC milliseconds since
  1970 and the offset only says which zone the sender displayed it in;
- ``0001-01-01T00:00:00`` (and its WCF twin): .NET's DateTime.MinValue, which ServiceStack
  emits for a non-nullable DateTime that was never set. It means "no value": None.

An offset-less value is read in a configurable zone. Where that zone has a gap (spring DST)
or a repeated hour (autumn), fold=0 applies: the earlier offset. We cannot ask the server
what it meant, and a consistent rule keeps reconciliation comparisons stable.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.api.errors import WireFormatError

__all__ = ["WireFormatError", "from_wire", "to_wire", "zone"]

_ISO = re.compile(
    r"""
    (?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})
    [Tt\ ]
    (?P<hour>\d{2}):(?P<minute>\d{2})
    (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?
    (?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?
    """,
    re.VERBOSE,
)
# ServiceStack strips one leading backslash before parsing; we accept the JSON-escaped form too.
_WCF = re.compile(r"\\?/Date\((?P<ms>-?\d{1,18})(?P<offset>[+-]\d{4})?\)\\?/")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DOTNET_MIN = datetime(1, 1, 1)  # DateTime.MinValue, naive on purpose


def zone(name_or_zone: ZoneInfo | str) -> ZoneInfo:
    """A ZoneInfo from a name; an unknown name is a plain ValueError (a settings mistake)."""
    if isinstance(name_or_zone, ZoneInfo):
        return name_or_zone
    try:
        return ZoneInfo(name_or_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name_or_zone!r}") from exc


def to_wire(instant: datetime) -> str:
    """ISO-8601 with an explicit offset, e.g. ``2026-03-02T10:00:00+01:00``.

    The offset of ``instant`` is kept (the client passes the desk's local time, so a server
    that ignored offsets would still read the intended wall-clock time). Microseconds are
    kept when present so a value read back from the log compares equal.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("to_wire needs a timezone-aware datetime")
    offset = instant.utcoffset()
    assert offset is not None
    if offset.seconds % 60 or offset.microseconds:
        # Historic local-mean-time offsets have seconds, which ISO-8601 offsets cannot carry.
        instant = instant.astimezone(UTC)
    return instant.isoformat()


def from_wire(value: str | None, offsetless_zone: ZoneInfo | str) -> datetime | None:
    """Read a wire DateTime into an aware UTC datetime; None for null, "" and MinValue."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise WireFormatError(detail=f"a date was a {type(value).__name__}, not text")
    text = value.strip()
    if not text:
        return None
    wcf = _WCF.fullmatch(text)
    if wcf:
        return _from_wcf(wcf)
    iso = _ISO.fullmatch(text)
    if iso:
        return _from_iso(iso, offsetless_zone)
    raise WireFormatError(detail="a date in an unknown format")


def _from_wcf(match: re.Match[str]) -> datetime | None:
    offset = match.group("offset")
    if offset and (int(offset[1:3]) > 23 or int(offset[3:5]) > 59):
        raise WireFormatError(detail="a /Date()/ value with an impossible offset")
    try:
        instant = _EPOCH + timedelta(milliseconds=int(match.group("ms")))
    except OverflowError as exc:
        raise WireFormatError(detail="a /Date()/ value out of range") from exc
    if instant == _DOTNET_MIN.replace(tzinfo=UTC):
        return None
    return instant


def _from_iso(match: re.Match[str], offsetless_zone: ZoneInfo | str) -> datetime | None:
    fraction = (match.group("fraction") or "0")[:6].ljust(6, "0")  # ticks: truncate to µs
    try:
        naive = datetime(
            int(match.group("year")),
            int(match.group("month")),
            int(match.group("day")),
            int(match.group("hour")),
            int(match.group("minute")),
            int(match.group("second") or 0),
            int(fraction),
        )
    except ValueError as exc:
        raise WireFormatError(detail="a date that does not exist on the calendar") from exc
    if naive == _DOTNET_MIN:
        return None
    tz = _offset(match.group("offset"))
    if tz is None:
        try:
            tz = zone(offsetless_zone)
        except ValueError as exc:
            raise WireFormatError(detail="no usable time zone for a date") from exc
    try:
        return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise WireFormatError(detail="a date out of range") from exc


def _offset(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text in ("Z", "z"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise WireFormatError(detail="a date with an impossible offset")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)
