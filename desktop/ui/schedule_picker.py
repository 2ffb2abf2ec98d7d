"""When a message goes: now or later, picked on the desk's wall clock, checked in plain words.

Every rule comes from ``desktop.domain.timerules``: a time in the past or in the spring DST
gap is refused, a time that happens twice in autumn is asked about, quiet hours hold the
message until they end unless the user ticks "send anyway", and "send no later than"
defaults to the send time plus the grace period (DESIGN.md invariants 4 and 5).
The picker asks the injected Clock for "now", so tests decide what time it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QLocale, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import Clock, SystemClock
from desktop.domain.errors import DomainError
from desktop.domain.timerules import (
    DEFAULT_GRACE,
    DEFAULT_ZONE,
    InvalidTime,
    QuietHours,
    check_no_later_than,
    default_no_later_than,
    is_ambiguous,
    load_zone,
    local_to_utc,
    resolve_due,
    utc_to_local,
)
from desktop.ui.messages import HintLabel, Tone, describe

_MORNING = time(9, 0)  # what "tomorrow 09:00" and "next weekday 09:00" mean
_REFRESH_MS = 30_000  # re-check "in the past" while the window sits open


@dataclass(frozen=True)
class ScheduleChoice:
    """A usable answer: UTC instants plus what the user saw, for the composer."""

    due_at: datetime  # aware UTC; already moved past quiet hours unless send_anyway
    no_later_than: datetime | None  # aware UTC, or None when the user turned it off
    send_anyway: bool
    send_now: bool
    held_by_quiet_hours: bool  # True when due_at was moved to the end of quiet hours


@dataclass(frozen=True)
class ScheduleProblem:
    """Why the picked time cannot be used, in the user's language."""

    code: str  # the domain's code ("in_past", "nonexistent", ...) or "ambiguous_unanswered"
    message: str


def _hm(value: datetime | time | QTime) -> str:
    if isinstance(value, QTime):
        return f"{value.hour():02d}:{value.minute():02d}"
    return f"{value.hour:02d}:{value.minute:02d}"


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _wall(date_edit: QDateEdit, time_edit: QTimeEdit) -> datetime:
    """The naive wall time shown in a date and a time box (never through the OS zone)."""
    qdate, qtime = date_edit.date(), time_edit.time()
    return datetime(qdate.year(), qdate.month(), qdate.day(), qtime.hour(), qtime.minute())


