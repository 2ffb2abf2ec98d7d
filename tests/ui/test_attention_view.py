"""AttentionView: every refused, missed or unconfirmed message, its reason and its way on."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import log_fixtures
from log_fixtures import (
    DESK_USER,
    EXPIRED_RECEIVER,
    FAILED_RECEIVER,
    NOW,
    STOCKHOLM,
    UNCONFIRMED_RECEIVER,
    Seeded,
    enqueue_now,
)
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.domain.status import NEEDS_ATTENTION, Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.attention_view import AttentionView
from desktop.ui.db_worker import DbWorker

db, empty_db, seeded, seeded_template, worker = (
    log_fixtures.db,
    log_fixtures.empty_db,
    log_fixtures.seeded,
    log_fixtures.seeded_template,
    log_fixtures.worker,
)

WAIT_MS = 10_000
SHOTS = Path("/tmp/sms-desk-shots")
ATTENTION = 8  # 3 failed, 2 unconfirmed, 3 expired in the seeded outbox


def make_view(
    qtbot: QtBot, db: Database, worker: DbWorker, **kwargs: object
) -> tuple[AttentionView, list[int]]:
    view = AttentionView(db, worker, zone=STOCKHOLM, **kwargs)  # type: ignore[arg-type]
    view.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    counts: list[int] = []
    view.countChanged.connect(counts.append)
    qtbot.addWidget(view)
    view.resize(900, 720)
    view.show()
    qtbot.waitExposed(view)
    return view, counts


def summary(view: AttentionView) -> str:
    label = view.findChild(QLabel, "attentionSummary")
    assert label is not None
    return label.text()


def test_lists_every_message_that_needs_a_person_with_its_count(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    view, counts = make_view(qtbot, db, worker)
    qtbot.waitUntil(lambda: view.count() == ATTENTION, timeout=WAIT_MS)
    assert counts == [ATTENTION]
    cards = view.cards()
    assert len(cards) == ATTENTION
    expected_ids = {i for status in NEEDS_ATTENTION for i in seeded.ids[status]}
    assert {card.message().id for card in cards} == expected_ids
    # Newest due first, as in the log.
    dues = [card.message().due_at for card in cards]
    assert dues == sorted(dues, reverse=True)
    assert summary(view) == "8 messages need attention."

    SHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()  # let the new cards' layouts settle before the picture
    assert view.grab().save(str(SHOTS / "attention_view.png"))


def test_each_card_says_why_in_plain_words_and_offers_the_way_forward(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    view, _ = make_view(qtbot, db, worker)
    qtbot.waitUntil(lambda: view.count() == ATTENTION, timeout=WAIT_MS)

    failed = view.card_for(seeded.first(Status.FAILED))
    assert failed is not None and failed.message().receiver == FAILED_RECEIVER
    assert failed.action.text() == "Edit and resend"
    assert failed.reason_text().startswith(
        "BokaMera refused it: The receiver is not a valid mobile number. Nothing was sent."
    )

    missed = view.card_for(seeded.first(Status.EXPIRED))
    assert missed is not None and missed.message().receiver == EXPIRED_RECEIVER
    assert missed.action.text() == "Resend now as new"
    # Allowed until 02:00 UTC, which is 03:00 at the desk.
    assert "could not go out before 2026-03-02 03:00" in missed.reason_text()

    unchecked = view.card_for(seeded.first(Status.UNCONFIRMED))
    assert unchecked is not None and unchecked.message().receiver == UNCONFIRMED_RECEIVER
    assert unchecked.action.text() == "Check again"
    assert "may already have it" in unchecked.reason_text()
    assert "never sent twice" in unchecked.reason_text()


def test_each_button_asks_for_its_own_action_with_the_message_id(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    view, _ = make_view(qtbot, db, worker)
    qtbot.waitUntil(lambda: view.count() == ATTENTION, timeout=WAIT_MS)
    cases = [
        (Status.FAILED, view.editRequested),
        (Status.EXPIRED, view.resendRequested),
        (Status.UNCONFIRMED, view.checkRequested),
    ]
    for status, signal in cases:
        for message_id in seeded.ids[status]:
            card = view.card_for(message_id)
            assert card is not None
            others = [s for _, s in cases if s is not signal]
            with (
                qtbot.waitSignal(signal, timeout=WAIT_MS) as blocker,
                qtbot.assertNotEmitted(others[0]),
                qtbot.assertNotEmitted(others[1]),
            ):
                qtbot.mouseClick(card.action, Qt.MouseButton.LeftButton)
            assert blocker.args == [message_id]


def test_refresh_follows_the_engine_and_updates_the_badge(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    view, counts = make_view(qtbot, db, worker)
    qtbot.waitUntil(lambda: view.count() == ATTENTION, timeout=WAIT_MS)
    failed = seeded.first(Status.FAILED)
    kept = view.card_for(seeded.first(Status.EXPIRED))

    # The desk fixed and resent the refused one: it leaves the list.
    repo.edit(db, failed, actor=DESK_USER, now=NOW, receiver="+46701234567")
    view.refresh()
    qtbot.waitUntil(lambda: view.count() == ATTENTION - 1, timeout=WAIT_MS)
    assert view.card_for(failed) is None
    assert counts == [ATTENTION, ATTENTION - 1]
    assert view.card_for(seeded.first(Status.EXPIRED)) is kept  # others are left alone

    # A new refusal arrives and appears in due order, at the top.
    new = enqueue_now(db, "+46709990001", "Hej", due=NOW + timedelta(minutes=1))
    assert repo.claim_due(db, now=NOW + timedelta(minutes=1), limit=10)
    repo.mark_failed(db, new.id, now=NOW, error="Blocked by the operator.", error_code="blocked")
    view.refresh()
    qtbot.waitUntil(lambda: view.count() == ATTENTION, timeout=WAIT_MS)
    assert view.cards()[0].message().id == new.id
    assert "Blocked by the operator." in view.cards()[0].reason_text()


def test_a_long_list_shows_the_newest_and_says_how_many_there_are(
    qtbot: QtBot, db: Database, worker: DbWorker
) -> None:
    view, _ = make_view(qtbot, db, worker, limit=3)
    qtbot.waitUntil(lambda: view.count() == ATTENTION, timeout=WAIT_MS)
    assert len(view.cards()) == 3
    assert summary(view).startswith("8 messages need attention; the newest 3 are shown here.")


def test_nothing_to_do_is_said_plainly(qtbot: QtBot, empty_db: Database, worker: DbWorker) -> None:
    view, counts = make_view(qtbot, empty_db, worker)
    qtbot.waitUntil(lambda: summary(view).startswith("Nothing needs"), timeout=WAIT_MS)
    assert view.count() == 0
    assert view.cards() == []
    assert counts == []  # the badge starts at 0 and has nothing to change


def test_details_opens_the_message_with_its_history(
    qtbot: QtBot, db: Database, worker: DbWorker, seeded: Seeded
) -> None:
    view, _ = make_view(qtbot, db, worker)
    qtbot.waitUntil(lambda: view.count() == ATTENTION, timeout=WAIT_MS)
    card = view.card_for(seeded.first(Status.EXPIRED))
    assert card is not None
    qtbot.mouseClick(card.details, Qt.MouseButton.LeftButton)
    dialog = view.details_dialog()
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: len(dialog.event_rows()) == 2, timeout=WAIT_MS)
    assert [row[2] for row in dialog.event_rows()] == ["Queued", "Missed: too late to send"]
