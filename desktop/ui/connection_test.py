"""'Test connection': log in and read the SMS limit off the GUI thread, and say how it went.

A login against a slow or unreachable host can take as long as the client's timeouts, so
the check runs on a background thread (the DbWorker pattern: work on a worker thread,
results handed back on the GUI thread). It runs on its own worker, not the database one:
a hanging network must never hold up the reads the log view is waiting for.

A check cannot be stopped half-way (httpx has no safe way to abort a request from another
thread), so cancelling means forgetting it: its result is dropped when it arrives, and the
short timeouts below bound how long the thread stays busy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.api.client import BokaMeraClient
from desktop.api.settings import AccountSettings
from desktop.domain.errors import DomainError
from desktop.ui.db_worker import DbWorker
from desktop.ui.messages import describe

log = logging.getLogger(__name__)

# Shorter than the engine's: someone is waiting in front of the dialog.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
SMS = 2  # SendMethodId of SMS message types


@dataclass(frozen=True)
class ConnectionReport:
    """What a successful check learned."""

    username: str
    max_characters: int | None  # the smallest SMS limit BokaMera gave; None when it gave none


@dataclass(frozen=True)
class ConnectionResult:
    """How a check ended, in words for the user (already translated)."""

    ok: bool
    text: str


def check_connection(settings: AccountSettings) -> ConnectionReport:
    """Log in and read the SMS message types. Blocks: call it on a worker thread.

    Raises the client's DomainErrors (wrong password, unknown host, ...) unchanged.
    """
    quick = replace(settings, connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT)
    with BokaMeraClient(quick) as client:
        client.login()
        types = client.message_types()
    # Several SMS types may each have a limit; the smallest is the one every message meets.
    limits = [
        t.max_characters
        for t in types
        if t.max_characters is not None and t.send_method_id in (SMS, 0)
    ]
    return ConnectionReport(username=settings.username, max_characters=min(limits, default=None))


_network_worker: DbWorker | None = None


def network_worker() -> DbWorker:
    """One app-wide background thread for connection checks, separate from the database's.

    Parented to the application, so it outlives any dialog and shuts down when the app
    quits (DbWorker listens to aboutToQuit).
    """
    global _network_worker
    if _network_worker is None:
        _network_worker = DbWorker(QCoreApplication.instance())
    return _network_worker


class ConnectionTester(QObject):
    """Runs one check at a time; ``finished(ConnectionResult)`` arrives on the GUI thread.

    ``cancel()`` (or a new ``start()``) makes the running check's result be ignored.
    """

    finished = Signal(object)  # ConnectionResult

    def __init__(self, parent: QObject | None = None, *, worker: DbWorker | None = None) -> None:
        super().__init__(parent)
        self._worker = worker if worker is not None else network_worker()
        self._generation = 0  # the number of the check whose result is still wanted
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self, settings: AccountSettings) -> None:
        self._generation += 1
        generation = self._generation
        self._running = True
        self._worker.submit(
            lambda: check_connection(settings),
            lambda report: self._done(generation, self._success(report)),
            lambda error: self._done(generation, self._failure(error)),
            owner=self,
        )

    def cancel(self) -> None:
        self._generation += 1
        self._running = False

    def _done(self, generation: int, result: ConnectionResult) -> None:
        if generation != self._generation:
            return  # cancelled, or superseded by a newer check
        self._running = False
        self.finished.emit(result)

    def _success(self, report: ConnectionReport) -> ConnectionResult:
        if report.max_characters is None:
            text = self.tr(
                "Connected as {username}. BokaMera did not give an SMS limit, so SMS Desk "
                "uses its own."
            ).format(username=report.username)
        else:
            text = self.tr("Connected as {username}. SMS limit: {limit} characters.").format(
                username=report.username, limit=report.max_characters
            )
        return ConnectionResult(ok=True, text=text)

    def _failure(self, error: BaseException) -> ConnectionResult:
        if isinstance(error, DomainError):
            return ConnectionResult(ok=False, text=describe(error))
        # A bug, not a network problem: logged by type and trace only (the exception text
        # could quote settings), and the user gets something to do.
        log.error("connection test failed unexpectedly", exc_info=error)
        return ConnectionResult(
            ok=False,
            text=self.tr(
                "The connection test stopped because of an error in SMS Desk ({error}). Try "
                "again; if it keeps happening, contact support."
            ).format(error=type(error).__name__),
        )