def _offset_text(local: datetime) -> str:
    minutes = int((local.utcoffset() or timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


class SchedulePicker(QWidget):
    """Now / later picker with quick choices, a deadline and plain warnings.

    Signals: ``changed()`` whenever the answer may have changed. Methods: ``value()``,
    ``problem()``, ``set_now()``, ``set_later()``, ``set_zone()``, ``set_quiet_hours()``,
    ``set_grace()``, ``choose_fold()``, ``refresh()``.
    """

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        zone: str = DEFAULT_ZONE,
        grace: timedelta = DEFAULT_GRACE,
        quiet_hours: QuietHours | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock: Clock = clock or SystemClock()
        self._zone: ZoneInfo = load_zone(zone)
        self._grace = grace
        self._quiet = quiet_hours if quiet_hours is not None else QuietHours()
        self._deadline_pinned = False  # the user typed their own "no later than"
        self._updating = False  # programmatic changes must not look like user edits
        self._value: ScheduleChoice | ScheduleProblem | None = None

        # Row 1: now or later.
        self.now_radio = QRadioButton(self)
        self.now_radio.setObjectName("nowRadio")
        self.later_radio = QRadioButton(self)
        self.later_radio.setObjectName("laterRadio")
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.now_radio)
        self._mode.addButton(self.later_radio)
        self.now_radio.setChecked(True)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("dueDate")
        self.date_edit.setCalendarPopup(True)
        self.time_edit = QTimeEdit(self)
        self.time_edit.setObjectName("dueTime")
        self.time_edit.setDisplayFormat("HH:mm")
        row_when = QHBoxLayout()
        row_when.setContentsMargins(0, 0, 0, 0)
        row_when.addWidget(self.now_radio)
        row_when.addSpacing(12)
        row_when.addWidget(self.later_radio)
        row_when.addWidget(self.date_edit)
        row_when.addWidget(self.time_edit)
        row_when.addStretch(1)

        # Row 2: quick choices.
        self.in_hour_button = QPushButton(self)
        self.in_hour_button.setObjectName("inOneHour")
        self.tomorrow_button = QPushButton(self)
        self.tomorrow_button.setObjectName("tomorrowMorning")
        self.weekday_button = QPushButton(self)
        self.weekday_button.setObjectName("nextWeekdayMorning")
        row_quick = QHBoxLayout()
        row_quick.setContentsMargins(0, 0, 0, 0)
        for button in (self.in_hour_button, self.tomorrow_button, self.weekday_button):
            button.setAutoDefault(False)
            row_quick.addWidget(button)
        row_quick.addStretch(1)

        self.zone_label = QLabel(self)
        self.zone_label.setObjectName("zoneLabel")
        self.zone_label.setStyleSheet("color: #4a5560;")

        # Row 3: the deadline.
        self.deadline_check = QCheckBox(self)
        self.deadline_check.setObjectName("deadlineCheck")
        self.deadline_check.setChecked(True)
        self.deadline_date = QDateEdit(self)
        self.deadline_date.setObjectName("deadlineDate")
        self.deadline_date.setCalendarPopup(True)
        self.deadline_time = QTimeEdit(self)
        self.deadline_time.setObjectName("deadlineTime")
        self.deadline_time.setDisplayFormat("HH:mm")
        self.deadline_reset = QToolButton(self)
        self.deadline_reset.setObjectName("deadlineReset")
        self.deadline_reset.setVisible(False)
        row_deadline = QHBoxLayout()
        row_deadline.setContentsMargins(0, 0, 0, 0)
        row_deadline.addWidget(self.deadline_check)
        row_deadline.addWidget(self.deadline_date)
        row_deadline.addWidget(self.deadline_time)
        row_deadline.addWidget(self.deadline_reset)
        row_deadline.addStretch(1)

        # Answers to the warnings.
        self.hint = HintLabel(self)
        self.hint.setObjectName("scheduleHint")
        self.first_radio = QRadioButton(self)
        self.first_radio.setObjectName("firstFold")
        self.second_radio = QRadioButton(self)
        self.second_radio.setObjectName("secondFold")
        self._fold_group = QButtonGroup(self)
        self._fold_group.addButton(self.first_radio, 0)
        self._fold_group.addButton(self.second_radio, 1)
        self.fold_box = QWidget(self)
        fold_layout = QVBoxLayout(self.fold_box)
        fold_layout.setContentsMargins(12, 0, 0, 0)
        fold_layout.setSpacing(2)
        for radio in (self.first_radio, self.second_radio):
            radio.setParent(self.fold_box)
            fold_layout.addWidget(radio)
        self.fold_box.hide()
        self.send_anyway_check = QCheckBox(self)
        self.send_anyway_check.setObjectName("sendAnyway")
        self.send_anyway_check.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row_when)
        layout.addLayout(row_quick)
        layout.addWidget(self.zone_label)
        layout.addLayout(row_deadline)
        layout.addWidget(self.hint)
        layout.addWidget(self.fold_box)
        layout.addWidget(self.send_anyway_check)

        self._mode.buttonToggled.connect(self._on_mode_toggled)
        self.date_edit.dateChanged.connect(self._on_due_edited)
        self.time_edit.timeChanged.connect(self._on_due_edited)
        self.in_hour_button.clicked.connect(self._in_one_hour)
        self.tomorrow_button.clicked.connect(self._tomorrow_morning)
        self.weekday_button.clicked.connect(self._next_weekday_morning)
        self.deadline_check.toggled.connect(self._on_deadline_toggled)
        self.deadline_date.dateChanged.connect(self._on_deadline_edited)
        self.deadline_time.timeChanged.connect(self._on_deadline_edited)
        self.deadline_reset.clicked.connect(self._unpin_deadline)
        self._fold_group.idToggled.connect(self._on_fold_toggled)
        self.send_anyway_check.toggled.connect(lambda _checked: self._evaluate())

        self._timer = QTimer(self)
        self._timer.setInterval(_REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

        self._set_due_boxes(self._round_up(self._local_now() + timedelta(hours=1)))
        self._retranslate()
        self._evaluate()

    # --- public API -----------------------------------------------------------------------

    def value(self) -> ScheduleChoice | ScheduleProblem:
        """The answer as of now (``Now`` is read from the clock at this moment)."""
        self._evaluate()
        assert self._value is not None
        return self._value

    def problem(self) -> str | None:
        """Why the picked time cannot be used, or None; as last evaluated."""
        return self._value.message if isinstance(self._value, ScheduleProblem) else None

    def problem_summary(self) -> str | None:
        """A short pointer to the problem, for beside the Queue button."""
        if not isinstance(self._value, ScheduleProblem):
            return None
        code = self._value.code
        if code == "in_past":
            return self.tr("The send time has already passed.")
        if code == "nonexistent":
            return self.tr("That time does not exist: the clocks jump that night.")
        if code == "ambiguous_unanswered":
            return self.tr("Choose which {time} you mean.").format(time=_hm(self.time_edit.time()))
        if code == "no_later_before_due":
            return self.tr("“Send no later than” is before the send time.")
        return self._value.message

    def zone(self) -> ZoneInfo:
        return self._zone

    def set_now(self) -> None:
        self.now_radio.setChecked(True)

    def set_later(self, local: datetime, *, fold: int | None = None) -> None:
        """Pick ``local`` (naive wall time at the desk); ``fold`` answers a doubled hour."""
        if local.tzinfo is not None:
            raise ValueError("set_later takes a naive wall time at the desk")
        self._updating = True
        try:
            self.later_radio.setChecked(True)
            self._set_due_boxes(local)
            self._set_fold(fold)
        finally:
            self._updating = False
        self._evaluate()

    def choose_fold(self, fold: int | None) -> None:
        """Answer "which 02:30?" for a doubled autumn hour (0 = first, 1 = second)."""
        self._set_fold(fold)
        self._evaluate()

    def set_zone(self, name: str) -> None:
        """The desk's zone (a setting); raises InvalidTime for an unknown name."""
        self._zone = load_zone(name)
        self._retranslate()
        self._evaluate()

    def set_quiet_hours(self, quiet_hours: QuietHours) -> None:
        self._quiet = quiet_hours
        self._evaluate()

    def set_grace(self, grace: timedelta) -> None:
        self._grace = grace
        self._retranslate()
        self._evaluate()

    def refresh(self) -> None:
        """Re-check against the clock (time passes while the window sits open)."""
        self._evaluate()

    # --- translation ----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._evaluate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.now_radio.setText(self.tr("Send now"))
        self.later_radio.setText(self.tr("Later:"))
        for box in (self.date_edit, self.deadline_date):
            # Weekday names follow the language chosen in i18n (QLocale.setDefault).
            box.setLocale(QLocale())
            box.setDisplayFormat("ddd yyyy-MM-dd")
        self.date_edit.setAccessibleName(self.tr("Send date"))
        self.time_edit.setAccessibleName(self.tr("Send time"))
        self.in_hour_button.setText(self.tr("In 1 hour"))
        self.tomorrow_button.setText(self.tr("Tomorrow 09:00"))
        self.weekday_button.setText(self.tr("Next weekday 09:00"))
        self.deadline_check.setText(self.tr("Send no later than"))
        self.deadline_check.setToolTip(
            self.tr(
                "If the message cannot go out by then (the network was down, the computer "
                "was off), it is not sent late: it is shown as missed instead."
            )
        )
        hours = self._grace.total_seconds() / 3600
        grace = f"{hours:g}"
        self.deadline_reset.setText(self.tr("Reset to {hours} h after").format(hours=grace))
        self.deadline_date.setAccessibleName(self.tr("Send no later than, date"))
        self.deadline_time.setAccessibleName(self.tr("Send no later than, time"))
        self.send_anyway_check.setText(self.tr("Send anyway during quiet hours"))
        self.zone_label.setText(self.tr("Times are in {zone}.").format(zone=self._zone_name()))

    def _zone_name(self) -> str:
        return self._zone.key.replace("_", " ")

    # --- the user's moves -----------------------------------------------------------------

    def _on_mode_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._evaluate()

    def _on_due_edited(self) -> None:
        if self._updating:
            return
        # Touching the date or time means "later"; a new time needs a new fold answer.
        self._updating = True
        try:
            self.later_radio.setChecked(True)
            self._set_fold(None)
        finally:
            self._updating = False
        self._evaluate()

    def _on_deadline_edited(self) -> None:
        if self._updating:
            return
        self._deadline_pinned = True
        self._evaluate()

    def _on_deadline_toggled(self, _checked: bool) -> None:
        self._evaluate()

    def _unpin_deadline(self) -> None:
        self._deadline_pinned = False
        self._evaluate()

    def _on_fold_toggled(self, _id: int, checked: bool) -> None:
        if checked and not self._updating:
            self._evaluate()

    def _quick(self, instant: datetime) -> None:
        """Set Later to an instant; the fold follows from the instant, so nothing to ask."""
        local = utc_to_local(instant, self._zone)
        self._deadline_pinned = False  # a quick choice starts the times over
        self.set_later(local.replace(tzinfo=None), fold=local.fold)

    def _in_one_hour(self) -> None:
        # Whole minutes, rounded up, so "in 1 hour" is never a minute short.
        target = self._clock.now().astimezone(UTC) + timedelta(hours=1)
        if target.second or target.microsecond:
            target = target.replace(second=0, microsecond=0) + timedelta(minutes=1)
        self._quick(target)

    def _tomorrow_morning(self) -> None:
        day = self._local_now().date() + timedelta(days=1)
        self._quick_wall(datetime.combine(day, _MORNING))

    def _next_weekday_morning(self) -> None:
        day = self._local_now().date() + timedelta(days=1)
        while day.weekday() >= 5:  # Saturday, Sunday
            day += timedelta(days=1)
        self._quick_wall(datetime.combine(day, _MORNING))

    def _quick_wall(self, local: datetime) -> None:
        self._deadline_pinned = False
        self.set_later(local)

    # --- helpers --------------------------------------------------------------------------

    def _local_now(self) -> datetime:
        return utc_to_local(self._clock.now(), self._zone).replace(tzinfo=None)

    @staticmethod
    def _round_up(local: datetime, minutes: int = 5) -> datetime:
        base = local.replace(second=0, microsecond=0)
        extra = (-base.minute) % minutes
        if extra == 0 and (local.second or local.microsecond):
            extra = minutes
        return base + timedelta(minutes=extra)

    def _set_due_boxes(self, local: datetime) -> None:
        was = self._updating
        self._updating = True
        try:
            self.date_edit.setDate(_to_qdate(local.date()))
            self.time_edit.setTime(_to_qtime(local.time()))
        finally:
            self._updating = was

    def _set_deadline_boxes(self, local: datetime) -> None:
        was = self._updating
        self._updating = True
        try:
            self.deadline_date.setDate(_to_qdate(local.date()))
            self.deadline_time.setTime(_to_qtime(local.time()))
        finally:
            self._updating = was

    def _set_fold(self, fold: int | None) -> None:
        was = self._updating
        self._updating = True
        try:
            # An exclusive group cannot be emptied by unchecking; lift it for a moment.
            self._fold_group.setExclusive(False)
            self.first_radio.setChecked(fold == 0)
            self.second_radio.setChecked(fold == 1)
            self._fold_group.setExclusive(True)
        finally:
            self._updating = was

    def _fold(self) -> int | None:
        chosen = self._fold_group.checkedId()
        return chosen if chosen in (0, 1) else None

    def _when_text(self, instant: datetime) -> str:
        local = utc_to_local(instant, self._zone)
        today = self._local_now().date()
        if local.date() == today:
            return self.tr("{time} today").format(time=_hm(local))
        if local.date() == today + timedelta(days=1):
            return self.tr("{time} tomorrow").format(time=_hm(local))
        return self.tr("{time} on {date}").format(time=_hm(local), date=local.date().isoformat())

    # --- the verdict ----------------------------------------------------------------------

    def _evaluate(self) -> None:
        send_now = self.now_radio.isChecked()
        for box in (self.date_edit, self.time_edit):
            # Dimmed, not disabled: clicking into them is how one says "later".
            box.setStyleSheet("color: #8a949e;" if send_now else "")
        self.fold_box.hide()
        value = self._decide(send_now)
        # Without a usable send time the deadline shown is stale: dim it rather than let
        # it be read as the answer.
        stale = isinstance(value, ScheduleProblem) and not self._deadline_pinned
        for box in (self.deadline_date, self.deadline_time):
            box.setStyleSheet("color: #8a949e;" if stale else "")
        self._value = value
        self._show(value)
        self.changed.emit()

    def _decide(self, send_now: bool) -> ScheduleChoice | ScheduleProblem:
        now = self._clock.now().astimezone(UTC)
        local: datetime | None = None if send_now else _wall(self.date_edit, self.time_edit)
        fold = self._fold()
        if local is not None and is_ambiguous(local, self._zone):
            if fold is None and self._same_either_way(local):
                fold = 0  # both readings are held to the same morning: nothing to ask
            else:
                self._show_fold_question(local)
        try:
            due = resolve_due(local, self._zone, now=now, fold=fold)
        except InvalidTime as error:
            code = error.code
            if code == "ambiguous":
                code = "ambiguous_unanswered"
            return ScheduleProblem(code, describe(error))

        send_anyway = self.send_anyway_check.isChecked()
        quiet = self._quiet.contains(due, self._zone)
        held = quiet and not send_anyway
        self.send_anyway_check.setVisible(quiet)
        effective = self._quiet.next_allowed(due, self._zone) if held else due

        deadline: datetime | None = None
        if self.deadline_check.isChecked():
            try:
                deadline = self._deadline(effective)
                check_no_later_than(effective, deadline, zone=self._zone)
            except DomainError as error:
                return ScheduleProblem(error.code, describe(error))
        return ScheduleChoice(
            due_at=effective,
            no_later_than=deadline,
            send_anyway=quiet and send_anyway,
            send_now=send_now,
            held_by_quiet_hours=held,
        )

    def _same_either_way(self, local: datetime) -> bool:
        """True when quiet hours hold both readings of a doubled time to the same instant."""
        if self.send_anyway_check.isChecked():
            return False
        readings = [local_to_utc(local, self._zone, fold=fold) for fold in (0, 1)]
        if not all(self._quiet.contains(reading, self._zone) for reading in readings):
            return False
        first, second = (self._quiet.next_allowed(r, self._zone) for r in readings)
        return first == second

    def _deadline(self, due: datetime) -> datetime:
        self.deadline_reset.setVisible(self._deadline_pinned)
        if not self._deadline_pinned:
            deadline = default_no_later_than(due, self._grace)
            self._set_deadline_boxes(utc_to_local(deadline, self._zone).replace(tzinfo=None))
            return deadline
        local = _wall(self.deadline_date, self.deadline_time)
        try:
            return local_to_utc(local, self._zone)
        except InvalidTime as error:
            if error.code != "ambiguous":
                raise
            # A doubled deadline hour: take the later one, so our choice never makes a
            # message expire before the time the user meant.
            return local_to_utc(local, self._zone, fold=1)

    def _show_fold_question(self, local: datetime) -> None:
        first = local.replace(tzinfo=self._zone, fold=0)
        second = local.replace(tzinfo=self._zone, fold=1)
        self.first_radio.setText(self._fold_label(first, first=True))
        self.second_radio.setText(self._fold_label(second, first=False))
        self.fold_box.show()

    def _fold_label(self, local: datetime, *, first: bool) -> str:
        summer = bool(local.dst())
        if first:
            text = (
                self.tr("The first {time} (summer time, {offset})")
                if summer
                else self.tr("The first {time} (before the clocks go back, {offset})")
            )
        else:
            text = (
                self.tr("The second {time} (winter time, {offset})")
                if not summer
                else self.tr("The second {time} (after the clocks go back, {offset})")
            )
        return text.format(time=_hm(local), offset=_offset_text(local))

    def _show(self, value: ScheduleChoice | ScheduleProblem) -> None:
        if isinstance(value, ScheduleProblem):
            if value.code == "ambiguous_unanswered":
                self.hint.show_hint(value.message, Tone.WARNING)
            else:
                self.hint.show_hint(value.message, Tone.ERROR)
                self.send_anyway_check.hide()
            return
        start, end = _hm(self._quiet.start), _hm(self._quiet.end)
        if value.held_by_quiet_hours:
            self.hint.show_hint(
                self.tr(
                    "That is within quiet hours ({start}–{end}), so it will be sent at {when}. "
                    "Tick “Send anyway” only if it cannot wait."
                ).format(start=start, end=end, when=self._when_text(value.due_at)),
                Tone.WARNING,
            )
        elif value.send_anyway:
            self.hint.show_hint(
                self.tr(
                    "It will be sent at {when}, during quiet hours ({start}–{end}). "
                    "The customer may be asleep."
                ).format(start=start, end=end, when=self._when_text(value.due_at)),
                Tone.WARNING,
            )
        elif value.send_now:
            self.hint.show_hint(self.tr("It will be sent as soon as possible."), Tone.NEUTRAL)
        else:
            self.hint.show_hint(
                self.tr("It will be sent at {when}.").format(when=self._when_text(value.due_at)),
                Tone.NEUTRAL,
            )
