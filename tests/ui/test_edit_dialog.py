"""Editing a queued message as the desk does it: change the text and time, press Save.

Real SQLite files in tmp_path through the real storage layer and the real DbWorker thread;
the engine's claim is the repository's own ``claim_due``, called as the engine calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.clock import FakeClock
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.sync.desk import USER
from desktop.ui.db_worker import DbWorker
from desktop.ui.edit_dialog import EditMessageDialog
from desktop.ui.messages import Tone

TypeText = Callable[[QWidget, str], None]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the conftest clock: Monday 10:00 in Stockholm
TUESDAY_TEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
BODY = "Hej! Välkommen till Salong Lina tisdag kl 10."


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "outbox.sqlite3")
    repo.set_setting(database, USER, "Anna")
    yield database
    database.close()


def enqueue(db: Database, due_at: datetime, **extra: object) -> int:
    row = repo.enqueue(
        db,
        repo.NewMessage(
            receiver="+46701234567",
            body=BODY,
            due_at=due_at,
            no_later_than=due_at + timedelta(hours=2),
            created_by="Bo",
            **extra,  # type: ignore[arg-type]
        ),
        now=NOW - timedelta(hours=1),
    )
    return row.id


@pytest.fixture
def open_dialog(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> Callable[[int], EditMessageDialog]:
    def _open(message_id: int) -> EditMessageDialog:
        dialog = EditMessageDialog(db, worker, message_id, clock=clock)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=5000):
            dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return _open


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def retype_body(qtbot: QtBot, type_text: TypeText, dialog: EditMessageDialog, text: str) -> None:
    assert dialog.composer is not None
    edit = dialog.composer.body_editor.edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def test_the_message_is_shown_as_stored_with_a_save_button(
    open_dialog: Callable[[int], EditMessageDialog], db: Database
) -> None:
    dialog = open_dialog(enqueue(db, TUESDAY_TEN))
    composer = dialog.composer
    assert composer is not None
    assert composer.queue_button.text() == "Save changes"
    assert composer.receiver_field.text() == "+46 70 123 45 67"
    assert composer.body_editor.text() == BODY
    picker = composer.schedule_picker
    assert picker.later_radio.isChecked()
    assert picker.date_edit.date() == QDate(2026, 3, 3)
    assert picker.time_edit.time() == QTime(10, 0)
    assert composer.can_submit()
    assert dialog.heading.text().startswith("Message 1: Scheduled, created 2026-03-02 09:00 by Bo")


def test_saving_changes_the_text_and_time_and_records_who_edited(
    qtbot: QtBot,
    open_dialog: Callable[[int], EditMessageDialog],
    db: Database,
    type_text: TypeText,
) -> None:
    message_id = enqueue(db, TUESDAY_TEN)
    dialog = open_dialog(message_id)
    assert dialog.composer is not None
    retype_body(qtbot, type_text, dialog, "Hej! Din tid är flyttad till tisdag kl 09.")
    click(qtbot, dialog.composer.schedule_picker.tomorrow_button)  # Tuesday 09:00
    qtbot.waitUntil(dialog.composer.can_submit)

    with qtbot.waitSignal(dialog.saved, timeout=5000) as blocker:
        click(qtbot, dialog.composer.queue_button)

    assert blocker.args == [message_id]
    assert not dialog.isVisible()
    row = repo.get(db, message_id)
    assert row is not None
    assert row.body == "Hej! Din tid är flyttad till tisdag kl 09."
    assert row.due_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert row.status is Status.QUEUED
    last = repo.events_for(db, message_id)[-1]
    assert (last.kind, last.actor) == ("edited", "Anna")
    assert "body" in last.detail and "due time" in last.detail


def test_a_message_claimed_meanwhile_is_refused_with_the_reason_and_left_alone(
    qtbot: QtBot,
    open_dialog: Callable[[int], EditMessageDialog],
    db: Database,
    worker: DbWorker,
    type_text: TypeText,
) -> None:
    message_id = enqueue(db, NOW)  # due now: the engine may take it any second
    dialog = open_dialog(message_id)
    assert dialog.composer is not None
    assert dialog.composer.schedule_picker.now_radio.isChecked()
    assert dialog.banner.text().startswith("Its send time (2026-03-02 10:00) has passed")
    assert dialog.banner.tone is Tone.WARNING
    retype_body(qtbot, type_text, dialog, "Ny text som aldrig sparas.")
    qtbot.waitUntil(dialog.composer.can_submit)
    saved: list[int] = []
    dialog.saved.connect(saved.append)
    assert [m.id for m in repo.claim_due(db, now=NOW, limit=10)] == [message_id]

    with qtbot.waitSignal(dialog.refused, timeout=5000):
        click(qtbot, dialog.composer.queue_button)

    assert dialog.banner.tone is Tone.ERROR
    assert dialog.banner.text() == (
        "This message can no longer be changed: it is now “Sending”. "
        "Being handed to BokaMera right now."
    )
    assert dialog.isVisible()
    assert not dialog.can_save()
    assert dialog.composer.queue_button.isHidden()
    assert dialog.close_button.text() == "Close"
    assert dialog.close_button.isVisible() and dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.heading.text().startswith("Message 1: Sending,"))
    assert saved == []
    row = repo.get(db, message_id)
    assert row is not None
    assert (row.status, row.body) == (Status.SENDING, BODY)
    assert "edited" not in [e.kind for e in repo.events_for(db, message_id)]


def test_a_message_that_has_gone_cannot_be_edited(
    open_dialog: Callable[[int], EditMessageDialog], db: Database
) -> None:
    message_id = enqueue(db, TUESDAY_TEN)
    repo.cancel(db, message_id, actor="Bo", now=NOW)
    dialog = open_dialog(message_id)
    assert dialog.banner.tone is Tone.ERROR
    assert dialog.banner.text().startswith("This message can no longer be changed: it is now")
    assert not dialog.can_save()


def test_two_numbers_are_refused_with_the_way_forward(
    qtbot: QtBot,
    open_dialog: Callable[[int], EditMessageDialog],
    db: Database,
    worker: DbWorker,
    type_text: TypeText,
) -> None:
    message_id = enqueue(db, TUESDAY_TEN)
    dialog = open_dialog(message_id)
    assert dialog.composer is not None
    type_text(dialog.composer.receiver_field.edit, ", 0701234568")
    dialog.composer.receiver_field.edit.clearFocus()
    qtbot.waitUntil(dialog.composer.can_submit)

    click(qtbot, dialog.composer.queue_button)

    assert dialog.composer.status.text().startswith("A message goes to one number.")
    qtbot.waitUntil(lambda: not worker.busy)
    row = repo.get(db, message_id)
    assert row is not None and row.receiver == "+46701234567"


@pytest.mark.usefixtures("swedish")
def test_edit_dialog_in_swedish(
    open_dialog: Callable[[int], EditMessageDialog], db: Database
) -> None:
    dialog = open_dialog(enqueue(db, TUESDAY_TEN))
    assert dialog.composer is not None
    assert dialog.composer.queue_button.text() == "Spara ändringar"
    assert dialog.close_button.text() == "Avbryt"
    assert dialog.windowTitle() == "Ändra meddelande"
