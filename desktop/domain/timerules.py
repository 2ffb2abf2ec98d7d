"""Time rules: wall time at the desk <-> UTC instants, due times, deadlines, quiet hours.

Times are stored in UTC and picked in the desk's zone (DESIGN.md invariant 5). A picked wall
time that does not exist (spring DST gap) or exists twice (autumn) is refused or asked about,
never shifted silently. Stale reminders carry a "send no later than" (invariant 4).

Naive datetimes mean wall time at the desk; aware ones are instants. Passing one where the
other is expected is a programming error (ValueError), not a user error (InvalidTime).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP

DEFAULT_ZONE = "Europe/Stockholm"
DEFAULT_GRACE = timedelta(hours=2)


class InvalidTime(DomainError):
    context = "time"


_BAD_FORMAT = QT_TRANSLATE_NOOP(
    "time",
    "“{text}” is not a date and time SMS Desk understands. "
    "Write it as YYYY-MM-DD HH:MM, for example 2026-03-02 09:00.",
)
_UNKNOWN_ZONE = QT_TRANSLATE_NOOP(
    "time",
    "“{zone}” is not a time zone SMS Desk knows. "
    "Use a name such as Europe/Stockholm in the settings.",
)
_NONEXISTENT = QT_TRANSLATE_NOOP(
    "time",
    "{time} on {date} does not exist: that night the clocks jump from {gap_start} "
    "to {gap_end}. Pick {gap_end} or later, or a time before {gap_start}.",
)
_AMBIGUOUS = QT_TRANSLATE_NOOP(
    "time",
    "{time} on {date} happens twice: that night the clocks go back from {back_from} "
    "to {back_to}. Choose whether you mean the first {time}, before the clocks go back "
    "(UTC{first_offset}), or the second {time}, after they go back (UTC{second_offset}).",
)
# Three wordings of "how long ago" so each reads naturally and translates whole.
_IN_PAST_MINUTES = QT_TRANSLATE_NOOP(
    "time",
    "{time} on {date} has already passed: it was {minutes} min ago "
    "(the time at the desk is now {now_time}). Pick a later time, or choose Send now.",
)
_IN_PAST_HOURS = QT_TRANSLATE_NOOP(
    "time",
    "{time} on {date} has already passed: it was {hours} h {minutes} min ago "
    "(the time at the desk is now {now_time}). Pick a later time, or choose Send now.",
)
_IN_PAST_DAYS = QT_TRANSLATE_NOOP(
    "time",
    "{time} on {date} has already passed: it was {days} d {hours} h ago "
    "(it is now {now_time} on {now_date}). Pick a later time, or choose Send now.",
)
_NO_LATER_BEFORE_DUE = QT_TRANSLATE_NOOP(
    "time",
    "“Send no later than” ({no_later_time} on {no_later_date}) is before the send time "
    "({due_time} on {due_date}). Pick a time after the send time, or leave it empty "
    "to use the default.",
)
_QUIET_HOURS_INVALID = QT_TRANSLATE_NOOP(
    "time",
    "“{text}” is not a time for quiet hours. Write the start and end as HH:MM, "
    "for example 21:00 and 08:00.",
)

_LOCAL_PATTERN = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})", re.ASCII)
_HHMM_PATTERN = re.compile(r"(\d{1,2}):(\d{2})", re.ASCII)


# --- guards for programming errors -------------------------------------------------------


def _require_naive(value: datetime, what: str) -> None:
    if not isinstance(value, datetime) or value.tzinfo is not None:
        raise ValueError(f"{what} must be a naive datetime (wall time at the desk)")


def _require_aware(value: datetime, what: str) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime")


# --- formatting for messages ---------------------------------------------------------------


def _hm(value: datetime | time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _offset(value: timedelta | None) -> str:
    """+02:00 style; the sign matters for zones west of UTC."""
    minutes = int((value or timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


# --- zones and parsing ----------------------------------------------------------------------


def load_zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (from the system database or the bundled tzdata)."""
    try:
        return ZoneInfo(name)
    # Malformed keys ("../x", "") raise ValueError; directories such as "Europe" raise OSError.
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        raise InvalidTime("unknown_zone", _UNKNOWN_ZONE, zone=str(name)) from None


def parse_local(text: str) -> datetime:
    """``YYYY-MM-DD HH:MM`` (or with a ``T``) as a naive wall time."""
    cleaned = text.strip()
    match = _LOCAL_PATTERN.fullmatch(cleaned)
    if match is None:
        raise InvalidTime("bad_format", _BAD_FORMAT, text=text)
    year, month, day, hour, minute = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:  # 2026-02-30, 25:00 and the like
        raise InvalidTime("bad_format", _BAD_FORMAT, text=text) from None


# --- DST-aware conversion -------------------------------------------------------------------


