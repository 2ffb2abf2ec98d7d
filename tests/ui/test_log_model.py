"""MessageLogModel against a real 10,000-message outbox: paging, filters, live refresh."""

from __future__ import annotations

from datetime import timedelta

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
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop.domain.status import NEEDS_ATTENTION, Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import (
    PAGE_SIZE,
    Column,
    MessageIdRole,
    MessageLogModel,
    body_preview,
    format_receiver,
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
