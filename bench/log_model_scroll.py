"""How fast the message log pages and refreshes over a large outbox.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/log_model_scroll.py [--messages 10000]

Prints the time to the first page, per further page, to load everything, and for a
refresh() with 100, 1,000 and all rows loaded (a refresh re-reads the head of the log and
the rows on screen, so its cost should not grow with how far the user has scrolled). Not
part of the test run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QApplication

from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.ui.db_worker import DbWorker
from desktop.ui.log_model import MessageLogModel

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fill(db: Database, count: int) -> None:
    history = [
        repo.RemoteRecord(
            server_id=100_000 + i,
            receiver=f"+46739{i % 997:06d}",
            body=f"Påminnelse {i}: välkommen till din tid!",
            created=NOW - timedelta(days=2, minutes=10 * i),
            to_send_date=NOW - timedelta(minutes=10 * i),
            sent=True,
            sent_date=NOW - timedelta(minutes=10 * i),
            booking_id=None,
        )
        for i in range(count)
    ]
    repo.upsert_remote(db, history, now=NOW)


def until(app: QApplication, done: Callable[[], bool]) -> None:
    while not done():
        app.processEvents()


def timed(app: QApplication, start: Callable[[], None], done: Callable[[], bool]) -> float:
    began = time.perf_counter()
    start()
    until(app, done)
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "outbox.sqlite3")
        began = time.perf_counter()
        fill(db, args.messages)
        print(f"filled {args.messages:,} messages in {time.perf_counter() - began:.1f} s")
        worker = DbWorker()
        holder: list[MessageLogModel] = []
        first = timed(
            app,
            lambda: holder.append(MessageLogModel(db, worker)),
            lambda: bool(holder) and holder[0].rowCount() > 0 and not holder[0].is_loading(),
        )
        model = holder[0]
        print(f"first page (with count):      {first:7.1f} ms")

        def fetch_page() -> float:
            return timed(
                app,
                lambda: model.fetchMore(QModelIndex()),
                lambda: not model.is_loading(),
            )

        # The part of a refresh that runs on the GUI thread (the window cannot repaint
        # meanwhile): applying the re-read spans as inserts, removes and dataChanged.
        gui_ms: list[float] = []
        apply = model._apply

        def timed_apply(result: object, *, page: bool) -> None:
            began = time.perf_counter()
            apply(result, page=page)  # type: ignore[arg-type]
            gui_ms.append((time.perf_counter() - began) * 1000)

        model._apply = timed_apply  # type: ignore[method-assign]

        def refresh() -> None:
            took = timed(app, model.refresh, lambda: not model.is_loading())
            print(
                f"refresh, {model.rowCount():6,} rows loaded:  {took:7.1f} ms"
                f" (GUI thread {gui_ms[-1]:.1f} ms)"
            )

        refresh()
        pages = [fetch_page() for _ in range(9)]
        print(f"next page, mean of 9:         {sum(pages) / len(pages):7.1f} ms")
        refresh()
        everything = 0.0
        while model.canFetchMore(QModelIndex()):
            everything += fetch_page()
        print(f"the rest, page by page:       {everything:7.1f} ms")
        refresh()

        worker.shutdown()
        db.close()


if __name__ == "__main__":
    main()
