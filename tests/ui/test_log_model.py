"""MessageLogModel against a real 10,000-message outbox: paging, filters, live refresh."""

from __future__ import annotations

from datetime import datetime, timedelta

import log_fixtures
import pytest
from log_fixtures import (
    DESK_USER,
    FAILED_RECEIVER,
    NOW,
    STOCKHOLM,
    TOTAL,
    Seeded,
    enqueue_now,
)
from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot

from desktop.domain.status import NEEDS_ATTENTION, Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import (
    MARGIN_ROWS,
    PAGE_SIZE,
    SCREEN_MARGIN,
    SCREEN_ROWS_MAX,
    STALE_CHECK_MS,
    Column,
    MessageIdRole,
    MessageLogModel,
    MessageRowRole,
    StatusRole,
    body_preview,
    format_receiver,
    row_texts,
)

# The shared fixtures, by name (pytest finds fixtures among a module's globals).
clock, db, empty_db, seeded, seeded_template, worker = (
    log_fixtures.clock,
    log_fixtures.db,
    log_fixtures.empty_db,
    log_fixtures.seeded,
    log_fixtures.seeded_template,
    log_fixtures.worker,
)

WAIT_MS = 10_000


def make_model(qtbot: QtBot, db: Database, worker: DbWorker) -> MessageLogModel:
    model = MessageLogModel(db, worker, zone=STOCKHOLM)
    qtbot.waitUntil(lambda: model.rowCount() > 0 or model.is_fully_loaded(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not model.is_loading(), timeout=WAIT_MS)
    return model


def fetch_all(qtbot: QtBot, model: MessageLogModel) -> None:
    """Scroll to the end, page by page, as a view would."""
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        assert model.is_loading()
        qtbot.waitUntil(lambda: not model.is_loading(), timeout=WAIT_MS)


def ids(model: MessageLogModel) -> list[int]:
    return [model.row_message(r).id for r in range(model.rowCount())]


def cell(model: MessageLogModel, row: int, column: Column) -> str:
    return model.data(model.index(row, column))


def test_only_the_first_page_is_loaded(qtbot: QtBot, db: Database, worker: DbWorker) -> None:
    model = make_model(qtbot, db, worker)
    assert model.rowCount() == PAGE_SIZE
    assert model.total() == TOTAL
    assert model.canFetchMore(QModelIndex())
    # Nothing else asks for more: it stays one page.
    with qtbot.assertNotEmitted(model.pageLoaded, wait=100):
        pass
    assert model.rowCount() == PAGE_SIZE


def test_fetch_more_pages_through_everything_newest_first_without_repeats(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, db, worker)
    with qtbot.waitSignal(model.pageLoaded, timeout=WAIT_MS) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args == [PAGE_SIZE]
    assert model.rowCount() == 2 * PAGE_SIZE
    fetch_all(qtbot, model)
    assert model.rowCount() == TOTAL
    keys = [(m.due_at, m.id) for m in (model.row_message(r) for r in range(TOTAL))]
    assert keys == sorted(keys, reverse=True)
    assert len(set(ids(model))) == TOTAL


def test_a_second_fetch_while_one_is_loading_does_not_double_the_page(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, db, worker)
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # the view asks again before the rows arrive
    qtbot.waitUntil(lambda: not model.is_loading(), timeout=WAIT_MS)
    assert model.rowCount() == 2 * PAGE_SIZE


def test_a_fetch_while_the_first_page_loads_does_not_add_a_second(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = MessageLogModel(db, worker, zone=STOCKHOLM)
    assert model.is_loading()
    model.fetchMore(QModelIndex())  # an empty view asks before the first rows arrive
    qtbot.waitUntil(lambda: model.rowCount() > 0 and not model.is_loading(), timeout=WAIT_MS)
    with qtbot.assertNotEmitted(model.pageLoaded, wait=100):
        pass
    assert model.rowCount() == PAGE_SIZE


def test_columns_show_words_local_times_and_formatted_numbers(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    model = make_model(qtbot, db, worker)
    failed = model.row_for_id(seeded.first(Status.FAILED))
    assert failed is not None
    assert cell(model, failed, Column.STATUS) == "Failed"
    assert not model.data(
        model.index(failed, Column.STATUS), Qt.ItemDataRole.DecorationRole
    ).isNull()
    assert cell(model, failed, Column.RECEIVER) == "+46 70 111 00 01"
    # Due 08:55 UTC is 09:55 in Stockholm in March (CET).
    assert cell(model, failed, Column.DUE) == "2026-03-02 09:55"
    assert cell(model, failed, Column.ERROR) == "The receiver is not a valid mobile number."
    assert cell(model, failed, Column.ATTEMPTS) == "1"
    assert cell(model, failed, Column.ORIGIN) == "This desk"
    assert model.data(model.index(failed, 0), MessageIdRole) == seeded.first(Status.FAILED)

    words = {cell(model, r, Column.STATUS) for r in range(model.rowCount())}
    assert {"Sent", "Waiting to retry", "Needs checking", "Missed (too late)"} <= words
    assert cell(model, model.rowCount() - 1, Column.ORIGIN) == "Elsewhere"
    assert model.headerData(Column.ATTEMPTS, Qt.Orientation.Horizontal) == "Tries"


def test_the_zone_is_injectable(qtbot: QtBot, db: Database, worker: DbWorker) -> None:
    from zoneinfo import ZoneInfo

    model = MessageLogModel(db, worker, zone=ZoneInfo("America/New_York"))
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=WAIT_MS)
    top = model.row_message(0)
    assert top.due_at.hour == 15  # 15:00 UTC
    assert cell(model, 0, Column.DUE) == "2026-03-02 10:00"


def test_body_preview_is_the_first_line_cut_with_an_ellipsis() -> None:
    assert body_preview("Hej!\nVälkommen imorgon") == "Hej! …"
    assert body_preview("  \n  Kort  text  ") == "Kort text"
    long = "a" * 200
    assert body_preview(long, 20) == "a" * 19 + "…"
    assert format_receiver("+46701234567") == "+46 70 123 45 67"
    assert format_receiver("not a number") == "not a number"


@pytest.mark.parametrize(
    ("flt", "check"),
    [
        (repo.LogFilter(receiver=FAILED_RECEIVER), lambda m: m.receiver == FAILED_RECEIVER),
        (repo.LogFilter(receiver="70222"), lambda m: "70222" in m.receiver),
        (repo.LogFilter(text="TANDLÄKARBESÖK"), lambda m: "tandläkarbesök" in m.body.lower()),
        (repo.LogFilter(statuses=NEEDS_ATTENTION), lambda m: m.status in NEEDS_ATTENTION),
        (
            repo.LogFilter(statuses=frozenset({Status.QUEUED}), text="salong"),
            lambda m: m.status == Status.QUEUED and "salong" in m.body.lower(),
        ),
    ],
    ids=["receiver", "receiver-part", "text", "needs-attention", "status-and-text"],
)
def test_a_filter_shows_exactly_the_matching_rows(
    qtbot: QtBot, db: Database, worker: DbWorker, flt: repo.LogFilter, check: object
) -> None:
    model = make_model(qtbot, db, worker)
    expected = repo.log_count(db, flt)
    assert 0 < expected < TOTAL
    with qtbot.waitSignal(model.modelReset, timeout=WAIT_MS):
        model.set_filter(flt)
    qtbot.waitUntil(lambda: model.total() == expected and not model.is_loading(), timeout=WAIT_MS)
    fetch_all(qtbot, model)
    assert model.rowCount() == expected
    assert all(check(model.row_message(r)) for r in range(model.rowCount()))  # type: ignore[operator]


def test_a_result_for_an_old_filter_is_dropped(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = MessageLogModel(db, worker, zone=STOCKHOLM)
    # Change the filter before the first (unfiltered) page has arrived.
    model.set_filter(repo.LogFilter(receiver=FAILED_RECEIVER))
    qtbot.waitUntil(lambda: not model.is_loading() and model.total() is not None, timeout=WAIT_MS)
    assert model.total() == 1
    assert [model.row_message(r).receiver for r in range(model.rowCount())] == [FAILED_RECEIVER]


def test_refresh_puts_a_new_message_on_top_and_keeps_persistent_indexes(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    model = make_model(qtbot, db, worker)
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE, timeout=WAIT_MS)
    before = ids(model)
    selected = QPersistentModelIndex(model.index(150, 0))
    selected_id = model.row_message(150).id

    new = enqueue_now(db, "+46709998877", "Ny tid imorgon", due=NOW + timedelta(days=2))
    with qtbot.waitSignal(model.rowsInserted, timeout=WAIT_MS) as inserted:
        model.refresh()
    qtbot.waitUntil(lambda: not model.is_loading(), timeout=WAIT_MS)
    assert inserted.args[1:] == [0, 0]  # one row, at the top
    assert ids(model) == [new.id, *before]  # nothing reloaded, nothing lost at the bottom
    assert model.total() == TOTAL + 1
    assert selected.isValid() and selected.row() == 151
    assert model.row_message(selected.row()).id == selected_id


def test_refresh_updates_changed_rows_in_place(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    model = make_model(qtbot, db, worker)
    queued = seeded.ids[Status.QUEUED][0]
    row = model.row_for_id(queued)
    assert row is not None
    repo.claim_due(db, now=NOW + timedelta(minutes=35), limit=10)
    claimed = repo.get(db, queued)
    assert claimed is not None and claimed.status == Status.SENDING
    repo.mark_failed(db, queued, now=NOW, error="Number blocked.", error_code="blocked")

    with qtbot.assertNotEmitted(model.rowsInserted), qtbot.assertNotEmitted(model.rowsRemoved):
        with qtbot.waitSignal(model.dataChanged, timeout=WAIT_MS):
            model.refresh()
        qtbot.waitUntil(lambda: not model.is_loading(), timeout=WAIT_MS)
    assert model.row_for_id(queued) == row
    assert cell(model, row, Column.STATUS) == "Failed"
    assert cell(model, row, Column.ERROR) == "Number blocked."


def test_refresh_drops_rows_that_left_the_filter_and_moves_edited_ones(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    model = make_model(qtbot, db, worker)
    model.set_filter(repo.LogFilter(statuses=NEEDS_ATTENTION))
    qtbot.waitUntil(lambda: model.total() == 8 and not model.is_loading(), timeout=WAIT_MS)
    failed = seeded.first(Status.FAILED)
    unconfirmed = seeded.first(Status.UNCONFIRMED)
    assert model.row_for_id(failed) is not None

    # Edit and resend moves the failed one to QUEUED: it leaves "Needs attention".
    repo.edit(db, failed, actor=DESK_USER, now=NOW, body="Rättad text")
    # Reconciled: found in the server's log, the unconfirmed one is sent.
    repo.mark_sent(db, unconfirmed, now=NOW, server_id=777)
    with qtbot.waitSignal(model.rowsRemoved, timeout=WAIT_MS):
        model.refresh()
    qtbot.waitUntil(lambda: not model.is_loading() and model.total() == 6, timeout=WAIT_MS)
    assert model.row_for_id(failed) is None
    assert model.row_for_id(unconfirmed) is None
    assert model.rowCount() == 6


def test_an_edited_due_time_moves_the_row_to_its_new_place(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    model = make_model(qtbot, db, worker)
    queued = seeded.ids[Status.QUEUED][0]  # the earliest scheduled one, lowest of them
    assert model.row_for_id(queued) == 11
    repo.edit(db, queued, actor=DESK_USER, now=NOW, due_at=NOW + timedelta(days=3))
    model.refresh()
    qtbot.waitUntil(lambda: model.row_for_id(queued) == 0, timeout=WAIT_MS)
    assert model.rowCount() == PAGE_SIZE
    keys = [(model.row_message(r).due_at, model.row_message(r).id) for r in range(PAGE_SIZE)]
    assert keys == sorted(keys, reverse=True)


def test_refresh_while_loading_is_folded_into_one_after_it(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, db, worker)
    model.fetchMore(QModelIndex())
    new = enqueue_now(db, "+46709998800", "Hej", due=NOW + timedelta(days=5))
    model.refresh()  # arrives while the page is loading
    model.refresh()
    qtbot.waitUntil(lambda: model.row_for_id(new.id) == 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not model.is_loading(), timeout=WAIT_MS)
    assert model.rowCount() == 2 * PAGE_SIZE + 1
    assert len(set(ids(model))) == model.rowCount()


def test_an_empty_outbox_is_fully_loaded_and_a_refresh_shows_the_first_message(
    qtbot: QtBot, empty_db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, empty_db, worker)
    assert model.rowCount() == 0
    assert model.total() == 0
    assert not model.canFetchMore(QModelIndex())
    new = enqueue_now(empty_db, "+46701234567", "Första", due=NOW)
    model.refresh()
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    assert model.row_message(0).id == new.id
    assert model.total() == 1


def test_a_read_error_is_reported_and_stops_fetching(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, db, worker)
    db.close()
    db.path.unlink()  # the file is gone: every read now fails
    with qtbot.waitSignal(model.loadFailed, timeout=WAIT_MS) as failed:
        model.fetchMore(QModelIndex())
    assert failed.args[0]
    assert not model.canFetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE


# ---- refresh reads the head and the screen; the rest is stale until seen -------------------
#
# The seeded log, newest first: 12 scheduled, 30 recent, 3 missed (rows 0-44), then the
# history from BokaMera every 10 minutes back from yesterday (history row i is log row
# 45 + i). Messages from elsewhere cannot be edited, so the tests plant desk messages
# among the history and change those.

HISTORY_STARTS = 45


def history_due(i: int) -> datetime:
    """The due time of the i-th history row (10 minutes apart, newest first)."""
    return NOW - timedelta(days=1, minutes=10 * i)


def between(i: int) -> datetime:
    """A due time between history rows i and i + 1."""
    return history_due(i) - timedelta(minutes=5)


def plant(db: Database, i: int, body: str = "Planterad") -> repo.MessageRow:
    """A queued desk message just below history row i."""
    return enqueue_now(db, "+46701230000", body, due=between(i))


def load_pages(qtbot: QtBot, model: MessageLogModel, pages: int) -> None:
    while model.rowCount() < pages * PAGE_SIZE:
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda: not model.is_loading(), timeout=WAIT_MS)


def stale_timer(model: MessageLogModel) -> QTimer:
    """The throttle that re-reads stale rows scrolled into sight (its only timer)."""
    timer = model.findChild(QTimer)
    assert timer is not None and timer.interval() == STALE_CHECK_MS
    return timer


def settle(qtbot: QtBot, model: MessageLogModel) -> None:
    """Until nothing is read and no re-read of the rows on screen is due."""
    timer = stale_timer(model)
    qtbot.waitUntil(lambda: not model.is_loading() and not timer.isActive(), timeout=WAIT_MS)


def look_at(qtbot: QtBot, model: MessageLogModel, first: int, last: int) -> None:
    """Scroll rows ``first`` to ``last`` into sight, as LogView reports them."""
    model.set_visible_rows(first, last)
    settle(qtbot, model)


def refresh(qtbot: QtBot, model: MessageLogModel) -> None:
    model.refresh()
    settle(qtbot, model)


def scroll_through(qtbot: QtBot, model: MessageLogModel, height: int = 40) -> None:
    """Top to bottom of what is loaded, a screen at a time (gaps filled may add rows)."""
    first = 0
    while first < model.rowCount():
        look_at(qtbot, model, first, first + height - 1)
        first += height


def log_ids(db: Database) -> list[int]:
    """Every id in the log's order, straight from the database."""
    out: list[int] = []
    cursor = None
    while True:
        page = repo.log_page(db, repo.LogFilter(), after=cursor, limit=1000)
        out += [r.id for r in page.rows]
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


class NeverTwice:
    """Checks after every change the model announces that no message is shown twice."""

    def __init__(self, model: MessageLogModel) -> None:
        self.model = model
        self.twice: list[list[int]] = []
        self.changes = 0
        for signal in (model.rowsInserted, model.rowsRemoved, model.rowsMoved):
            signal.connect(self.check)
        model.dataChanged.connect(self.check)

    def check(self, *_: object) -> None:
        self.changes += 1
        shown = ids(self.model)
        if len(set(shown)) != len(shown):
            self.twice.append(sorted({i for i in shown if shown.count(i) > 1}))


def test_a_refresh_rereads_the_head_and_the_screen_with_its_margin_only(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, db, worker)
    load_pages(qtbot, model, 5)
    assert all(model.is_fresh(r) for r in range(model.rowCount()))  # all just read
    look_at(qtbot, model, 300, 320)
    refresh(qtbot, model)
    fresh = {r for r in range(model.rowCount()) if model.is_fresh(r)}
    assert fresh == set(range(PAGE_SIZE)) | set(range(300 - MARGIN_ROWS, 320 + MARGIN_ROWS + 1))


def formatted(model: MessageLogModel) -> set[int]:
    """Rows whose texts wait in the model, for the row object shown (white box: what the
    next paint finds without formatting on the GUI thread)."""
    cache = model._text_cache
    return {
        r
        for r in range(model.rowCount())
        if (hit := cache.get(model.row_message(r).id)) is not None
        and hit[0] is model.row_message(r)
        and hit[1] == row_texts(hit[0], STOCKHOLM)
    }


def test_rows_a_read_brings_onto_the_screen_are_formatted_before_the_paint(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, db, worker)
    # A fresh model does not know the screen yet: the top rows, not the whole page.
    assert formatted(model) == set(range(SCREEN_ROWS_MAX))
    load_pages(qtbot, model, 4)
    look_at(qtbot, model, 300, 320)
    model._text_cache.clear()
    enqueue_now(db, "+46709998877", "Ny tid imorgon", due=NOW + timedelta(days=2))
    refresh(qtbot, model)
    # One row arrived on top, off screen; the rows on screen moved down by one.
    assert formatted(model) == set(range(301, 301 + 21 + SCREEN_MARGIN))


def test_a_row_outside_the_head_and_the_screen_is_reread_only_when_it_comes_into_sight(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    deep = plant(db, 300, body="Före")
    model = make_model(qtbot, db, worker)
    load_pages(qtbot, model, 5)
    row = model.row_for_id(deep.id)
    assert row == HISTORY_STARTS + 301
    look_at(qtbot, model, 0, 30)
    head = seeded.ids[Status.QUEUED][0]
    repo.edit(db, deep.id, actor=DESK_USER, now=NOW, body="Efter")
    repo.edit(db, head, actor=DESK_USER, now=NOW, body="Ny i toppen")

    refresh(qtbot, model)
    head_row = model.row_for_id(head)
    assert head_row is not None and model.row_message(head_row).body == "Ny i toppen"
    assert model.row_for_id(deep.id) == row
    assert model.row_message(row).body == "Före"
    assert not model.is_fresh(row)
    assert cell(model, row, Column.BODY) == "Före"

    # Scrolled into sight: re-read after the throttle, not at once.
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT_MS) as changed:
        model.set_visible_rows(row - 5, row + 5)
        assert not model.is_loading()
        assert stale_timer(model).isActive()
    assert changed.args[0].row() <= row <= changed.args[1].row()
    settle(qtbot, model)
    assert model.row_message(row).body == "Efter"
    assert cell(model, row, Column.BODY) == "Efter"
    assert model.is_fresh(row)
    assert all(model.is_fresh(r) for r in range(row - 5 - MARGIN_ROWS, row + 5 + MARGIN_ROWS))


def test_fresh_rows_scrolled_into_sight_are_not_read_again(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    model = make_model(qtbot, db, worker)
    load_pages(qtbot, model, 3)
    with qtbot.assertNotEmitted(model.loadingChanged, wait=3 * STALE_CHECK_MS):
        model.set_visible_rows(150, 180)
        assert not stale_timer(model).isActive()


def test_a_row_whose_due_time_moves_is_never_shown_twice(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    to_top = plant(db, 300, "Upp till toppen")  # row ~346, stale after a refresh
    on_screen = plant(db, 250, "På skärmen")  # row ~296
    to_screen = plant(db, 150, "In på skärmen")  # row ~196, stale
    model = make_model(qtbot, db, worker)
    load_pages(qtbot, model, 5)
    never_twice = NeverTwice(model)
    look_at(qtbot, model, 280, 310)
    assert model.row_for_id(on_screen.id) in range(280, 311)

    # Each move in turn, with a refresh after it.
    moves = [
        (to_top.id, NOW + timedelta(days=3)),  # from the stale rows to the head
        (on_screen.id, between(400)),  # from the screen to stale rows below it
        (to_screen.id, between(255)),  # from stale rows onto the screen
        (seeded.ids[Status.QUEUED][0], between(350)),  # from the head to stale rows
        (on_screen.id, between(200)),  # from stale rows to stale rows
    ]
    for message_id, due in moves:
        repo.edit(db, message_id, actor=DESK_USER, now=NOW, due_at=due)
        refresh(qtbot, model)
        assert ids(model).count(message_id) <= 1
    assert model.row_for_id(to_top.id) == 0
    to_screen_row = model.row_for_id(to_screen.id)
    assert to_screen_row is not None and model.is_fresh(to_screen_row)

    # Wherever they went, every row shows up once, in its place, when scrolled to.
    scroll_through(qtbot, model)
    assert never_twice.changes > 0
    assert never_twice.twice == []
    assert ids(model) == log_ids(db)[: model.rowCount()]
    for message_id, _ in moves:
        assert ids(model).count(message_id) == 1


@pytest.mark.parametrize("where", ["head", "screen"])
def test_more_new_rows_than_a_span_can_read_leave_a_gap_that_fills_when_seen(
    qtbot: QtBot, db: Database, worker: DbWorker, where: str
) -> None:
    model = make_model(qtbot, db, worker)
    load_pages(qtbot, model, 6)
    look_at(qtbot, model, 450, 470)
    loaded = model.rowCount()
    never_twice = NeverTwice(model)
    # Three pages of new messages: newer than everything, or among the rows on screen.
    top = model.row_message(0).due_at if where == "head" else between(460 - HISTORY_STARTS)
    new = repo.enqueue_many(
        db,
        [
            repo.NewMessage(
                receiver=f"+4670555{i:04d}",
                body=f"Ny {i}",
                due_at=top + timedelta(days=1 if where == "head" else 0, microseconds=i),
                no_later_than=None,
                created_by=DESK_USER,
            )
            for i in range(3 * PAGE_SIZE)
        ],
        now=NOW,
    )
    refresh(qtbot, model)
    assert loaded < model.rowCount() < loaded + len(new)  # the cap was reached
    assert never_twice.twice == []
    everything = log_ids(db)
    shown = ids(model)
    # What was read is in order, and nothing that was loaded before went missing.
    assert [i for i in everything if i in set(shown)] == shown
    assert set(shown) >= set(everything[:loaded]) - {r.id for r in new}

    # The rows not read are under the last row the capped span read. It and the rows
    # above it were just read, yet when it comes into sight the rest is read.
    gap = next(k for k, (a, b) in enumerate(zip(shown, everything, strict=False)) if a != b) - 1
    assert all(model.is_fresh(r) for r in range(gap - 19, gap + 1))
    look_at(qtbot, model, gap - 19, gap)
    assert model.rowCount() > len(shown)
    # Complete below it for the margin at least (the read has a cap of its own).
    assert ids(model)[: gap + MARGIN_ROWS] == everything[: gap + MARGIN_ROWS]

    scroll_through(qtbot, model)
    assert model.rowCount() == loaded + len(new)
    assert ids(model) == everything[: model.rowCount()]
    fetch_all(qtbot, model)
    assert ids(model) == everything
    assert never_twice.twice == []


def test_the_selection_follows_its_message_through_refreshes(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    chosen = plant(db, 200, "Vald")
    above = plant(db, 100, "Ovanför")
    model = make_model(qtbot, db, worker)
    load_pages(qtbot, model, 4)
    selection = QItemSelectionModel(model)
    row = model.row_for_id(chosen.id)
    assert row is not None
    selection.setCurrentIndex(
        model.index(row, Column.BODY),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )

    def selected() -> list[int]:
        return [model.row_message(i.row()).id for i in selection.selectedRows()]

    look_at(qtbot, model, row - 10, row + 10)
    # New rows on top, a row above it moved far down, and the chosen one changed.
    for i in range(5):
        enqueue_now(db, f"+4670666{i:04d}", "Ny", due=NOW + timedelta(days=4, minutes=i))
    repo.edit(db, above.id, actor=DESK_USER, now=NOW, due_at=between(350))
    repo.edit(db, chosen.id, actor=DESK_USER, now=NOW, body="Vald, ändrad")
    refresh(qtbot, model)
    assert selected() == [chosen.id]
    assert model.row_message(selection.currentIndex().row()).id == chosen.id
    assert model.row_message(selection.currentIndex().row()).body == "Vald, ändrad"

    # Scrolled away: the chosen row goes stale, and still moves with rows added above.
    look_at(qtbot, model, 0, 20)
    for i in range(3):
        enqueue_now(db, f"+4670777{i:04d}", "Nyare", due=NOW + timedelta(days=5, minutes=i))
    repo.edit(db, chosen.id, actor=DESK_USER, now=NOW, body="Vald igen")
    refresh(qtbot, model)
    current = selection.currentIndex().row()
    assert selected() == [chosen.id]
    assert not model.is_fresh(current)
    look_at(qtbot, model, current - 5, current + 5)
    assert selected() == [chosen.id]
    assert model.row_message(selection.currentIndex().row()).body == "Vald igen"


ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole,
    MessageIdRole,
    StatusRole,
    MessageRowRole,
]


def comparable(value: object) -> object:
    """Icons compare by what they draw: each call makes a new QIcon of the same image."""
    if isinstance(value, QIcon):
        return ("icon", value.cacheKey())
    return value


def test_multidata_answers_every_role_as_data_does(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    model = make_model(qtbot, db, worker)
    load_pages(qtbot, model, 2)
    for row in range(model.rowCount()):
        for column in Column:
            index = model.index(row, column)
            for role in ROLES:
                role_data = QModelRoleData(int(role))
                role_data.setData("not cleared")
                model.multiData(index, QModelRoleDataSpan(role_data))
                want = model.data(index, role)
                assert comparable(role_data.data()) == comparable(want), (row, column, role)
    # Also for an index the model no longer has rows for: every role cleared.
    role_data = QModelRoleData(int(Qt.ItemDataRole.DisplayRole))
    role_data.setData("not cleared")
    model.multiData(model.createIndex(model.rowCount() + 5, 0), QModelRoleDataSpan(role_data))
    assert role_data.data() is None


def test_the_table_paints_what_data_says(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    model = make_model(qtbot, db, worker)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1400, 600)
    view.show()
    qtbot.waitExposed(view)
    # Every role the delegate asks for goes through multiData; painting must not fail and
    # must show the texts data() gives (checked through what the view's delegate reads).
    view.grab()
    delegate = view.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    for row in range(view.rowAt(view.viewport().height() - 1) + 1):
        for column in Column:
            option = QStyleOptionViewItem()
            index = model.index(row, column)
            delegate.initStyleOption(option, index)
            assert option.text == (model.data(index) or ""), (row, column)
            icon = model.data(index, Qt.ItemDataRole.DecorationRole)
            assert option.icon.cacheKey() == (icon.cacheKey() if icon else QIcon().cacheKey())
            alignment = model.data(index, Qt.ItemDataRole.TextAlignmentRole)
            if alignment is not None:
                assert option.displayAlignment == Qt.AlignmentFlag(alignment), (row, column)
