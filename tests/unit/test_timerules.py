"""Time rules: DST gaps and doubled hours are refused or asked about, never shifted."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.clock import FakeClock
from desktop.domain.timerules import (
    DEFAULT_GRACE,
    DEFAULT_ZONE,
    InvalidTime,
    QuietHours,
    check_no_later_than,
    default_no_later_than,
    is_ambiguous,
    is_nonexistent,
    load_zone,
    local_to_utc,
    parse_local,
    resolve_due,
    utc_to_local,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SPRING_GAP = datetime(2026, 3, 29, 2, 30)  # clocks jump 02:00 -> 03:00
AUTUMN_TWICE = datetime(2026, 10, 25, 2, 30)  # clocks go back 03:00 -> 02:00


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# --- zones and parsing ----------------------------------------------------------------------


def test_default_zone_and_grace() -> None:
    assert load_zone(DEFAULT_ZONE).key == "Europe/Stockholm"
    assert timedelta(hours=2) == DEFAULT_GRACE


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "Europe"])
def test_unknown_zone_is_refused_with_its_name(name: str) -> None:
    with pytest.raises(InvalidTime) as caught:
        load_zone(name)
    assert caught.value.code == "unknown_zone"
    assert caught.value.context == "time"
    assert f"“{name}”" in caught.value.message
    assert "Europe/Stockholm" in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02 09:00", datetime(2026, 3, 2, 9, 0)),
        ("2026-03-02T09:05", datetime(2026, 3, 2, 9, 5)),
        ("  2026-12-31 23:59 ", datetime(2026, 12, 31, 23, 59)),
    ],
)
def test_parse_local_accepts_both_separators(text: str, expected: datetime) -> None:
    parsed = parse_local(text)
    assert parsed == expected
    assert parsed.tzinfo is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tomorrow 09:00",
        "2026-03-02",
        "2026-03-02 9:00",
        "02/03/2026 09:00",
        "2026-02-30 09:00",  # no such day
        "2026-03-02 24:00",
        "2026-03-02 09:60",
        "2026-03-02 09:00:00",
        "2026-03-02 09:00+01:00",
        "٢٠٢٦-03-02 09:00",  # non-ASCII digits
    ],
)
def test_parse_local_refuses_other_shapes(text: str) -> None:
    with pytest.raises(InvalidTime) as caught:
        parse_local(text)
    assert caught.value.code == "bad_format"
    assert caught.value.params == {"text": text}
    assert "YYYY-MM-DD HH:MM" in caught.value.message
    assert "2026-03-02 09:00" in caught.value.message


# --- the spring gap -------------------------------------------------------------------------


def test_spring_gap_is_detected() -> None:
    assert is_nonexistent(SPRING_GAP, STOCKHOLM)
    assert is_nonexistent(datetime(2026, 3, 29, 2, 0), STOCKHOLM)
    assert not is_nonexistent(datetime(2026, 3, 29, 1, 59), STOCKHOLM)
    assert not is_nonexistent(datetime(2026, 3, 29, 3, 0), STOCKHOLM)
    assert not is_ambiguous(SPRING_GAP, STOCKHOLM)


@pytest.mark.parametrize("fold", [None, 0, 1])
def test_spring_gap_is_refused_with_the_jump_and_a_suggestion(fold: int | None) -> None:
    with pytest.raises(InvalidTime) as caught:
        local_to_utc(SPRING_GAP, STOCKHOLM, fold=fold)
    error = caught.value
    assert error.code == "nonexistent"
    assert error.params["gap_start"] == "02:00"
    assert error.params["gap_end"] == "03:00"
    assert error.params["suggestion"] == datetime(2026, 3, 29, 3, 0)
    assert error.message == (
        "02:30 on 2026-03-29 does not exist: that night the clocks jump from 02:00 to 03:00. "
        "Pick 03:00 or later, or a time before 02:00."
    )


def test_the_suggested_time_exists_and_is_the_jump() -> None:
    with pytest.raises(InvalidTime) as caught:
        local_to_utc(SPRING_GAP, STOCKHOLM)
    assert local_to_utc(caught.value.params["suggestion"], STOCKHOLM) == utc(2026, 3, 29, 1, 0)


def test_half_hour_gap_is_described_exactly() -> None:
    # Lord Howe Island moves its clocks by 30 minutes: the jump must not be assumed an hour.
    with pytest.raises(InvalidTime) as caught:
        local_to_utc(datetime(2026, 10, 4, 2, 15), ZoneInfo("Australia/Lord_Howe"))
    assert caught.value.params["gap_start"] == "02:00"
    assert caught.value.params["gap_end"] == "02:30"


def test_times_around_the_gap_convert_normally() -> None:
    assert local_to_utc(datetime(2026, 3, 29, 1, 59), STOCKHOLM) == utc(2026, 3, 29, 0, 59)
    assert local_to_utc(datetime(2026, 3, 29, 3, 0), STOCKHOLM) == utc(2026, 3, 29, 1, 0)


# --- the autumn doubled hour ----------------------------------------------------------------


def test_autumn_hour_is_ambiguous() -> None:
    assert is_ambiguous(AUTUMN_TWICE, STOCKHOLM)
    assert is_ambiguous(datetime(2026, 10, 25, 2, 0), STOCKHOLM)
    assert not is_ambiguous(datetime(2026, 10, 25, 3, 0), STOCKHOLM)
    assert not is_ambiguous(datetime(2026, 10, 25, 1, 59), STOCKHOLM)
    assert not is_nonexistent(AUTUMN_TWICE, STOCKHOLM)


def test_autumn_hour_without_fold_asks_which_one() -> None:
    with pytest.raises(InvalidTime) as caught:
        local_to_utc(AUTUMN_TWICE, STOCKHOLM)
    error = caught.value
    assert error.code == "ambiguous"
    assert error.params["first_utc"] == utc(2026, 10, 25, 0, 30)
    assert error.params["second_utc"] == utc(2026, 10, 25, 1, 30)
    assert error.params["first_offset"] == "+02:00"
    assert error.params["second_offset"] == "+01:00"
    assert error.message == (
        "02:30 on 2026-10-25 happens twice: that night the clocks go back from 03:00 to 02:00. "
        "Choose whether you mean the first 02:30, before the clocks go back (UTC+02:00), "
        "or the second 02:30, after they go back (UTC+01:00)."
    )


def test_fold_picks_the_occurrence() -> None:
    assert local_to_utc(AUTUMN_TWICE, STOCKHOLM, fold=0) == utc(2026, 10, 25, 0, 30)
    assert local_to_utc(AUTUMN_TWICE, STOCKHOLM, fold=1) == utc(2026, 10, 25, 1, 30)


def test_fold_is_ignored_for_a_time_that_happens_once() -> None:
    once = datetime(2026, 6, 1, 9, 0)
    assert (
        local_to_utc(once, STOCKHOLM, fold=1)
        == local_to_utc(once, STOCKHOLM)
        == utc(2026, 6, 1, 7, 0)
    )


def test_negative_offsets_are_signed() -> None:
    with pytest.raises(InvalidTime) as caught:
        local_to_utc(datetime(2026, 11, 1, 1, 30), ZoneInfo("America/New_York"))
    assert caught.value.params["first_offset"] == "-04:00"
    assert caught.value.params["second_offset"] == "-05:00"


def test_utc_to_local_marks_the_second_occurrence_with_fold() -> None:
    first = utc_to_local(utc(2026, 10, 25, 0, 30), STOCKHOLM)
    second = utc_to_local(utc(2026, 10, 25, 1, 30), STOCKHOLM)
    assert first.replace(tzinfo=None) == second.replace(tzinfo=None) == AUTUMN_TWICE
    assert (first.fold, second.fold) == (0, 1)
    assert first.utcoffset() == timedelta(hours=2)


ZONES = st.sampled_from(
    [
        "Europe/Stockholm",
        "America/New_York",
        "Australia/Lord_Howe",  # 30-minute DST
        "Europe/Dublin",  # "negative" DST in the tz database
        "Pacific/Apia",  # skipped a whole day in 2011
        "UTC",
    ]
)


@given(
    instant=st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    zone_name=ZONES,
)
def test_round_trip_through_wall_time(instant: datetime, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    local = utc_to_local(instant, zone)
    back = local_to_utc(local.replace(tzinfo=None), zone, fold=local.fold)
    assert back == instant
    assert back.tzinfo is UTC


@pytest.mark.parametrize(
    "zone_name", ["Europe/Stockholm", "Australia/Lord_Howe", "Pacific/Apia", "America/St_Johns"]
)
def test_local_to_utc_refuses_exactly_the_skipped_and_doubled_times(zone_name: str) -> None:
    # local_to_utc answers from two readings instead of asking is_nonexistent and
    # is_ambiguous: it must agree with them at every wall time, around every transition
    # of a year (Apia skipped a whole day in 2011; Lord Howe shifts by 30 minutes).
    zone = ZoneInfo(zone_name)
    local = datetime(2011, 1, 1)
    while local < datetime(2012, 1, 1):
        for fold in (None, 0, 1):
            if is_nonexistent(local, zone):
                expected = "nonexistent"
            elif is_ambiguous(local, zone) and fold is None:
                expected = "ambiguous"
            else:
                expected = local.replace(tzinfo=zone, fold=fold or 0).astimezone(UTC)
            try:
                got: object = local_to_utc(local, zone, fold=fold)
            except InvalidTime as refused:
                got = refused.code
            assert got == expected, (local, fold)
        local += timedelta(minutes=20)


@pytest.mark.parametrize(
    "call",
    [
        lambda: local_to_utc(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), STOCKHOLM),
        lambda: is_nonexistent(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), STOCKHOLM),
        lambda: utc_to_local(datetime(2026, 3, 2, 9, 0), STOCKHOLM),
        lambda: resolve_due(None, STOCKHOLM, now=datetime(2026, 3, 2, 9, 0)),
        lambda: default_no_later_than(datetime(2026, 3, 2, 9, 0)),
        lambda: check_no_later_than(datetime(2026, 3, 2, 9, 0), utc(2026, 3, 2, 9, 0)),
        lambda: QuietHours().next_allowed(datetime(2026, 3, 2, 9, 0), STOCKHOLM),
        lambda: QuietHours().contains(datetime(2026, 3, 2, 9, 0), STOCKHOLM),
        lambda: local_to_utc(datetime(2026, 3, 2, 9, 0), STOCKHOLM, fold=2),
        lambda: default_no_later_than(utc(2026, 3, 2, 9, 0), timedelta(minutes=-1)),
    ],
)
def test_programming_errors_are_value_errors_not_user_messages(call: object) -> None:
    with pytest.raises(ValueError) as caught:
        call()  # type: ignore[operator]
    assert not isinstance(caught.value, InvalidTime)


# --- due times ------------------------------------------------------------------------------


def test_send_now_is_now() -> None:
    clock = FakeClock(utc(2026, 3, 2, 8, 0))
    assert resolve_due(None, STOCKHOLM, now=clock.now()) == clock.now()


def test_due_is_converted_to_utc() -> None:
    clock = FakeClock(utc(2026, 3, 2, 8, 0))  # 09:00 at the desk
    assert resolve_due(datetime(2026, 3, 3, 9, 0), STOCKHOLM, now=clock.now()) == utc(
        2026, 3, 3, 8, 0
    )


def test_due_passes_the_fold_through() -> None:
    clock = FakeClock(utc(2026, 10, 24, 12, 0))
    assert resolve_due(AUTUMN_TWICE, STOCKHOLM, now=clock.now(), fold=1) == utc(2026, 10, 25, 1, 30)
    with pytest.raises(InvalidTime) as caught:
        resolve_due(AUTUMN_TWICE, STOCKHOLM, now=clock.now())
    assert caught.value.code == "ambiguous"


def test_tolerance_edge() -> None:
    clock = FakeClock(utc(2026, 3, 2, 8, 0))
    picked = datetime(2026, 3, 2, 9, 0)  # exactly now at the desk
    clock.advance(timedelta(minutes=1))
    assert resolve_due(picked, STOCKHOLM, now=clock.now()) == utc(2026, 3, 2, 8, 0)
    clock.advance(timedelta(microseconds=1))
    with pytest.raises(InvalidTime) as caught:
        resolve_due(picked, STOCKHOLM, now=clock.now())
    assert caught.value.code == "in_past"
    assert resolve_due(picked, STOCKHOLM, now=clock.now(), tolerance=timedelta(minutes=5))


def test_in_past_says_how_long_ago_in_minutes() -> None:
    clock = FakeClock(utc(2026, 3, 2, 8, 25))  # 09:25 at the desk
    with pytest.raises(InvalidTime) as caught:
        resolve_due(datetime(2026, 3, 2, 9, 0), STOCKHOLM, now=clock.now())
    assert caught.value.message == (
        "09:00 on 2026-03-02 has already passed: it was 25 min ago "
        "(the time at the desk is now 09:25). Pick a later time, or choose Send now."
    )


def test_in_past_says_how_long_ago_in_hours() -> None:
    clock = FakeClock(utc(2026, 7, 1, 12, 10))  # 14:10 summer time at the desk
    with pytest.raises(InvalidTime) as caught:
        resolve_due(datetime(2026, 7, 1, 9, 0), STOCKHOLM, now=clock.now())
    assert caught.value.params["hours"] == 5
    assert caught.value.params["minutes"] == 10
    assert "it was 5 h 10 min ago" in caught.value.message
    assert "now 14:10" in caught.value.message


def test_in_past_says_how_long_ago_in_days() -> None:
    clock = FakeClock(utc(2026, 3, 4, 11, 0))  # 12:00 on the 4th at the desk
    with pytest.raises(InvalidTime) as caught:
        resolve_due(datetime(2026, 3, 2, 9, 0), STOCKHOLM, now=clock.now())
    assert "it was 2 d 3 h ago (it is now 12:00 on 2026-03-04)" in caught.value.message


def test_in_past_is_translatable() -> None:
    clock = FakeClock(utc(2026, 3, 2, 8, 25))
    with pytest.raises(InvalidTime) as caught:
        resolve_due(datetime(2026, 3, 2, 9, 0), STOCKHOLM, now=clock.now())
    swedish = {
        caught.value.template: "{time} den {date} har redan passerat: för {minutes} min sedan."
    }
    seen: list[str] = []

    def translate(context: str, text: str) -> str:
        seen.append(context)
        return swedish.get(text, text)

    assert (
        caught.value.translated(translate)
        == "09:00 den 2026-03-02 har redan passerat: för 25 min sedan."
    )
    assert seen == ["time"]


# --- send no later than ---------------------------------------------------------------------


def test_default_no_later_than_adds_grace() -> None:
    due = utc(2026, 3, 2, 8, 0)
    assert default_no_later_than(due) == utc(2026, 3, 2, 10, 0)
    assert default_no_later_than(due, timedelta(minutes=30)) == utc(2026, 3, 2, 8, 30)


def test_default_no_later_than_is_utc_and_real_time_across_dst() -> None:
    due = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=1)))  # 00:30 UTC
    limit = default_no_later_than(due)
    assert limit == utc(2026, 3, 29, 2, 30)
    assert limit.tzinfo is UTC


def test_no_later_than_equal_to_due_is_fine() -> None:
    due = utc(2026, 3, 2, 8, 0)
    check_no_later_than(due, due)
    check_no_later_than(due, due + timedelta(seconds=1))


def test_no_later_than_before_due_is_refused_in_desk_time() -> None:
    with pytest.raises(InvalidTime) as caught:
        check_no_later_than(utc(2026, 3, 2, 8, 0), utc(2026, 3, 2, 7, 59))
    assert caught.value.code == "no_later_before_due"
    assert caught.value.message == (
        "“Send no later than” (08:59 on 2026-03-02) is before the send time "
        "(09:00 on 2026-03-02). Pick a time after the send time, or leave it empty "
        "to use the default."
    )


def test_no_later_than_message_uses_the_given_zone() -> None:
    with pytest.raises(InvalidTime) as caught:
        check_no_later_than(
            utc(2026, 3, 2, 8, 0), utc(2026, 3, 2, 7, 0), zone=ZoneInfo("America/New_York")
        )
    assert caught.value.params["due_time"] == "03:00"


# --- quiet hours ----------------------------------------------------------------------------


def test_quiet_hours_defaults_and_wrap() -> None:
    quiet = QuietHours()
    assert (quiet.start, quiet.end) == (time(21, 0), time(8, 0))
    assert quiet.wraps_midnight
    # Winter: desk time is UTC+1.
    assert not quiet.contains(utc(2026, 3, 2, 19, 59), STOCKHOLM)  # 20:59
    assert quiet.contains(utc(2026, 3, 2, 20, 0), STOCKHOLM)  # 21:00, start inclusive
    assert quiet.contains(utc(2026, 3, 2, 23, 0), STOCKHOLM)  # 00:00
    assert quiet.contains(utc(2026, 3, 3, 6, 59), STOCKHOLM)  # 07:59
    assert not quiet.contains(utc(2026, 3, 3, 7, 0), STOCKHOLM)  # 08:00, end exclusive


def test_next_allowed_outside_is_the_instant_itself() -> None:
    instant = utc(2026, 3, 2, 12, 0)
    assert QuietHours().next_allowed(instant, STOCKHOLM) == instant


def test_next_allowed_before_and_after_midnight() -> None:
    quiet = QuietHours()
    morning = utc(2026, 3, 3, 7, 0)  # 08:00 on the 3rd
    assert quiet.next_allowed(utc(2026, 3, 2, 22, 30), STOCKHOLM) == morning  # 23:30
    assert quiet.next_allowed(utc(2026, 3, 2, 23, 30), STOCKHOLM) == morning  # 00:30
    assert quiet.next_allowed(utc(2026, 3, 3, 6, 59), STOCKHOLM) == morning


def test_quiet_hours_within_one_day() -> None:
    lunch = QuietHours(time(12, 0), time(13, 0))
    assert not lunch.wraps_midnight
    assert lunch.contains(utc(2026, 3, 2, 11, 30), STOCKHOLM)
    assert not lunch.contains(utc(2026, 3, 2, 12, 0), STOCKHOLM)  # 13:00
    assert not lunch.contains(utc(2026, 3, 2, 10, 59), STOCKHOLM)
    assert lunch.next_allowed(utc(2026, 3, 2, 11, 30), STOCKHOLM) == utc(2026, 3, 2, 12, 0)


def test_equal_start_and_end_means_no_quiet_hours() -> None:
    none = QuietHours(time(8, 0), time(8, 0))
    for hour in range(24):
        instant = utc(2026, 3, 2, hour, 0)
        assert not none.contains(instant, STOCKHOLM)
        assert none.next_allowed(instant, STOCKHOLM) == instant


def test_quiet_night_when_clocks_spring_forward() -> None:
    # 22:00 CET on the 28th; the night is an hour short; 08:00 CEST is 06:00 UTC.
    assert QuietHours().next_allowed(utc(2026, 3, 28, 21, 0), STOCKHOLM) == utc(2026, 3, 29, 6, 0)


def test_quiet_night_when_clocks_fall_back() -> None:
    # 22:00 CEST on the 24th; the night is an hour long; 08:00 CET is 07:00 UTC.
    assert QuietHours().next_allowed(utc(2026, 10, 24, 20, 0), STOCKHOLM) == utc(2026, 10, 25, 7, 0)


def test_quiet_end_inside_the_spring_gap_is_the_jump() -> None:
    quiet = QuietHours(time(1, 0), time(2, 30))  # 02:30 does not exist on 2026-03-29
    assert quiet.contains(utc(2026, 3, 29, 0, 10), STOCKHOLM)  # 01:10 CET
    assert quiet.next_allowed(utc(2026, 3, 29, 0, 10), STOCKHOLM) == utc(2026, 3, 29, 1, 0)
    assert not quiet.contains(utc(2026, 3, 29, 1, 0), STOCKHOLM)  # 03:00 CEST


def test_quiet_end_in_the_doubled_hour() -> None:
    quiet = QuietHours(time(1, 0), time(2, 30))
    # During the first 02:xx the quiet period ends at the first 02:30.
    assert quiet.next_allowed(utc(2026, 10, 25, 0, 10), STOCKHOLM) == utc(2026, 10, 25, 0, 30)
    # The clock then shows 02:00-02:29 again; on the wall that is quiet, and it ends at the
    # second 02:30, never at an instant already past.
    second_pass = utc(2026, 10, 25, 1, 10)
    assert quiet.contains(second_pass, STOCKHOLM)
    assert quiet.next_allowed(second_pass, STOCKHOLM) == utc(2026, 10, 25, 1, 30)


@given(
    instant=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    end=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_next_allowed_is_never_earlier_and_never_quiet(
    instant: datetime, start: time, end: time
) -> None:
    quiet = QuietHours(start, end)
    allowed = quiet.next_allowed(instant, STOCKHOLM)
    assert allowed >= instant
    assert allowed - instant <= timedelta(hours=25)
    assert not quiet.contains(allowed, STOCKHOLM)


def test_quiet_hours_parse() -> None:
    assert QuietHours.parse("21:00", " 7:30 ") == QuietHours(time(21, 0), time(7, 30))


@pytest.mark.parametrize(("start", "end"), [("21", "08:00"), ("21:00", "24:00"), ("nine", "8:00")])
def test_quiet_hours_parse_refuses_bad_text(start: str, end: str) -> None:
    with pytest.raises(InvalidTime) as caught:
        QuietHours.parse(start, end)
    assert caught.value.code == "quiet_hours_invalid"
    assert "HH:MM" in caught.value.message
    assert "21:00 and 08:00" in caught.value.message


@pytest.mark.parametrize(
    "bad",
    [time(21, 0, 30), time(21, 0, tzinfo=UTC), "21:00"],
)
def test_quiet_hours_refuse_values_that_are_not_whole_minute_wall_times(bad: object) -> None:
    with pytest.raises(InvalidTime) as caught:
        QuietHours(bad, time(8, 0))  # type: ignore[arg-type]
    assert caught.value.code == "quiet_hours_invalid"
