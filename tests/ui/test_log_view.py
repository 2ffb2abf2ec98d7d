"""LogView driven as the desk uses it: scrolling, searching, filtering, right-clicking."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import log_fixtures
from log_fixtures import (
    EXPIRED_RECEIVER,
    FAILED_RECEIVER,
    NOW,
    STOCKHOLM,
    TOTAL,
    Seeded,
    enqueue_now,
)
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.domain.clock import FakeClock
from desktop.domain.status import NEEDS_ATTENTION, Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import PAGE_SIZE, Column
from desktop.ui.log_view import LogView

clock, db, empty_db, seeded, seeded_template, worker = (
    log_fixtures.clock,
    log_fixtures.db,
    log_fixtures.empty_db,
    log_fixtures.seeded,
    log_fixtures.seeded_template,
    log_fixtures.worker,
)

W = TypeVar("W", bound=QWidget)
WAIT_MS = 10_000
SHOTS = Path("/tmp/sms-desk-shots")
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def make_view(qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock) -> LogView:
    view = LogView(db, worker, zone=STOCKHOLM, clock=clock)
    view.setLocale(ENGLISH)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot, view)
    return view


def settle(qtbot: QtBot, view: LogView) -> None:
    qtbot.waitUntil(
        lambda: view.model.total() is not None and not view.model.is_loading(), timeout=WAIT_MS
    )


def row_of(view: LogView, message_id: int) -> int:
    row = view.model.row_for_id(message_id)
    assert row is not None, f"message {message_id} is not loaded"
    return row


def child(view: QWidget, kind: type[W], name: str) -> W:
    found = view.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def top_visible_id(view: LogView) -> int:
    return view.model.row_message(view.table.rowAt(0)).id


def right_click(qtbot: QtBot, view: LogView, row: int) -> QMenu:
    view.table.scrollTo(view.model.index(row, 0))
    pos = view.table.visualRect(view.model.index(row, Column.RECEIVER)).center()
    viewport = view.table.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: view.context_menu() is not None and view.context_menu().isVisible())
    menu = view.context_menu()
    assert menu is not None
    return menu


def action(menu: QMenu, name: str) -> QAction:
    found = [a for a in menu.actions() if a.objectName() == name]
    assert found, f"no action {name!r}"
    return found[0]


def click_action(qtbot: QtBot, menu: QMenu, name: str) -> None:
    qtbot.mouseClick(
        menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action(menu, name)).center()
    )


# --- paging and the count ------------------------------------------------------------------


def test_ten_thousand_messages_load_one_page_and_the_count_says_so(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    qtbot.waitUntil(lambda: view.count_text() == "1–100 of 10,000", timeout=WAIT_MS)
    # The viewport is full; the view does not ask for more until the user scrolls.
    with qtbot.assertNotEmitted(view.model.pageLoaded, wait=200):
        pass
    assert view.model.rowCount() == PAGE_SIZE
    assert not view.table.isSortingEnabled()

    SHOTS.mkdir(exist_ok=True)
    shot = view.grab()
    assert not shot.isNull() and shot.width() == 1280
    assert shot.save(str(SHOTS / "log_view.png"))


def test_a_growing_count_does_not_widen_the_view(
    qtbot: QtBot, empty_db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    # On a window at its minimum width, a wider filter bar resized the whole window.
    view = make_view(qtbot, empty_db, worker, clock)
    assert view.count_text() == "No messages"
    narrow = view.minimumSizeHint().width()
    repo.enqueue_many(
        empty_db,
        [
            repo.NewMessage(
                receiver=f"+4670{2_000_000 + i:07d}",
                body=f"Påminnelse {i}",
                due_at=clock.now() + timedelta(days=1),
                no_later_than=None,
                created_by="Anna",
            )
            for i in range(12_345)
        ],
        now=clock.now(),
    )
    view.refresh()
    qtbot.waitUntil(lambda: view.count_text() == "1–100 of 12,345", timeout=WAIT_MS)
    assert view.minimumSizeHint().width() == narrow


def test_scrolling_to_the_end_fetches_the_next_page(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 * PAGE_SIZE, timeout=WAIT_MS)
    settle(qtbot, view)
    assert view.count_text() == "1–200 of 10,000"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3 * PAGE_SIZE, timeout=WAIT_MS)
    assert view.model.rowCount() < TOTAL


# --- filters ---------------------------------------------------------------------------------


def test_typing_a_number_searches_after_a_pause_with_one_query(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    search = child(view, QLineEdit, "search")

    qtbot.keyClicks(search, "070-111 00 01")
    # Nothing is searched while typing...
    assert view.model.filter().receiver is None
    assert resets == []
    # ...and once the typing pauses, the number is searched in the stored E.164 form.
    qtbot.waitUntil(lambda: view.model.filter().receiver == FAILED_RECEIVER, timeout=WAIT_MS)
    settle(qtbot, view)
    assert resets == [1]
    assert [view.model.row_message(r).receiver for r in range(view.model.rowCount())] == [
        FAILED_RECEIVER
    ]
    assert view.count_text() == "1–1 of 1"


def test_part_of_a_number_and_words_from_the_text_find_their_messages(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    search = child(view, QLineEdit, "search")
    qtbot.keyClicks(search, "0702220")
    qtbot.waitUntil(lambda: view.model.filter().receiver == "702220", timeout=WAIT_MS)
    settle(qtbot, view)
    receivers = [view.model.row_message(r).receiver for r in range(view.model.rowCount())]
    # The recent batch went to +46 70 222 00 02 ... 29.
    assert sorted(receivers) == [f"+467022200{i:02d}" for i in range(2, 30)]

    search.clear()
    qtbot.keyClicks(search, "Salong Lina")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # Enter searches at once
    assert view.model.filter().text == "Salong Lina"
    assert view.model.filter().receiver is None
    settle(qtbot, view)
    expected = repo.log_count(db, repo.LogFilter(text="salong lina"))
    assert view.model.total() == expected > 0
    assert all(
        "Salong Lina" in view.model.row_message(r).body for r in range(view.model.rowCount())
    )


def test_needs_attention_shows_failed_missed_and_unchecked(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    combo = child(view, QComboBox, "statusFilter")
    combo.setCurrentIndex(combo.findText("Needs attention"))
    qtbot.waitUntil(lambda: view.model.total() == 8, timeout=WAIT_MS)
    settle(qtbot, view)
    statuses = {view.model.row_message(r).status for r in range(view.model.rowCount())}
    assert statuses == set(NEEDS_ATTENTION)
    assert view.count_text() == "1–8 of 8"

    combo.setCurrentIndex(combo.findText("Cancelled"))
    qtbot.waitUntil(lambda: view.model.total() == 2, timeout=WAIT_MS)


def test_the_period_filter_uses_whole_days_at_the_desk(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    period = child(view, QComboBox, "periodFilter")
    date_from = child(view, QDateEdit, "dateFrom")
    date_to = child(view, QDateEdit, "dateTo")
    period.setCurrentIndex(period.findText("Today"))
    settle(qtbot, view)
    # Today in Stockholm is 2 March: 23:00 UTC on 1 March up to 23:00 UTC on 2 March.
    flt = view.model.filter()
    assert flt.since == NOW.replace(hour=0) - timedelta(hours=1)
    assert flt.until == flt.since + timedelta(days=1)
    assert view.model.total() == repo.log_count(db, flt)
    local_days = {
        view.model.row_message(r).due_at.astimezone(STOCKHOLM).date()
        for r in range(view.model.rowCount())
    }
    assert {d.isoformat() for d in local_days} == {"2026-03-02"}

    assert not date_from.isVisible()
    period.setCurrentIndex(period.findText("Choose dates…"))
    assert date_from.isVisible() and date_to.isVisible()
    date_from.setDate(QDate(2026, 2, 1))
    date_to.setDate(QDate(2026, 2, 1))
    settle(qtbot, view)
    assert view.model.total() == 144  # one message every 10 minutes that day


# --- live refresh ----------------------------------------------------------------------------


def test_a_new_message_appears_on_top_while_selection_and_scroll_stay_put(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 * PAGE_SIZE, timeout=WAIT_MS)
    settle(qtbot, view)
    # The user has scrolled into the history and clicked a message.
    view.table.scrollTo(view.model.index(120, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    target = view.model.index(125, Column.RECEIVER)
    qtbot.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(target).center()
    )
    selected = view.selected_message_id()
    assert selected == view.model.row_message(125).id
    top = top_visible_id(view)
    offset = view.table.rowViewportPosition(view.table.rowAt(0))

    new = [
        enqueue_now(db, f"+4670999000{i}", f"Ny tid {i}", due=NOW + timedelta(days=3, minutes=i))
        for i in range(3)
    ]
    view.refresh()
    qtbot.waitUntil(lambda: view.model.row_for_id(new[0].id) is not None, timeout=WAIT_MS)
    settle(qtbot, view)

    assert [view.model.row_message(r).id for r in range(3)] == [m.id for m in reversed(new)]
    assert view.selected_message_id() == selected
    assert row_of(view, selected) == 128
    assert top_visible_id(view) == top  # the same message is still at the top of the view
    assert view.table.rowViewportPosition(view.table.rowAt(0)) == offset
    assert view.count_text() == "1–203 of 10,003"


def test_at_the_top_a_new_message_comes_into_view(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    failed = seeded.first(Status.FAILED)
    assert view.select_message(failed)
    view.table.scrollToTop()
    new = enqueue_now(db, "+46709990009", "Hej", due=NOW + timedelta(days=1))
    view.refresh()
    qtbot.waitUntil(lambda: view.model.row_for_id(new.id) == 0, timeout=WAIT_MS)
    assert view.table.verticalScrollBar().value() == 0
    assert view.table.rowAt(0) == 0
    assert view.selected_message_id() == failed


def test_a_status_change_updates_the_row_without_moving_anything(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    unconfirmed = seeded.first(Status.UNCONFIRMED)
    assert view.select_message(unconfirmed)
    row = row_of(view, unconfirmed)
    repo.mark_sent(db, unconfirmed, now=NOW, server_id=4242, sent_at=NOW)
    view.refresh()
    status_cell = view.model.index(row, Column.STATUS)
    qtbot.waitUntil(lambda: status_cell.data() == "Sent", timeout=WAIT_MS)
    assert row_of(view, unconfirmed) == row
    assert view.selected_message_id() == unconfirmed


# --- details and the context menu ------------------------------------------------------------


def test_double_click_opens_the_details_with_the_history(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    failed = seeded.first(Status.FAILED)
    index = view.model.index(row_of(view, failed), Column.BODY)
    view.table.scrollTo(index)
    # A real double-click is a press and release, then the double-click event itself.
    centre = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: view.details_dialog() is not None, timeout=WAIT_MS)
    dialog = view.details_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.event_rows()) == 3, timeout=WAIT_MS)

    assert dialog.isVisible()
    assert dialog.field_text("receiver") == "+46 70 111 00 01"
    assert dialog.field_text("due_at") == "2026-03-02 09:55:00 CET"
    assert dialog.field_text("created") == "2026-03-02 07:00:00 CET by Anna"
    assert dialog.field_text("last_error") == (
        "The receiver is not a valid mobile number. (invalid_receiver)"
    )
    assert "Salong Lina" in dialog.field_text("body")
    assert dialog.event_rows() == [
        ("2026-03-02 07:00:00 CET", "Anna", "Queued", "due 2026-03-02T08:55:00Z"),
        ("2026-03-02 09:59:00 CET", "SMS Desk (automatic)", "Sending started", "attempt 1"),
        (
            "2026-03-02 10:00:00 CET",
            "SMS Desk (automatic)",
            "Refused by BokaMera",
            "attempt 1: invalid_receiver",
        ),
    ]
    SHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()  # lay out the filled history before the picture is taken
    assert dialog.grab().save(str(SHOTS / "message_details.png"))
    dialog.close()
    qtbot.waitUntil(lambda: view.details_dialog() is None, timeout=WAIT_MS)


def test_the_menu_offers_only_what_the_message_allows(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    expected = {
        Status.QUEUED: {"edit": True, "cancel": True, "resend": False},
        Status.RETRY_WAIT: {"edit": True, "cancel": True, "resend": False},
        Status.FAILED: {"edit": True, "cancel": True, "resend": True},
        Status.EXPIRED: {"edit": False, "cancel": False, "resend": True},
        Status.UNCONFIRMED: {"edit": False, "cancel": False, "resend": False},
        Status.SENDING: {"edit": False, "cancel": False, "resend": False},
        Status.SENT: {"edit": False, "cancel": False, "resend": False},
        Status.CANCELLED: {"edit": False, "cancel": False, "resend": False},
    }
    for status, allowed in expected.items():
        menu = right_click(qtbot, view, row_of(view, seeded.first(status)))
        enabled = {name: action(menu, name).isEnabled() for name in allowed}
        assert enabled == allowed, status
        assert action(menu, "copyNumber").isEnabled()
        menu.close()


def test_edit_and_resend_emit_the_message_id(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    queued = seeded.ids[Status.QUEUED][-1]
    menu = right_click(qtbot, view, row_of(view, queued))
    with qtbot.waitSignal(view.editRequested, timeout=WAIT_MS) as edit:
        click_action(qtbot, menu, "edit")
    assert edit.args == [queued]

    expired = seeded.first(Status.EXPIRED)
    menu = right_click(qtbot, view, row_of(view, expired))
    with qtbot.assertNotEmitted(view.editRequested):
        click_action(qtbot, menu, "edit")  # disabled: a missed message is not edited
    menu = right_click(qtbot, view, row_of(view, expired))
    with qtbot.waitSignal(view.resendRequested, timeout=WAIT_MS) as resend:
        click_action(qtbot, menu, "resend")
    assert resend.args == [expired]


def test_cancel_asks_first_and_keep_it_is_the_default(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    queued = seeded.ids[Status.QUEUED][0]

    menu = right_click(qtbot, view, row_of(view, queued))
    click_action(qtbot, menu, "cancel")
    qtbot.waitUntil(lambda: view.confirm_dialog() is not None, timeout=WAIT_MS)
    box = view.confirm_dialog()
    assert box is not None and box.isVisible()
    assert "+46 70 444 00 00" in box.text() and "2026-03-02 10:30" in box.text()
    keep = box.findChild(type(box.defaultButton()), "confirmCancelNo")
    assert box.defaultButton() is keep
    with qtbot.assertNotEmitted(view.cancelRequested):
        qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.confirm_dialog() is None, timeout=WAIT_MS)

    menu = right_click(qtbot, view, row_of(view, queued))
    click_action(qtbot, menu, "cancel")
    qtbot.waitUntil(lambda: view.confirm_dialog() is not None, timeout=WAIT_MS)
    box = view.confirm_dialog()
    assert box is not None
    yes = box.findChild(type(box.defaultButton()), "confirmCancelYes")
    with qtbot.waitSignal(view.cancelRequested, timeout=WAIT_MS) as cancel:
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert cancel.args == [queued]


def test_copy_number_puts_the_number_on_the_clipboard(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    QGuiApplication.clipboard().clear()
    menu = right_click(qtbot, view, row_of(view, seeded.first(Status.EXPIRED)))
    click_action(qtbot, menu, "copyNumber")
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == EXPIRED_RECEIVER)


def test_a_right_click_below_the_rows_opens_no_menu(
    qtbot: QtBot, empty_db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, empty_db, worker, clock)
    assert view.count_text() == "No messages"
    viewport = view.table.viewport()
    pos = QPoint(20, 20)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    assert view.context_menu() is None


# --- columns and errors ----------------------------------------------------------------------


def test_column_widths_and_order_survive_a_restart(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    header = view.table.horizontalHeader()
    header.resizeSection(Column.RECEIVER, 260)
    header.moveSection(header.visualIndex(Column.ORIGIN), 1)
    state = view.header_state()
    assert isinstance(state, bytes) and state

    again = make_view(qtbot, db, worker, clock)
    assert again.table.horizontalHeader().sectionSize(Column.RECEIVER) != 260
    assert again.restore_header_state(state)
    restored = again.table.horizontalHeader()
    assert restored.sectionSize(Column.RECEIVER) == 260
    assert restored.visualIndex(Column.ORIGIN) == 1


def test_a_database_that_cannot_be_read_is_shown_not_hidden(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock
) -> None:
    view = make_view(qtbot, db, worker, clock)
    error = child(view, QLabel, "logError")
    assert not error.isVisible()
    db.close()
    db.path.unlink()
    view.table.scrollToBottom()
    qtbot.waitUntil(error.isVisible, timeout=WAIT_MS)
    assert error.text().startswith("The message log could not be read")


def test_details_from_the_menu_follow_the_message_even_if_rows_moved(
    qtbot: QtBot, db: Database, worker: DbWorker, clock: FakeClock, seeded: Seeded
) -> None:
    view = make_view(qtbot, db, worker, clock)
    failed = seeded.first(Status.FAILED)
    menu = right_click(qtbot, view, row_of(view, failed))
    # The engine adds a message while the menu is open: every row moves down one.
    new = enqueue_now(db, "+46709990042", "Hej", due=NOW + timedelta(days=1))
    view.refresh()
    qtbot.waitUntil(lambda: view.model.row_for_id(new.id) == 0, timeout=WAIT_MS)
    click_action(qtbot, menu, "details")
    dialog = view.details_dialog()
    assert dialog is not None
    assert dialog.message().id == failed
