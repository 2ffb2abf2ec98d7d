from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop.storage.utc_time import from_micros, require_aware, to_micros

STOCKHOLM_WINTER = timezone(timedelta(hours=1))


def test_round_trip_keeps_every_microsecond() -> None:
    instant = datetime(2026, 3, 2, 9, 0, 0, 123457, tzinfo=UTC)
    assert from_micros(to_micros(instant)) == instant
    assert from_micros(to_micros(instant)).tzinfo is UTC


def test_other_offsets_are_stored_as_the_same_instant() -> None:
    local = datetime(2026, 3, 2, 10, 0, tzinfo=STOCKHOLM_WINTER)
    assert to_micros(local) == to_micros(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert from_micros(to_micros(local)) == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_integer_order_is_time_order() -> None:
    # Text would sort "10:00+01:00" after "09:30Z" although it is earlier.
    earlier = datetime(2026, 3, 2, 10, 0, tzinfo=STOCKHOLM_WINTER)
    later = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert to_micros(earlier) < to_micros(later)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="due_at must be a timezone-aware"):
        require_aware(datetime(2026, 3, 2, 9, 0), "due_at")
    with pytest.raises(ValueError):
        to_micros(datetime(2026, 3, 2, 9, 0))
