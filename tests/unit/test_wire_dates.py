"""The one module that reads and writes BokaMera's DateTimes (BOKAMERA_API.md, "Dates")."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.api.errors import ProtocolError
from desktop.api.wire_dates import WireFormatError, from_wire, to_wire

STHLM = ZoneInfo("Europe/Stockholm")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("2026-03-02T10:00:00+01:00", utc(2026, 3, 2, 9)),
        ("2026-03-02T10:00:00+0100", utc(2026, 3, 2, 9)),
        ("2026-03-02T10:00:00+01", utc(2026, 3, 2, 9)),
        ("2026-07-01T12:00:00+02:00", utc(2026, 7, 1, 10)),
        ("2026-03-02T04:00:00-05:00", utc(2026, 3, 2, 9)),
        ("2026-03-02T09:30:00+05:30", utc(2026, 3, 2, 4)),
        ("2026-03-02T09:00:00Z", utc(2026, 3, 2, 9)),
        ("2026-03-02T09:00:00z", utc(2026, 3, 2, 9)),
        ("2026-03-02t09:00:00+00:00", utc(2026, 3, 2, 9)),
        ("2026-03-02 09:00:00Z", utc(2026, 3, 2, 9)),
        ("2026-03-02T09:00Z", utc(2026, 3, 2, 9)),
        ("2026-03-01T23:30:00-10:00", utc(2026, 3, 2, 9, 30)),  # the date itself moves
    ],
)
def test_iso_with_an_offset_is_that_instant(wire: str, expected: datetime) -> None:
    assert from_wire(wire, STHLM) == expected


@pytest.mark.parametrize(
    ("fraction", "micro"),
    [
        ("1", 100000),
        ("123", 123000),
        ("123456", 123456),
        ("1234567", 123456),  # .NET ticks: 7 digits, truncated to microseconds
        ("9999999", 999999),  # truncation, never rounding into the next second
        ("123456789", 123456),
        ("0000000", 0),
    ],
)
def test_fractions_of_any_length_up_to_nine_digits(fraction: str, micro: int) -> None:
    assert from_wire(f"2026-03-02T09:00:00.{fraction}Z", STHLM) == utc(2026, 3, 2, 9, 0, 0, micro)
    assert from_wire(f"2026-03-02T09:00:00,{fraction}Z", STHLM) == utc(2026, 3, 2, 9, 0, 0, micro)


def test_servicestack_seven_digit_offsetless_value_reads_in_the_zone() -> None:
    assert from_wire("2026-03-02T10:00:00.1234567", STHLM) == utc(2026, 3, 2, 9, 0, 0, 123456)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("2026-01-15T10:00:00", utc(2026, 1, 15, 9)),  # CET, +01:00
        ("2026-07-15T10:00:00", utc(2026, 7, 15, 8)),  # CEST, +02:00
        ("2026-03-29T01:59:59", utc(2026, 3, 29, 0, 59, 59)),  # last second before spring
        ("2026-03-29T03:00:00", utc(2026, 3, 29, 1)),  # first second after the jump
        ("2026-10-25T01:59:59", utc(2026, 10, 24, 23, 59, 59)),
        ("2026-10-25T03:00:00", utc(2026, 10, 25, 2)),
    ],
)
def test_offsetless_value_reads_as_stockholm_time(wire: str, expected: datetime) -> None:
    assert from_wire(wire, STHLM) == expected
    assert from_wire(wire, "Europe/Stockholm") == expected


def test_offsetless_zone_is_configurable() -> None:
    assert from_wire("2026-07-15T10:00:00", "UTC") == utc(2026, 7, 15, 10)
    assert from_wire("2026-07-15T10:00:00", ZoneInfo("America/New_York")) == utc(2026, 7, 15, 14)


def test_spring_gap_reads_with_the_earlier_offset() -> None:
    # 02:30 on 29 March 2026 never happened in Stockholm; fold=0 applies +01:00.
    assert from_wire("2026-03-29T02:30:00", STHLM) == utc(2026, 3, 29, 1, 30)


def test_autumn_repeated_hour_reads_as_the_first_occurrence() -> None:
    # 02:30 on 25 October 2026 happened twice; fold=0 is the first, still summer time.
    assert from_wire("2026-10-25T02:30:00", STHLM) == utc(2026, 10, 25, 0, 30)


def test_an_explicit_offset_resolves_the_repeated_hour() -> None:
    assert from_wire("2026-10-25T02:30:00+02:00", STHLM) == utc(2026, 10, 25, 0, 30)
    assert from_wire("2026-10-25T02:30:00+01:00", STHLM) == utc(2026, 10, 25, 1, 30)


@pytest.mark.parametrize(
    "wire",
    [
        "/Date(1700000000000)/",
        "/Date(1700000000000+0100)/",  # the offset is display-only: ms are always UTC
        "/Date(1700000000000-0500)/",
        "/Date(1700000000000+0000)/",
        "/Date(1700000000000-0000)/",
        "\\/Date(1700000000000+0100)\\/",  # the JSON-escaped spelling
    ],
)
def test_wcf_dates_are_utc_milliseconds(wire: str) -> None:
    assert from_wire(wire, STHLM) == utc(2023, 11, 14, 22, 13, 20)


def test_wcf_keeps_milliseconds_and_reads_before_1970() -> None:
    assert from_wire("/Date(1700000000123)/", STHLM) == utc(2023, 11, 14, 22, 13, 20, 123000)
    assert from_wire("/Date(-1000)/", STHLM) == utc(1969, 12, 31, 23, 59, 59)
    assert from_wire("/Date(0)/", STHLM) == utc(1970, 1, 1)


@pytest.mark.parametrize(
    "wire",
    [
        None,
        "",
        "   ",
        "0001-01-01T00:00:00",  # ServiceStack's default DateTime: "never set"
        "0001-01-01T00:00:00.0000000",
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+01:00",
        "/Date(-62135596800000)/",
        "/Date(-62135596800000+0100)/",
    ],
)
def test_absent_and_default_values_are_none(wire: str | None) -> None:
    assert from_wire(wire, STHLM) is None


@pytest.mark.parametrize(
    "wire",
    [
        "yesterday",
        "2026-03-02",  # a date without a time is not a DateTime
        "2026-13-01T00:00:00",
        "2026-02-30T10:00:00",
        "2026-03-02T24:00:00",
        "2026-03-02T10:60:00",
        "2026-03-02T10:00:60",
        "2026-03-02T10:00:00+25:00",
        "2026-03-02T10:00:00+01:75",
        "2026-03-02T10:00:00.1234567891",
        "2026-03-02T10:00:00.",
        "2026-03-02T10:00:00+01:00 extra",
        "26-03-02T10:00:00",
        "0000-12-31T23:00:00",
        "0001-01-01T00:30:00",  # before MinValue once read as Stockholm time
        "9999-12-31T23:59:59-01:00",  # beyond the largest datetime in UTC
        "/Date()/",
        "/Date(abc)/",
        "/Date(1700000000000+01)/",
        "/Date(1700000000000+2500)/",
        "/Date(1700000000000)",
        "Date(1700000000000)",
        "/Date(999999999999999999)/",
        "1700000000000",
    ],
)
def test_garbage_is_a_wire_format_error(wire: str) -> None:
    with pytest.raises(WireFormatError):
        from_wire(wire, STHLM)


@pytest.mark.parametrize("value", [1700000000000, 17.5, True, ["2026-03-02"], {"d": 1}])
def test_a_non_text_value_is_a_wire_format_error(value: object) -> None:
    with pytest.raises(WireFormatError):
        from_wire(value, STHLM)  # type: ignore[arg-type]


def test_wire_format_error_is_a_protocol_error_the_user_can_act_on() -> None:
    with pytest.raises(WireFormatError) as info:
        from_wire("2026-02-30T10:00:00", STHLM)
    err = info.value
    assert isinstance(err, ProtocolError)
    assert isinstance(err, ValueError)
    assert "BokaMera" in err.message
    assert "contact support" in err.message
    assert "2026-02-30" not in err.message  # details name the problem, not the value


def test_results_are_aware_utc() -> None:
    for wire in ("2026-07-15T10:00:00", "2026-07-15T10:00:00+02:00", "/Date(1700000000000)/"):
        value = from_wire(wire, STHLM)
        assert value is not None
        assert value.tzinfo is UTC


def test_to_wire_keeps_the_instants_own_offset() -> None:
    assert to_wire(utc(2026, 3, 2, 9)) == "2026-03-02T09:00:00+00:00"
    assert to_wire(utc(2026, 3, 2, 9).astimezone(STHLM)) == "2026-03-02T10:00:00+01:00"
    assert to_wire(utc(2026, 7, 2, 9).astimezone(STHLM)) == "2026-07-02T11:00:00+02:00"
    minus_five = timezone(-timedelta(hours=5))
    assert to_wire(datetime(2026, 3, 2, 4, tzinfo=minus_five)) == "2026-03-02T04:00:00-05:00"


def test_to_wire_keeps_microseconds_only_when_there_are_some() -> None:
    assert to_wire(utc(2026, 3, 2, 9, 0, 0, 123456)) == "2026-03-02T09:00:00.123456+00:00"
    assert to_wire(utc(2026, 3, 2, 9, 0, 0, 0)).endswith(":00+00:00")


def test_to_wire_on_both_sides_of_the_dst_changes() -> None:
    assert to_wire(utc(2026, 3, 29, 0, 59).astimezone(STHLM)) == "2026-03-29T01:59:00+01:00"
    assert to_wire(utc(2026, 3, 29, 1, 0).astimezone(STHLM)) == "2026-03-29T03:00:00+02:00"
    first = utc(2026, 10, 25, 0, 30).astimezone(STHLM)
    second = utc(2026, 10, 25, 1, 30).astimezone(STHLM)
    assert to_wire(first) == "2026-10-25T02:30:00+02:00"
    assert to_wire(second) == "2026-10-25T02:30:00+01:00"  # same wall time, told apart


def test_to_wire_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        to_wire(datetime(2026, 3, 2, 9))


def test_to_wire_turns_historic_second_offsets_into_utc() -> None:
    # Stockholm's local mean time before 1879 was +00:53:28, which ISO offsets cannot carry.
    old = datetime(1870, 1, 1, 12, tzinfo=STHLM)
    wire = to_wire(old)
    assert wire.endswith("+00:00")
    assert from_wire(wire, STHLM) == old


_OFFSET = re.compile(r"[+-]\d{2}:\d{2}$")
_ZONES = st.sampled_from(
    [UTC, STHLM, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC")]
)


@given(
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9998, 12, 30)),
    _ZONES,
)
def test_to_wire_round_trips_through_from_wire(naive: datetime, zone: ZoneInfo) -> None:
    # Start from a real instant: a wall time inside a DST gap is not one (and PEP 495 makes
    # such datetimes compare unequal to everything in another zone).
    instant = naive.replace(tzinfo=UTC).astimezone(zone)
    wire = to_wire(instant)
    assert _OFFSET.search(wire), wire
    assert from_wire(wire, STHLM) == instant


@given(
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9998, 12, 30)),
    st.integers(min_value=1, max_value=9),
)
def test_any_fraction_length_parses_offsetless(naive: datetime, digits: int) -> None:
    fraction = f"{naive.microsecond:06d}{'0' * 3}"[:digits]
    wire = naive.replace(microsecond=0).isoformat() + "." + fraction
    parsed = from_wire(wire, "UTC")
    assert parsed is not None
    expected_micro = int(fraction[:6].ljust(6, "0"))
    assert parsed == naive.replace(microsecond=expected_micro, tzinfo=UTC)
