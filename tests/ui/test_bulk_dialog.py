"""The bulk dialog driven as the desk uses it: open a file, read the verdicts, click Queue.

Real SQLite files in tmp_path through the real storage layer, the real DbWorker thread, and
the conftest clock (Monday 2 March 2026, 10:00 in Stockholm).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.clock import FakeClock
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.sync.desk import USER
from desktop.ui.bulk_dialog import BulkDialog, Column, Mode
from desktop.ui.db_worker import DbWorker
from desktop.ui.messages import Tone

TypeText = Callable[[QWidget, str], None]

# Header, two good rows (lines 2 and 4) and three bad ones: a landline (3), a time that has
# passed (5) and a time nobody can read (6). Semicolons, as a Swedish Excel writes them.
MIXED_CSV = (
    "telefon;meddelande;tid\n"
    "070-123 45 67;Hej Åsa! Välkommen på tisdag kl 10.;2026-03-03 10:00\n"
    "08-123 456 78;Hej! Din tid är bokad.;2026-03-03 10:00\n"
    "0701234568;Påminnelse om din tid idag.;\n"
    "0701234569;Vi ses igår.;2026-03-01 09:00\n"
    "0701234570;Vi ses snart.;imorgon\n"
)

# Excel's "CSV UTF-8": a BOM, commas, and a message with a comma in quotes.
GOOD_CSV = (
    "\ufeffphone,message,time\n"
    '070-123 45 67,"Hej Åsa, välkommen på tisdag!",2026-03-03 10:00\n'
    "0701234568,Påminnelse om din tid idag.,\n"
    "+46701234569,Ses på onsdag!,2026-03-04 08:30\n"
)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    # A short busy timeout, so the "database locked" test does not wait five seconds.
    database = open_database(db_path, busy_timeout_ms=300)
    repo.set_setting(database, USER, "Anna")
    yield database
    database.close()


@pytest.fixture
def dialog(qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock) -> BulkDialog:
    bulk = BulkDialog(db, worker, clock=clock)
    qtbot.addWidget(bulk)
    with qtbot.waitSignal(bulk.loaded, timeout=5000):
        bulk.show()
    qtbot.waitExposed(bulk)
    return bulk


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def load(qtbot: QtBot, dialog: BulkDialog, path: Path) -> None:
    with qtbot.waitSignal(dialog.file_checked, timeout=5000):
        dialog.load_file(path)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown_rows(dialog: BulkDialog) -> list[tuple[str, str, str, str]]:
    """(line, number, time, check) as the file table shows them, top to bottom."""
    model = dialog.file_model
    return [
        tuple(  # type: ignore[misc]
            model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            for c in (Column.LINE, Column.NUMBER, Column.TIME, Column.VERDICT)
        )
        for r in range(model.rowCount(QModelIndex()))
    ]


def queued(db: Database) -> list[repo.MessageRow]:
    return repo.list_by_status(db, Status.QUEUED)


def settle(qtbot: QtBot, worker: DbWorker) -> None:
    """Wait until the database thread has nothing left to do (a click may have sent work)."""
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)


# --- a file with good and bad rows ----------------------------------------------------------


def test_each_bad_row_is_shown_first_with_its_line_and_reason_and_nothing_is_queued(
    qtbot: QtBot, dialog: BulkDialog, db: Database, worker: DbWorker, tmp_path: Path
) -> None:
    load(qtbot, dialog, write(tmp_path, "kunder.csv", MIXED_CSV))

    rows = shown_rows(dialog)
    assert [line for line, *_ in rows] == ["3", "5", "6", "2", "4"]  # bad ones first
    landline, passed, unreadable, good, now_row = rows
    assert landline[3] == (
        "Number: “08-123 456 78” is a landline number. SMS can only be sent to mobile numbers."
    )
    assert passed[3].startswith("Time: 09:00 on 2026-03-01 has already passed")
    assert unreadable[3].startswith("Time: ")
    assert "imorgon" in unreadable[3]
    assert good == ("2", "+46 70 123 45 67", "2026-03-03 10:00", "OK")
    assert now_row == ("4", "+46 70 123 45 68", "As soon as possible", "OK")
    model = dialog.file_model
    assert model.data(model.index(0, Column.LINE), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(3, Column.LINE), Qt.ItemDataRole.BackgroundRole) is None

    assert dialog.summary.text() == "2 ready, 3 need fixing."
    assert dialog.status.text().startswith("Nothing is queued until every row is OK.")
    assert "CSV UTF-8" in dialog.status.text()
    assert dialog.queue_button.text() == "Queue 5 messages"
    assert not dialog.queue_button.isEnabled()

    click(qtbot, dialog.queue_button)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, worker)
    assert queued(db) == []


def test_a_good_file_is_queued_once_in_one_batch_and_only_then_reported(
    qtbot: QtBot, dialog: BulkDialog, db: Database, worker: DbWorker, tmp_path: Path
) -> None:
    load(qtbot, dialog, write(tmp_path, "kunder.csv", GOOD_CSV))
    assert dialog.summary.text() == "All 3 messages are ready."
    assert dialog.queue_button.text() == "Queue 3 messages"
    assert dialog.queue_button.isEnabled()
    # What the outbox holds at the moment the dialog says "queued".
    in_outbox_when_reported: list[int] = []
    dialog.queued.connect(lambda _count: in_outbox_when_reported.append(len(queued(db))))

    with qtbot.waitSignal(dialog.queued, timeout=5000) as blocker:
        click(qtbot, dialog.queue_button)

    assert blocker.args == [3]
    assert in_outbox_when_reported == [3]
    assert dialog.status.text() == "Queued 3 messages. They are in the outbox now."
    assert dialog.status.tone is Tone.OK
    assert dialog.summary.isHidden()  # "3 ready" beside "Queued 3" would only confuse
    stored = sorted(queued(db), key=lambda m: m.receiver)
    assert [(m.receiver, m.body) for m in stored] == [
        ("+46701234567", "Hej Åsa, välkommen på tisdag!"),
        ("+46701234568", "Påminnelse om din tid idag."),
        ("+46701234569", "Ses på onsdag!"),
    ]
    assert [m.due_at for m in stored] == [
        datetime(2026, 3, 3, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC),  # no time: as soon as possible
        datetime(2026, 3, 4, 7, 30, tzinfo=UTC),
    ]
    assert len({m.batch_id for m in stored}) == 1 and stored[0].batch_id
    assert {m.created_by for m in stored} == {"Anna"}
    assert [e.kind for e in repo.events_for(db, stored[0].id)] == ["imported"]
    assert [r[3] for r in shown_rows(dialog)] == ["Queued"] * 3

    # The same file cannot go twice: the button is spent until another file is opened.
    assert not dialog.queue_button.isEnabled()
    click(qtbot, dialog.queue_button)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, worker)
    assert len(queued(db)) == 3


def test_a_locked_database_loses_nothing_and_says_so(
    qtbot: QtBot, dialog: BulkDialog, db: Database, db_path: Path, tmp_path: Path
) -> None:
    load(qtbot, dialog, write(tmp_path, "kunder.csv", GOOD_CSV))
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    reported: list[int] = []
    dialog.queued.connect(reported.append)
    try:
        with qtbot.waitSignal(dialog.queue_failed, timeout=5000) as failed:
            click(qtbot, dialog.queue_button)
            assert dialog.status.text() == "Saving to the outbox…"
            assert not dialog.queue_button.isEnabled()
    finally:
        blocker.rollback()
        blocker.close()

    text = failed.args[0]
    assert text.startswith("Nothing was queued: ")
    assert "locked by another program" in text
    assert text.endswith("The rows are still here; queue them again once that is sorted out.")
    assert dialog.status.text() == text
    assert dialog.status.tone is Tone.ERROR
    assert reported == []
    assert queued(db) == []
    assert len(shown_rows(dialog)) == 3

    # Once the lock is gone the same rows go in, once.
    with qtbot.waitSignal(dialog.queued, timeout=5000):
        click(qtbot, dialog.queue_button)
    assert reported == [3]
    assert len(queued(db)) == 3


def test_rows_are_checked_again_when_queued_and_a_passed_time_stops_everything(
    qtbot: QtBot,
    dialog: BulkDialog,
    db: Database,
    worker: DbWorker,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    csv = "0701234567;Din tid börjar strax.;2026-03-02 10:05\n0701234568;Hej!;\n"
    load(qtbot, dialog, write(tmp_path, "snart.csv", csv))
    assert dialog.queue_button.isEnabled()
    clock.advance(timedelta(minutes=10))  # the desk was interrupted before clicking

    click(qtbot, dialog.queue_button)
    qtbot.waitUntil(lambda: dialog.status.tone is Tone.ERROR, timeout=5000)
    settle(qtbot, worker)

    assert dialog.status.text().startswith("Nothing was queued: some rows are no longer OK")
    first = shown_rows(dialog)[0]
    assert first[0] == "1"
    assert first[3].startswith("Time: 10:05 on 2026-03-02 has already passed")
    assert not dialog.queue_button.isEnabled()
    assert queued(db) == []


# --- files that cannot be used ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "kunder.xlsx",
            b"PK\x03\x04\x14\x00\x06\x00" + bytes(64),
            "“kunder.xlsx” is not a CSV file: it looks like a spreadsheet or another kind of "
            "document. Save it from the spreadsheet as “CSV UTF-8”",
        ),
        (
            "kunder.csv",
            "0701234567;Hej Åsa!\n".encode("cp1252"),
            "“kunder.csv” is not saved as UTF-8 text, so letters such as å, ä and ö would come "
            "out wrong. Save it from the spreadsheet as “CSV UTF-8”",
        ),
        ("tom.csv", b"", "“tom.csv” cannot be used: The file is empty."),
        ("rubrik.csv", b"phone,message\n", "“rubrik.csv” cannot be used: The file has no"),
    ],
    ids=["workbook", "not-utf8", "empty", "header-only"],
)
def test_a_file_that_cannot_be_used_is_explained_by_name(
    qtbot: QtBot,
    dialog: BulkDialog,
    tmp_path: Path,
    name: str,
    content: bytes,
    expected: str,
) -> None:
    load(qtbot, dialog, write(tmp_path, name, content))

    assert dialog.file_hint.tone is Tone.ERROR
    assert dialog.file_hint.text().startswith(expected)
    assert dialog.file_model.rowCount(QModelIndex()) == 0
    assert not dialog.queue_button.isEnabled()


def test_a_missing_file_is_explained(qtbot: QtBot, dialog: BulkDialog, tmp_path: Path) -> None:
    load(qtbot, dialog, tmp_path / "borta.csv")
    assert dialog.file_hint.text().startswith("“borta.csv” could not be found.")
    assert not dialog.queue_button.isEnabled()


# --- the same text to a pasted list ---------------------------------------------------------


def test_same_text_to_a_list_checks_every_number_and_queues_each_once(
    qtbot: QtBot,
    dialog: BulkDialog,
    db: Database,
    type_text: TypeText,
) -> None:
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(Mode.LIST).center())
    assert dialog.mode() is Mode.LIST
    numbers = dialog.numbers_edit
    for i, number in enumerate(("070-123 45 67", "0701234568", "08-123 456 78", "070 123 45 67")):
        if i:
            qtbot.keyClick(numbers, Qt.Key.Key_Return)
        type_text(numbers, number)
    type_text(dialog.body_editor.edit, "Hej! Vi har stängt på fredag. Välkommen åter!")
    qtbot.waitUntil(lambda: dialog.list_model.rowCount(QModelIndex()) == 4)

    model = dialog.list_model
    first = model.data(model.index(0, Column.VERDICT), Qt.ItemDataRole.DisplayRole)
    assert model.data(model.index(0, Column.LINE), Qt.ItemDataRole.DisplayRole) == "3"
    assert first.startswith("Number: “08-123 456 78” is a landline number.")
    repeated = model.data(model.index(3, Column.VERDICT), Qt.ItemDataRole.DisplayRole)
    assert repeated == "Also on line 1: it gets the message once."
    assert dialog.summary.text() == (
        "2 ready, 1 needs fixing. 1 number is in the list twice; it gets the message once."
    )
    assert not dialog.queue_button.isEnabled()
    assert dialog.status.text().startswith("Nothing is queued until every number is OK.")

    # Take the landline out: select everything and type the list again without it.
    qtbot.keyClick(numbers, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(numbers, Qt.Key.Key_Delete)
    type_text(numbers, "070-123 45 67, 0701234568; 070 123 45 67")
    qtbot.waitUntil(dialog.queue_button.isEnabled)
    assert dialog.queue_button.text() == "Queue 2 messages"
    click(qtbot, dialog.schedule_picker.tomorrow_button)

    with qtbot.waitSignal(dialog.queued, timeout=5000) as blocker:
        click(qtbot, dialog.queue_button)

    assert blocker.args == [2]
    stored = sorted(queued(db), key=lambda m: m.receiver)
    assert [m.receiver for m in stored] == ["+46701234567", "+46701234568"]
    assert {m.body for m in stored} == {"Hej! Vi har stängt på fredag. Välkommen åter!"}
    assert {m.due_at for m in stored} == {datetime(2026, 3, 3, 8, 0, tzinfo=UTC)}
    assert len({m.batch_id for m in stored}) == 1
    assert [e.kind for e in repo.events_for(db, stored[0].id)] == ["queued"]
    assert numbers.toPlainText() == ""  # done: a second click has nothing to queue
    assert dialog.status.text() == "Queued 2 messages. They are in the outbox now."
    assert not dialog.queue_button.isEnabled()


def test_the_list_waits_for_a_message(
    qtbot: QtBot, dialog: BulkDialog, type_text: TypeText
) -> None:
    dialog.tabs.setCurrentIndex(Mode.LIST)
    type_text(dialog.numbers_edit, "070-123 45 67")
    qtbot.waitUntil(lambda: dialog.summary.text() == "1 message is ready.")
    assert not dialog.queue_button.isEnabled()
    assert dialog.status.text() == dialog.body_editor.problem_summary()


# --- Swedish ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("swedish")
def test_verdicts_and_advice_in_swedish(qtbot: QtBot, dialog: BulkDialog, tmp_path: Path) -> None:
    load(qtbot, dialog, write(tmp_path, "kunder.csv", MIXED_CSV))
    assert dialog.summary.text() == "2 OK, 3 behöver rättas."
    assert dialog.queue_button.text() == "Lägg 5 meddelanden i kö"
    assert shown_rows(dialog)[0][3] == (
        "Nummer: ”08-123 456 78” är ett fast telefonnummer. Sms kan bara skickas till mobilnummer."
    )
    assert shown_rows(dialog)[3][3] == "OK"
    assert dialog.status.text().startswith("Inget läggs i kö förrän alla rader är OK.")
