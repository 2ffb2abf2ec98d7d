"""The engine's promises under load and bad networks: once, on time, in order, never stale."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from desktop.domain.clock import SystemClock
from desktop.domain.status import Status
from desktop.sandbox.seed import LogEntry
from desktop.storage import repository as repo
from desktop.sync.engine import Engine, EngineConfig
from desktop.sync.events import EngineListener
from tests.integration.engine_fixtures import Desk, client_for


def test_exactly_once_for_1000_messages_under_mixed_faults(desk: Desk) -> None:
    rows = desk.queue_many(1000)
    # Slow answers stay under the client's read timeout here: a request still in flight at
    # the server after the client gave up is the accept-then-drop case, which (unlike this
    # fake clock) reconciliation only checks after the request's real deadline.
    desk.sandbox.set_faults(
        error_rate=0.3,
        error_status=503,
        rate_limit_rate=0.05,
        retry_after=30,
        slow_seconds=0.1,
        slow_rate=0.02,
        drop_before_answer_rate=0.03,
        accept_then_drop_rate=0.03,
        seed=7,
    )
    for _ in range(3):
        desk.engine.tick()
        desk.clock.advance(timedelta(minutes=31))
    desk.sandbox.clear_faults()
    desk.drain()

    counts = desk.counts()
    assert counts[Status.SENT] == 1000, counts
    accepted = desk.sandbox.accepted_counts()
    assert all(accepted[(row.receiver, row.body)] == 1 for row in rows)
    assert desk.sandbox.total_accepted() == 1000
    # The faults really happened: some messages took retries or reconciliation.
    kinds = {e.kind for row in rows[:200] for e in repo.events_for(desk.db, row.id)}
    assert {"retry", "unconfirmed"} <= kinds, kinds


def test_a_day_offline_then_online_expires_the_stale_and_sends_the_rest_in_order(
    desk: Desk,
) -> None:
    engine = desk.new_engine(concurrency=1)  # one at a time, so arrival order is due order
    desk.engine.stop()
    desk.engines.remove(desk.engine)
    engine.acquire()
    grace = timedelta(hours=2)
    rows = desk.queue_many(2000, spread=timedelta(hours=24), grace=grace)
    desk.sandbox.set_faults(offline=True)
    for _ in range(24 * 6):
        engine.tick()
        desk.clock.advance(timedelta(minutes=10))
    assert desk.sandbox.total_accepted() == 0
    desk.sandbox.clear_faults()
    engine.tick()
    engine.tick()

    now = desk.clock.now()
    expected_sent = [row for row in rows if row.due_at + grace >= now]
    expected_expired = [row for row in rows if row.due_at + grace < now]
    assert expected_sent and expected_expired
    counts = desk.counts()
    assert counts[Status.EXPIRED] == len(expected_expired)
    assert counts[Status.SENT] == len(expected_sent)
    for row in expected_expired:
        assert desk.sandbox.accepted_count(row.receiver, row.body) == 0
    server_ids = []
    for row in expected_sent:
        assert desk.sandbox.accepted_count(row.receiver, row.body) == 1
        stored = repo.get(desk.db, row.id)
        assert stored is not None and stored.server_id is not None
        server_ids.append(stored.server_id)
    assert server_ids == sorted(server_ids), "not sent in due order"


def test_history_from_elsewhere_is_kept_once_and_never_duplicates_ours(desk: Desk) -> None:
    ours = desk.queue(receiver="+46701110000", body="Från oss")
    desk.engine.tick()
    now = desk.clock.now()
    desk.sandbox.add_log_entries(
        [
            LogEntry(receiver="+46702220000", message_body="Bokningsbekräftelse", created=now),
            LogEntry(receiver="+46703330000", message_body="Från receptionen 2", created=now),
            LogEntry(receiver="kund@example.com", message_body="E-post", send_method_id=1),
        ]
    )
    assert desk.engine.pull_history() == 2
    assert desk.engine.pull_history() == 0  # a second pull adds nothing
    elsewhere = repo.log_page(desk.db, repo.LogFilter(origin="elsewhere")).rows
    assert sorted(r.receiver for r in elsewhere) == ["+46702220000", "+46703330000"]
    assert all(r.status == Status.SENT for r in elsewhere)
    mine = repo.log_page(desk.db, repo.LogFilter(origin="desk")).rows
    assert [r.id for r in mine] == [ours.id]
    # Messages from elsewhere are never sent by this desk.
    desk.engine.tick()
    assert desk.sandbox.total_accepted() == 1


def test_the_scheduler_sends_a_message_queued_now_within_seconds(desk: Desk) -> None:
    # The real scheduler on the real clock: queue, poke, and the message goes out.
    from desktop.sandbox.server import SandboxServer

    with SandboxServer(db_path=desk.tmp / "live-sandbox.sqlite3") as live:
        clock = SystemClock()
        sent = threading.Event()
        engine = Engine(
            desk.db,
            client_for(live, clock),  # type: ignore[arg-type]
            data_dir=desk.tmp / "live",
            clock=clock,
            config=EngineConfig(quiet_hours=None),
        )
        engine.add_listener(EngineListener(counts_changed=lambda c: c[Status.SENT] and sent.set()))
        desk.engine.stop()
        desk.engines.remove(desk.engine)
        engine.start()
        try:
            row = repo.enqueue(
                desk.db,
                repo.NewMessage(
                    receiver="+46701234567",
                    body="Nu",
                    due_at=clock.now(),
                    no_later_than=None,
                    created_by="Anna",
                ),
                now=clock.now(),
            )
            engine.poke()
            assert sent.wait(10), "not sent within 10 s"
            assert live.accepted_count(row.receiver, row.body) == 1
        finally:
            engine.stop()
            engine.client.close()


def test_history_pulls_during_a_drain_leave_no_send_in_doubt(desk: Desk) -> None:
    # The history job runs beside the senders on the same client. When the client's pool
    # had no connection to spare, httpcore handed connections between threads and now and
    # then closed one a send was still reading (ReadError): an ambiguous send, checked
    # against the log a minute later, and a drain that looked stuck that long. (Seen with
    # the sandbox in a process of its own, bench/figures/stall_drain.py; in this process
    # the timing rarely lines up, so test_a_client_without_room_beside_the_senders_is_refused
    # guards the cause.)
    rows = desk.queue_many(800)
    stop = threading.Event()
    pulled: list[int] = []

    def pull_until_stopped() -> None:
        while not stop.is_set():
            desk.engine.pull_history()
            pulled.append(1)

    pullers = [threading.Thread(target=pull_until_stopped) for _ in range(2)]
    for puller in pullers:
        puller.start()
    try:
        report = desk.engine.tick()
    finally:
        stop.set()
        for puller in pullers:
            puller.join()
    assert pulled  # the pulls did run beside the drain
    assert report.unconfirmed == 0 and report.sent == len(rows)
    assert desk.sandbox.total_accepted() == len(rows)


def test_a_client_without_room_beside_the_senders_is_refused(desk: Desk) -> None:
    cramped = client_for(desk.sandbox, desk.clock, max_connections=desk.engine.config.concurrency)
    try:
        with pytest.raises(ValueError, match="cannot serve 4 senders"):
            Engine(desk.db, cramped, data_dir=desk.tmp / "cramped", clock=desk.clock)
        with pytest.raises(ValueError, match="cannot serve"):
            desk.engine.set_client(cramped)
    finally:
        cramped.close()
