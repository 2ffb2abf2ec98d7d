"""``python -m desktop run``: the engine without a window."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path
from types import FrameType

from desktop.api.client import BokaMeraClient
from desktop.domain.clock import SystemClock
from desktop.domain.errors import DomainError
from desktop.domain.status import Status
from desktop.maintenance import HourlyMaintenance, run_daily_maintenance
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.sync.account import resolve_account
from desktop.sync.desk import engine_config
from desktop.sync.engine import Engine, reconcile_delay
from desktop.sync.events import Connection, EngineListener

EXIT_OK = 0
EXIT_FAILED = 1
# How often the headless loop looks again when nothing tells it an earlier time.
IDLE_POLL = timedelta(seconds=5)


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _listener() -> EngineListener:
    def connection(state: Connection, reason: str) -> None:
        _stderr(f"connection: {state.value}" + (f" ({reason})" if reason else ""))

    return EngineListener(connection_changed=connection, error=lambda t: _stderr(f"error: {t}"))


def cmd_run(db: Database, data_dir: Path, args: argparse.Namespace) -> int:
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    with resolve_account(db, data_dir) as account:
        if account.practice:
            _stderr(
                "practice mode: messages go to the built-in sandbox on this computer; "
                "no real SMS is sent"
            )
        client = BokaMeraClient(account.settings)
        margin = float(os.environ.get("SMSDESK_RECONCILE_MARGIN", "10"))
        delay = reconcile_delay(
            account.settings.connect_timeout, account.settings.read_timeout, margin
        )
        engine = Engine(
            db, client, data_dir=data_dir, config=engine_config(db, reconcile_after=delay)
        )
        engine.add_listener(_listener())
        try:
            engine.acquire()
        except DomainError as err:
            _stderr(f"error: {err.message}")
            client.close()
            return EXIT_FAILED
        maintenance = HourlyMaintenance(lambda: _maintain(db, data_dir))
        try:
            return _loop(engine, stop, until_idle=args.until_idle, maintenance=maintenance)
        finally:
            engine.stop()
            client.close()


def _maintain(db: Database, data_dir: Path) -> None:
    """The daily backup and retention, as the window does them; problems go to stderr."""
    report = run_daily_maintenance(db, data_dir, now=SystemClock().now())
    if report.backup is not None:
        _stderr(f"backup made: {report.backup}")
    if report.erased:
        _stderr(f"retention: erased the text and number of {report.erased} old messages")
    for failure in report.failures:
        _stderr(f"maintenance ({failure.step}) failed: {failure.text()}")


def _loop(
    engine: Engine,
    stop: threading.Event,
    *,
    until_idle: bool,
    maintenance: HourlyMaintenance | None = None,
) -> int:
    clock = SystemClock()
    told_quiet = False
    while not stop.is_set():
        engine.tick()
        if maintenance is not None:
            # Between ticks, on this thread: the loop is the only writer besides the engine,
            # and a backup holds only a read transaction, so sending is never held up long.
            maintenance.poll()
        quiet_end = engine.quiet_hours_end()
        if quiet_end is not None and not told_quiet:
            local_end = quiet_end.astimezone(engine.zone).strftime("%H:%M")
            _stderr(f"quiet hours: due messages wait until {local_end}")
        told_quiet = quiet_end is not None
        if engine.connection.paused:
            _stderr(f"sending paused: {engine.connection_reason}")
            if until_idle:
                return EXIT_FAILED
        if until_idle and engine.is_idle():
            counts = repo.counts_by_status(engine.db)
            _stderr(
                f"idle: {counts[Status.SENT]} sent, {counts[Status.QUEUED]} scheduled later, "
                f"{counts[Status.FAILED]} failed, {counts[Status.EXPIRED]} expired"
            )
            return EXIT_OK
        now = clock.now()
        wake = engine.next_wakeup()
        wait = IDLE_POLL if wake is None else min(max(wake - now, timedelta(0)), IDLE_POLL)
        stop.wait(max(wait.total_seconds(), 0.05))
    return EXIT_OK
