"""The schedule picker on Stockholm's clock, with a fake "now" (the desk's clock is a fake)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTime
from pytestqt.qtbot import QtBot

from desktop.domain.clock import FakeClock
from desktop.domain.timerules import QuietHours
from desktop.ui.messages import Tone
from desktop.ui.schedule_picker import ScheduleChoice, SchedulePicker, ScheduleProblem


@pytest.fixture
def picker(shown, clock: FakeClock) -> SchedulePicker:  # type: ignore[no-untyped-def]
    return shown(SchedulePicker(clock=clock))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def click(qtbot: QtBot, widget) -> None:  # type: ignore[no-untyped-def]
    # On the indicator: a check box or radio spans the row, but only its box and text
    # take clicks, and in a wide row the middle is empty space.
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def tab_in_and_type(qtbot: QtBot, box, text: str) -> None:  # type: ignore[no-untyped-def]
    """Arrive in a time box by Tab (which selects the hour) and type digits over it."""
    box.clearFocus()
    box.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, text)


def test_now_is_the_default_with_two_hours_grace(picker: SchedulePicker, clock: FakeClock) -> None:
    value = picker.value()
    assert value == ScheduleChoice(
        due_at=clock.now(),
        no_later_than=clock.now() + timedelta(hours=2),
        send_anyway=False,
        send_now=True,
        held_by_quiet_hours=False,
    )
    assert picker.zone_label.text() == "Times are in Europe/Stockholm."
    # 10:00 in Stockholm now, so the deadline box shows 12:00 local.
    assert picker.deadline_time.time() == QTime(12, 0)


def test_now_is_read_from_the_clock_when_asked(picker: SchedulePicker, clock: FakeClock) -> None:
    clock.advance(timedelta(minutes=7))
    assert picker.value().due_at == clock.now()  # type: ignore[union-attr]


def test_tomorrow_morning_is_nine_on_the_desks_clock(qtbot: QtBot, picker: SchedulePicker) -> None:
    click(qtbot, picker.tomorrow_button)
    assert picker.later_radio.isChecked()
    assert picker.date_edit.date() == QDate(2026, 3, 3)
    assert picker.time_edit.time() == QTime(9, 0)
    value = picker.value()
    assert isinstance(value, ScheduleChoice)
    assert value.due_at == utc(2026, 3, 3, 8, 0)  # CET is UTC+1
    assert value.no_later_than == utc(2026, 3, 3, 10, 0)
    assert picker.hint.text() == "It will be sent at 09:00 tomorrow."


def test_next_weekday_skips_the_weekend(
    qtbot: QtBot,
    shown,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    clock.set(utc(2026, 3, 6, 15, 0))  # Friday afternoon
    picker = shown(SchedulePicker(clock=clock))
    click(qtbot, picker.weekday_button)
    assert picker.value().due_at == utc(2026, 3, 9, 8, 0)  # type: ignore[union-attr]


def test_in_one_hour(qtbot: QtBot, picker: SchedulePicker, clock: FakeClock) -> None:
    clock.advance(timedelta(seconds=20))
    click(qtbot, picker.in_hour_button)
    # Rounded up to the whole minute: never a minute short of an hour.
    assert picker.value().due_at == utc(2026, 3, 2, 10, 1)  # type: ignore[union-attr]


def test_typing_a_time_switches_to_later(
    qtbot: QtBot,
    picker: SchedulePicker,
    type_text,  # type: ignore[no-untyped-def]
) -> None:
    tab_in_and_type(qtbot, picker.time_edit, "1430")
    assert picker.later_radio.isChecked()
    assert picker.time_edit.time() == QTime(14, 30)
    assert picker.value().due_at == utc(2026, 3, 2, 13, 30)  # type: ignore[union-attr]


def test_a_past_time_is_refused_in_words(qtbot: QtBot, picker: SchedulePicker) -> None:
    picker.set_later(datetime(2026, 3, 2, 9, 15))  # 45 min ago on the desk's clock
    value = picker.value()
    assert isinstance(value, ScheduleProblem)
    assert value.code == "in_past"
    assert picker.hint.tone is Tone.ERROR
    assert picker.hint.text().startswith(
        "09:15 on 2026-03-02 has already passed: it was 45 min ago"
    )
    assert picker.problem_summary() == "The send time has already passed."


def test_time_passing_while_open_turns_a_time_into_the_past(
    picker: SchedulePicker, clock: FakeClock
) -> None:
    picker.set_later(datetime(2026, 3, 2, 10, 30))
    assert isinstance(picker.value(), ScheduleChoice)
    clock.advance(timedelta(hours=1))
    picker.refresh()
    assert picker.problem() is not None
    assert picker.hint.tone is Tone.ERROR


def test_dst_gap_is_refused_and_says_the_clock_jumps(
    shown,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    clock.set(utc(2026, 3, 28, 12, 0))
    picker = shown(SchedulePicker(clock=clock))
    picker.set_later(datetime(2026, 3, 29, 2, 30))
    value = picker.value()
    assert isinstance(value, ScheduleProblem)
    assert value.code == "nonexistent"
    assert "clocks jump from 02:00 to 03:00" in picker.hint.text()
    assert picker.hint.tone is Tone.ERROR
    assert picker.problem_summary() == "That time does not exist: the clocks jump that night."


def test_doubled_autumn_hour_is_asked_about(
    qtbot: QtBot,
    shown,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    clock.set(utc(2026, 10, 24, 12, 0))
    # A desk without quiet hours: otherwise both 02:30s are simply held until 08:00.
    no_quiet = QuietHours(time(0, 0), time(0, 0))
    picker = shown(SchedulePicker(clock=clock, quiet_hours=no_quiet))
    picker.set_later(datetime(2026, 10, 25, 2, 30))
    assert picker.fold_box.isVisible()
    assert picker.first_radio.text() == "The first 02:30 (summer time, +02:00)"
    assert picker.second_radio.text() == "The second 02:30 (winter time, +01:00)"
    value = picker.value()
    assert isinstance(value, ScheduleProblem)
    assert value.code == "ambiguous_unanswered"
    assert picker.hint.tone is Tone.WARNING
    assert picker.problem_summary() == "Choose which 02:30 you mean."

    click(qtbot, picker.first_radio)
    assert picker.value().due_at == utc(2026, 10, 25, 0, 30)  # type: ignore[union-attr]
    click(qtbot, picker.second_radio)
    assert picker.value().due_at == utc(2026, 10, 25, 1, 30)  # type: ignore[union-attr]
    assert picker.fold_box.isVisible()  # the answer stays visible and can be changed

    picker.time_edit.setTime(QTime(3, 30))  # another time: the question goes away
    assert not picker.fold_box.isVisible()
    assert isinstance(picker.value(), ScheduleChoice)


def test_doubled_hour_inside_quiet_hours_asks_only_once_send_anyway_is_ticked(
    qtbot: QtBot,
    shown,
    clock: FakeClock,  # type: ignore[no-untyped-def]
) -> None:
    clock.set(utc(2026, 10, 24, 12, 0))
    picker = shown(SchedulePicker(clock=clock))
    picker.set_later(datetime(2026, 10, 25, 2, 30))
    assert not picker.fold_box.isVisible()  # either 02:30 waits for 08:00 (07:00 UTC)
    assert picker.value().due_at == utc(2026, 10, 25, 7, 0)  # type: ignore[union-attr]

    click(qtbot, picker.send_anyway_check)
    assert picker.fold_box.isVisible()
    assert isinstance(picker.value(), ScheduleProblem)
    click(qtbot, picker.second_radio)
    value = picker.value()
    assert isinstance(value, ScheduleChoice)
    assert value.due_at == utc(2026, 10, 25, 1, 30)
    assert value.send_anyway


def test_quiet_hours_hold_until_morning_unless_send_anyway(
    qtbot: QtBot, picker: SchedulePicker
) -> None:
    picker.set_later(datetime(2026, 3, 2, 22, 30))
    value = picker.value()
    assert isinstance(value, ScheduleChoice)
    assert value.held_by_quiet_hours
    assert value.due_at == utc(2026, 3, 3, 7, 0)  # 08:00 in Stockholm
    assert value.no_later_than == utc(2026, 3, 3, 9, 0)
    assert picker.hint.tone is Tone.WARNING
    assert "quiet hours (21:00–08:00), so it will be sent at 08:00 tomorrow" in picker.hint.text()
    assert picker.send_anyway_check.isVisible()

    click(qtbot, picker.send_anyway_check)
    value = picker.value()
    assert isinstance(value, ScheduleChoice)
    assert value.send_anyway and not value.held_by_quiet_hours
    assert value.due_at == utc(2026, 3, 2, 21, 30)
    assert "The customer may be asleep" in picker.hint.text()


def test_quiet_hours_follow_the_setting(picker: SchedulePicker) -> None:
    picker.set_quiet_hours(QuietHours(time(22, 0), time(7, 0)))
    picker.set_later(datetime(2026, 3, 2, 21, 30))
    value = picker.value()
    assert isinstance(value, ScheduleChoice)
    assert not value.held_by_quiet_hours
    assert not picker.send_anyway_check.isVisible()


def test_deadline_before_the_send_time_is_refused_and_can_be_reset(
    qtbot: QtBot,
    picker: SchedulePicker,
    type_text,  # type: ignore[no-untyped-def]
) -> None:
    click(qtbot, picker.tomorrow_button)  # 09:00 tomorrow, deadline 11:00
    assert picker.deadline_time.time() == QTime(11, 0)
    tab_in_and_type(qtbot, picker.deadline_time, "0830")
    value = picker.value()
    assert isinstance(value, ScheduleProblem)
    assert value.code == "no_later_before_due"
    assert picker.deadline_reset.isVisible()

    click(qtbot, picker.deadline_reset)
    value = picker.value()
    assert isinstance(value, ScheduleChoice)
    assert value.no_later_than == utc(2026, 3, 3, 10, 0)
    assert picker.deadline_time.time() == QTime(11, 0)


def test_a_later_deadline_typed_by_the_user_is_kept(
    qtbot: QtBot,
    picker: SchedulePicker,
    type_text,  # type: ignore[no-untyped-def]
) -> None:
    click(qtbot, picker.tomorrow_button)
    tab_in_and_type(qtbot, picker.deadline_time, "1600")
    assert picker.value().no_later_than == utc(2026, 3, 3, 15, 0)  # type: ignore[union-attr]


def test_deadline_can_be_turned_off(qtbot: QtBot, picker: SchedulePicker) -> None:
    click(qtbot, picker.deadline_check)
    value = picker.value()
    assert isinstance(value, ScheduleChoice)
    assert value.no_later_than is None


def test_zone_is_a_setting(picker: SchedulePicker) -> None:
    picker.set_zone("Europe/Helsinki")
    picker.set_later(datetime(2026, 3, 3, 9, 0))
    assert picker.value().due_at == utc(2026, 3, 3, 7, 0)  # type: ignore[union-attr]
    assert picker.zone_label.text() == "Times are in Europe/Helsinki."
