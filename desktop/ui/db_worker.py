"""Database reads off the GUI thread, results back on it.

The window must never freeze, and SQLite can wait on a busy lock for seconds, so the UI
never calls the repository directly. It hands a function to ``DbWorker.submit``; the
function runs on one background thread (one, so reads happen in the order they were
asked for and SQLite sees no concurrency from the UI), and the result is handed to a
callback on the GUI thread.

The hand-back follows anki's ``TaskManager.run_on_main``: the worker thread appends a
closure to a locked list and emits a signal without arguments; Qt delivers that signal
through the GUI thread's event loop (a queued connection), where the closures run.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")
Closure = Callable[[], None]


class DbWorker(QObject):
    """A single background thread for database work, owned by the GUI thread."""

    _closures_pending = Signal()
    # Emitted on the GUI thread whenever the queue of submitted work becomes empty;
    # tests and the status bar use it to know that nothing is being loaded.
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sms-desk-db")
        self._lock = threading.Lock()
        self._closures: list[Closure] = []
        self._in_flight = 0
        self._closed = False
        # Queued even when emitted from the GUI thread itself, so callbacks never run
        # inside the caller's stack (a model must not get rows while it is in fetchMore).
        self._closures_pending.connect(self._run_pending, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def busy(self) -> bool:
        return self._in_flight > 0

    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> Future[T]:
        """Run ``fn()`` on the database thread; call ``on_done(result)`` or
        ``on_error(exception)`` on the GUI thread.

        When ``owner`` is given and has been deleted by the time the result arrives (a
        dialog closed while its data loaded), the callbacks are skipped. An error with
        no ``on_error`` is logged, never swallowed silently.
        """
        if self._closed:
            raise RuntimeError("DbWorker has been shut down")
        self._in_flight += 1
        future = self._executor.submit(fn)
        future.add_done_callback(
            lambda fut: self._run_on_main(lambda: self._deliver(fut, on_done, on_error, owner))
        )
        return future

    def shutdown(self, wait: bool = True) -> None:
        """Drop work not yet started, wait for the running job, and deliver nothing more.

        Safe to call twice. Waiting is right at shutdown: a read in progress finishes
        within SQLite's busy timeout, and leaving it running would let the thread touch
        a database that is being closed.
        """
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=True)
        with self._lock:
            self._closures.clear()

    # --- internals ---------------------------------------------------------------------

    def _run_on_main(self, closure: Closure) -> None:
        """Called on the worker thread: queue ``closure`` for the GUI thread."""
        with self._lock:
            if self._closed:
                return
            self._closures.append(closure)
        # RuntimeError: the QObject is gone because the app is exiting.
        with contextlib.suppress(RuntimeError):
            self._closures_pending.emit()

    def _run_pending(self) -> None:
        with self._lock:
            closures, self._closures = self._closures, []
        # One failing callback must not starve the others of their results; its error is
        # raised afterwards so it still shows (and fails a test).
        first_error: BaseException | None = None
        for closure in closures:
            try:
                closure()
            except Exception as exc:
                first_error = first_error or exc
        if first_error is not None:
            raise first_error

    def _deliver(
        self,
        future: Future[Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None,
    ) -> None:
        self._in_flight -= 1
        try:
            if self._closed or (owner is not None and not shiboken6.isValid(owner)):
                return
            try:
                result = future.result()
            except CancelledError:
                return
            except Exception as exc:
                if on_error is not None:
                    on_error(exc)
                else:
                    log.error("database task failed", exc_info=exc)
                return
            if on_done is not None:
                on_done(result)
        finally:
            if self._in_flight == 0 and not self._closed:
                self.idle.emit()