def _candidate(local: datetime, zone: ZoneInfo, fold: int) -> datetime:
    return local.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def is_nonexistent(local: datetime, zone: ZoneInfo) -> bool:
    """True when the wall clock skips ``local`` (it does not survive a round trip)."""
    _require_naive(local, "local")
    return _candidate(local, zone, 0).astimezone(zone).replace(tzinfo=None) != local


def is_ambiguous(local: datetime, zone: ZoneInfo) -> bool:
    """True when the wall clock shows ``local`` twice (both folds are real instants)."""
    _require_naive(local, "local")
    first, second = _candidate(local, zone, 0), _candidate(local, zone, 1)
    return first != second and not is_nonexistent(local, zone)


def _transition_between(earlier: datetime, later: datetime, zone: ZoneInfo) -> datetime:
    """The first UTC instant in (earlier, later] whose offset is that of ``later``.

    Bisects to the microsecond, so it works for any zone's rules (30-minute shifts too).
    """
    target = later.astimezone(zone).utcoffset()
    low, high = earlier, later
    while high - low > timedelta(microseconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return high


def _gap(local: datetime, zone: ZoneInfo) -> tuple[datetime, datetime, datetime]:
    """For a skipped wall time: (the UTC instant of the jump, wall time before, after it)."""
    # With fold=0 the offset from before the jump applies, so that reading lands after the
    # jump and the fold=1 reading before it; the jump lies between them.
    after, before = _candidate(local, zone, 0), _candidate(local, zone, 1)
    jump = _transition_between(before, after, zone)
    offset_before = (jump - timedelta(microseconds=1)).astimezone(zone).utcoffset()
    gap_start = (jump + (offset_before or timedelta())).replace(tzinfo=None)
    gap_end = jump.astimezone(zone).replace(tzinfo=None)
    return jump, gap_start, gap_end


def _nonexistent_error(local: datetime, zone: ZoneInfo) -> InvalidTime:
    _, gap_start, gap_end = _gap(local, zone)
    return InvalidTime(
        "nonexistent",
        _NONEXISTENT,
        time=_hm(local),
        date=local.date().isoformat(),
        gap_start=_hm(gap_start),
        gap_end=_hm(gap_end),
        suggestion=gap_end,
        zone=zone.key,
    )


def _ambiguous_error(local: datetime, zone: ZoneInfo) -> InvalidTime:
    first, second = _candidate(local, zone, 0), _candidate(local, zone, 1)
    first_offset = first.astimezone(zone).utcoffset()
    second_offset = second.astimezone(zone).utcoffset()
    jump = _transition_between(first, second, zone)
    return InvalidTime(
        "ambiguous",
        _AMBIGUOUS,
        time=_hm(local),
        date=local.date().isoformat(),
        back_from=_hm(jump + (first_offset or timedelta())),
        back_to=_hm(jump.astimezone(zone)),
        first_offset=_offset(first_offset),
        second_offset=_offset(second_offset),
        first_utc=first,
        second_utc=second,
        zone=zone.key,
    )


def local_to_utc(local: datetime, zone: ZoneInfo, *, fold: int | None = None) -> datetime:
    """Wall time at the desk -> aware UTC instant.

    A skipped time raises ``nonexistent``; a doubled time raises ``ambiguous`` unless
    ``fold`` says which one is meant (0 = the first, summer time; 1 = the second).
    ``fold`` is ignored for times that happen exactly once.
    """
    _require_naive(local, "local")
    if fold not in (None, 0, 1):
        raise ValueError("fold must be None, 0 or 1")
    # is_nonexistent and is_ambiguous, answered from the two readings at once: every row
    # of a CSV import comes here, and they took seven zone conversions between them.
    first, second = _candidate(local, zone, 0), _candidate(local, zone, 1)
    if first == second:
        return first  # the wall clock shows it exactly once
    if first.astimezone(zone).replace(tzinfo=None) != local:
        raise _nonexistent_error(local, zone)
    if fold is None:
        raise _ambiguous_error(local, zone)
    return first if fold == 0 else second


def utc_to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    """Aware instant -> aware wall time in ``zone``; ``.fold`` tells the two autumn hours apart."""
    _require_aware(instant, "instant")
    return instant.astimezone(zone)


# --- due times and deadlines ----------------------------------------------------------------


def _in_past_error(due: datetime, now: datetime, zone: ZoneInfo) -> InvalidTime:
    due_local, now_local = utc_to_local(due, zone), utc_to_local(now, zone)
    total_minutes = max(1, int((now - due).total_seconds()) // 60)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    common = {
        "time": _hm(due_local),
        "date": due_local.date().isoformat(),
        "now_time": _hm(now_local),
        "now_date": now_local.date().isoformat(),
        "days": days,
        "hours": hours,
        "minutes": minutes,
    }
    if days:
        return InvalidTime("in_past", _IN_PAST_DAYS, **common)
    if hours:
        return InvalidTime("in_past", _IN_PAST_HOURS, **common)
    return InvalidTime("in_past", _IN_PAST_MINUTES, **common)


def resolve_due(
    local: datetime | None,
    zone: ZoneInfo,
    *,
    now: datetime,
    fold: int | None = None,
    tolerance: timedelta = timedelta(minutes=1),
) -> datetime:
    """The UTC instant a message is due, from the wall time the user picked.

    ``None`` means "send now". A time up to ``tolerance`` in the past is kept as picked (the
    user chose "now-ish" a moment ago; it goes out at once); older than that is refused.
    """
    _require_aware(now, "now")
    now = now.astimezone(UTC)
    if local is None:
        return now
    due = local_to_utc(local, zone, fold=fold)
    if due < now - tolerance:
        raise _in_past_error(due, now, zone)
    return due


def default_no_later_than(due: datetime, grace: timedelta = DEFAULT_GRACE) -> datetime:
    """The default "send no later than": ``due`` plus the grace period."""
    _require_aware(due, "due")
    if grace < timedelta(0):
        raise ValueError("grace must not be negative")
    return due.astimezone(UTC) + grace


def check_no_later_than(
    due: datetime, no_later_than: datetime, *, zone: ZoneInfo | None = None
) -> None:
    """Refuse a "send no later than" earlier than the send time (equal is fine).

    ``zone`` is only used to show both times on the desk's clock in the message.
    """
    _require_aware(due, "due")
    _require_aware(no_later_than, "no_later_than")
    if no_later_than >= due:
        return
    zone = zone or load_zone(DEFAULT_ZONE)
    due_local, limit_local = utc_to_local(due, zone), utc_to_local(no_later_than, zone)
    raise InvalidTime(
        "no_later_before_due",
        _NO_LATER_BEFORE_DUE,
        no_later_time=_hm(limit_local),
        no_later_date=limit_local.date().isoformat(),
        due_time=_hm(due_local),
        due_date=due_local.date().isoformat(),
    )


# --- quiet hours ----------------------------------------------------------------------------


def _parse_hhmm(text: str) -> time:
    match = _HHMM_PATTERN.fullmatch(text.strip())
    if match is None:
        raise InvalidTime("quiet_hours_invalid", _QUIET_HOURS_INVALID, text=text)
    hour, minute = (int(part) for part in match.groups())
    if hour > 23 or minute > 59:
        raise InvalidTime("quiet_hours_invalid", _QUIET_HOURS_INVALID, text=text)
    return time(hour, minute)


@dataclass(frozen=True)
class QuietHours:
    """Wall-clock hours in which no SMS goes out (nobody wants a reminder at 03:03).

    ``start`` is inclusive, ``end`` exclusive; the period may wrap midnight; ``start == end``
    means there are no quiet hours. Times are whole minutes, naive (the desk's wall clock).
    """

    start: time = time(21, 0)
    end: time = time(8, 0)

    def __post_init__(self) -> None:
        # Settings files are edited by hand, so a bad value is the user's to fix.
        for value in (self.start, self.end):
            if (
                not isinstance(value, time)
                or value.tzinfo is not None
                or value.second
                or value.microsecond
            ):
                raise InvalidTime("quiet_hours_invalid", _QUIET_HOURS_INVALID, text=str(value))

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        """From two ``HH:MM`` texts, as typed in the settings."""
        return cls(_parse_hhmm(start), _parse_hhmm(end))

    @property
    def wraps_midnight(self) -> bool:
        return self.start > self.end

    def _contains_wall(self, wall: time) -> bool:
        if self.start == self.end:
            return False
        if self.wraps_midnight:
            return wall >= self.start or wall < self.end
        return self.start <= wall < self.end

    def contains(self, instant: datetime, zone: ZoneInfo) -> bool:
        """True when the desk's wall clock shows a quiet time at ``instant``."""
        return self._contains_wall(utc_to_local(instant, zone).time())

    def next_allowed(self, instant: datetime, zone: ZoneInfo) -> datetime:
        """The first UTC instant at or after ``instant`` outside quiet hours."""
        _require_aware(instant, "instant")
        instant = instant.astimezone(UTC)
        wall = utc_to_local(instant, zone)
        if not self._contains_wall(wall.time()):
            return instant
        end_day: date = wall.date()
        if self.wraps_midnight and wall.time() >= self.start:
            end_day += timedelta(days=1)
        end_wall = datetime.combine(end_day, self.end)
        if is_nonexistent(end_wall, zone):
            # The end time is skipped that night: quiet hours end when the clock jumps.
            jump, _, _ = _gap(end_wall, zone)
            return jump
        # On the autumn night the end time may happen twice; the second pass through the
        # repeated hour is quiet again on the wall clock, so take the first end not before now.
        candidates = sorted({_candidate(end_wall, zone, 0), _candidate(end_wall, zone, 1)})
        return next(c for c in candidates if c >= instant)
