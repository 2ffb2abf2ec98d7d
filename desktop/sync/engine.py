"""The sync engine: due messages go out once, on time, whatever the network does.

The outbox in SQLite is the only state that matters; the engine holds none of it between
ticks. One ``tick`` expires stale messages, reconciles unconfirmed ones, and dispatches what
is due with bounded concurrency. APScheduler calls ``tick`` at the next due time (a date job
re-armed whenever the outbox changes) and every ``safety_interval`` (catching sleep/wake and
clock jumps). Tests call ``tick`` directly with a fake clock instead of waiting.
"""

from __future__ import annotations

import logging
import random
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

from desktop.api.client import BokaMeraClient
from desktop.api.errors import ApiError
from desktop.api.models import MessageLogRecord
from desktop.domain.clock import Clock, SystemClock
from desktop.domain.status import Status
from desktop.domain.timerules import DEFAULT_ZONE, QuietHours, load_zone
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.sync.backoff import Backoff
from desktop.sync.events import Connection, EngineListener, Listeners
from desktop.sync.history import pull_history
from desktop.sync.lock import SenderLock
from desktop.sync.outcomes import Outcome, Verdict, classify
from desktop.sync.reconcile import find_on_server

log = logging.getLogger(__name__)
RETRY_IDLE_WAKE = timedelta(seconds=1)
PIPELINE_PER_SENDER = 8
# How long a round may wait for more sends to finish after the first (_Finishing).
GATHER_FOR = timedelta(milliseconds=50)


@dataclass(frozen=True)
class EngineConfig:
    concurrency: int = 4
    safety_interval: timedelta = timedelta(seconds=30)
    history_interval: timedelta = timedelta(minutes=5)
    backoff: Backoff = field(default_factory=Backoff)
    quiet_hours: QuietHours | None = field(default_factory=QuietHours)
    zone: str = DEFAULT_ZONE
    # A request may still be in flight at the server after we gave up on it (DESIGN.md
    # invariant 2): look in the log only once the attempt is older than this. Use
    # ``reconcile_delay`` to derive it from the client's timeouts.
    reconcile_after: timedelta = timedelta(seconds=60)


def reconcile_delay(connect_timeout: float, read_timeout: float, margin: float = 10.0) -> timedelta:
    """An attempt's whole request deadline plus a margin: connect, send, wait for the answer."""
    return timedelta(seconds=connect_timeout + 2 * read_timeout + margin)


@dataclass(frozen=True)
class TickReport:
    expired: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unconfirmed: int = 0
    reconciled: int = 0


def _result(future: Future[MessageLogRecord]) -> Outcome:
    error = future.exception()
    return classify(error if error is not None else future.result())


class _Finishing:
    """Sends as they finish, handed to the dispatch thread a group at a time.

    ``take`` waits for one, then for up to ``want`` in all, but never longer than
    GATHER_FOR after the first, so an outcome is written down soon even when the others
    are slow (a SENT still shown as sending, or reconciled after a crash). The dispatch
    thread wakes twice per group, not once per send: each wake takes the GIL from the
    senders.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: list[Future[MessageLogRecord]] = []
        self._want = 1
        self._first = threading.Event()  # at least one is done
        self._enough = threading.Event()  # at least ``want`` are done

    def put(self, future: Future[MessageLogRecord]) -> None:
        """A done callback: runs on the sender thread that finished ``future``."""
        with self._lock:
            self._done.append(future)
            self._first.set()
            if len(self._done) >= self._want:
                self._enough.set()

    def take(self, want: int) -> list[Future[MessageLogRecord]]:
        """Every send that finished since the last take: at least one."""
        with self._lock:
            self._want = want
            if len(self._done) >= want:
                self._enough.set()
            else:
                self._enough.clear()
        self._first.wait()
        self._enough.wait(GATHER_FOR.total_seconds())
        with self._lock:
            done, self._done = self._done, []
            self._first.clear()
            self._enough.clear()
        return done


def _add(a: TickReport, b: TickReport) -> TickReport:
    return TickReport(
        **{name: getattr(a, name) + getattr(b, name) for name in TickReport.__dataclass_fields__}
    )


class Engine:
    """Sends the outbox. Thread-safe; call ``start`` for the scheduler or ``tick`` by hand."""

    def __init__(
        self,
        db: Database,
        client: BokaMeraClient,
        *,
        data_dir: Path,
        clock: Clock | None = None,
        config: EngineConfig | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.config = config or EngineConfig()
        self.client = self._roomy(client)
        self.zone: ZoneInfo = load_zone(self.config.zone)
        self.listeners = Listeners()
        self._lock = SenderLock(data_dir)
        self._rng = rng or random.Random()
        self._tick_lock = threading.Lock()
        self._again = False  # a tick was asked for while one ran
        self._state_lock = threading.Lock()
        self._connection = Connection.UNKNOWN
        self._connection_reason = ""
        self._hold_until: datetime | None = None  # a 429's Retry-After holds every send
        self._reconcile_problem: str | None = None
        self._pool = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="smsdesk-send")
        self._scheduler: BackgroundScheduler | None = None
        self._started = False

    # -- life cycle -------------------------------------------------------------------

    def add_listener(self, listener: EngineListener) -> None:
        self.listeners.add(listener)

    def acquire(self) -> None:
        """Take the data folder's sender lock and recover from a previous crash.

        Raises SenderLocked when another engine sends from the same folder.
        """
        self._lock.acquire()
        recovered = repo.recover_after_crash(self.db, now=self.clock.now())
        for row in recovered:
            log.info("message %s was being sent when the app stopped: will check", row.id)
            self.listeners.emit("message_changed", row.id)

    def start(self) -> None:
        """Acquire the lock, recover, and run the scheduler in the background."""
        self.acquire()
        scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone="UTC",
        )
        scheduler.add_job(
            self._safe_tick,
            "interval",
            seconds=self.config.safety_interval.total_seconds(),
            id="safety",
        )
        scheduler.add_job(
            self._safe_pull_history,
            "interval",
            seconds=self.config.history_interval.total_seconds(),
            id="history",
            next_run_time=self.clock.now() + timedelta(seconds=5),
        )
        scheduler.start()
        self._scheduler = scheduler
        self._started = True
        self.poke()

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        self._pool.shutdown(wait=True)
        self._lock.release()
        self._started = False

    def poke(self) -> None:
        """The outbox changed (or the user asked): run a tick soon, off the caller's thread."""
        if self._scheduler is None:
            return
        self._scheduler.add_job(
            self._safe_tick, "date", id="wake", replace_existing=True, run_date=None
        )

    # -- connection state ---------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        return self._connection

    @property
    def connection_reason(self) -> str:
        return self._connection_reason

    def _set_connection(self, state: Connection, reason: str = "") -> None:
        if state == self._connection and reason == self._connection_reason:
            return  # the usual case, once per send: no lock (checked again under it below)
        with self._state_lock:
            if state == self._connection and reason == self._connection_reason:
                return
            # A pause waits for the user: a later network result must not lift it.
            if self._connection.paused and state in {Connection.ONLINE, Connection.OFFLINE}:
                return
            self._connection, self._connection_reason = state, reason
        self.listeners.emit("connection_changed", state, reason)

    def set_client(self, client: BokaMeraClient) -> None:
        """Use a new account (after the user changed settings) and lift any pause."""
        self.client = self._roomy(client)
        self.resume()

    def _roomy(self, client: BokaMeraClient) -> BokaMeraClient:
        """``client``, if its pool has a connection for every sender and one for the
        history pull beside them (client.DEFAULT_MAX_CONNECTIONS says why)."""
        if client.max_connections <= self.config.concurrency:
            raise ValueError(
                f"a client with {client.max_connections} connections cannot serve"
                f" {self.config.concurrency} senders and the history pull"
            )
        return client

    def resume(self) -> None:
        """The user fixed the account (or asked to try again): lift a pause and send."""
        with self._state_lock:
            self._connection, self._connection_reason = Connection.UNKNOWN, ""
        self.listeners.emit("connection_changed", Connection.UNKNOWN, "")
        self.poke()

    # -- the tick -----------------------------------------------------------------------

    def _safe_tick(self) -> None:
        try:
            self.tick()
        except Exception as exc:  # the scheduler thread must survive anything
            log.exception("tick failed")
            self.listeners.emit("error", f"Sending stopped for a moment: {exc}")

    def tick(self) -> TickReport:
        """One full pass. Never runs twice at once: a call made while a pass runs returns at
        once and makes the running pass go round again, so no poke is lost."""
        self._again = True
        total = TickReport()
        # The outer loop closes the gap between the holder's last look at _again and its
        # release of the lock: a request made in that gap is served here.
        while self._again:
            if not self._tick_lock.acquire(blocking=False):
                return total  # the running pass will go round again
            try:
                while self._again:
                    self._again = False
                    total = _add(total, self._tick())
            finally:
                self._tick_lock.release()
        self.listeners.emit("counts_changed", repo.counts_by_status(self.db))
        self._arm_wake(did_work=total != TickReport())
        return total

    def _tick(self) -> TickReport:
        now = self.clock.now()
        # Ticks never overlap and each waits for its own requests, so a row still SENDING
        # here was orphaned (a failed tick, a killed process): it may have reached the
        # server, so it is checked against the log before any resend, like after a crash.
        for row in repo.recover_after_crash(self.db, now=now):
            self.listeners.emit("message_changed", row.id)
        expired = repo.expire_stale(self.db, now=now)
        for row in expired:
            self.listeners.emit("message_changed", row.id)
        if self._connection.paused:
            return TickReport(expired=len(expired))
        if self._connection == Connection.OFFLINE and not self._probe():
            return TickReport(expired=len(expired))
        reconciled = self._reconcile()
        counts = self._dispatch()
        return TickReport(expired=len(expired), reconciled=reconciled, **counts)

    def _probe(self) -> bool:
        try:
            self.client.probe()
        except ApiError as err:
            outcome = classify(err)
            if outcome.connection is not None:
                self._set_connection(outcome.connection, err.message)
            return False
        self._set_connection(Connection.ONLINE)
        return True

    # -- dispatch -----------------------------------------------------------------------

    def _may_claim(self) -> bool:
        if self._connection.paused or self._connection == Connection.OFFLINE:
            return False
        return self._hold_until is None or self.clock.now() >= self._hold_until

    def _quiet_ok(self, now: datetime):  # type: ignore[no-untyped-def]
        quiet = self.config.quiet_hours
        if quiet is None or not quiet.contains(now, self.zone):
            return None
        return lambda row: row.send_anyway

    def _dispatch(self) -> dict[str, int]:
        counts = {"sent": 0, "retried": 0, "failed": 0, "unconfirmed": 0}
        in_flight: dict[Future[MessageLogRecord], repo.MessageRow] = {}
        finished: list[tuple[repo.MessageRow, Outcome]] = []
        finishing = _Finishing()
        while True:
            keys, rows = self._record_and_claim(finished, in_flight=len(in_flight))
            for key in keys:
                counts[key] += 1
            for row in rows:
                self.listeners.emit("message_changed", row.id)
                future = self._pool.submit(self.client.send_sms, row.receiver, row.body, row.due_at)
                in_flight[future] = row
                future.add_done_callback(finishing.put)
            if not in_flight:
                return counts
            done = finishing.take(want=min(len(in_flight), self._group()))
            finished = [(in_flight.pop(future), _result(future)) for future in done]

    def _group(self) -> int:
        """How many sends a round records and claims: half the pipeline. A round costs
        about as much for one message as for a few, and the senders still have the other
        half to work on meanwhile."""
        return max(1, self.config.concurrency * PIPELINE_PER_SENDER // 2)

    def _claim_limit(self, *, in_flight: int) -> int:
        """How many to claim now: 0 while the pipeline is full enough or sending is held."""
        # A few claimed ahead per sender keep the senders busy while this thread records
        # outcomes; kept small, because every claimed row must be reconciled after a crash.
        free = self.config.concurrency * PIPELINE_PER_SENDER - in_flight
        # Refill in groups: one claim per message would cost more than the sends it feeds.
        refill = free >= self._group() or not in_flight
        return free if free > 0 and refill and self._may_claim() else 0

    def _claim(self, marks: repo.OutboxBatch, *, in_flight: int) -> list[repo.MessageRow]:
        """Claim what the senders need next, in ``marks``' transaction. Asked after the
        outcomes in it were applied: a 429 or a 401 among them stops the claim."""
        limit = self._claim_limit(in_flight=in_flight)
        if not limit:
            return []
        now = self.clock.now()
        return marks.claim_due(now=now, limit=limit, quiet_hours_ok=self._quiet_ok(now))

    def _record_and_claim(
        self, finished: list[tuple[repo.MessageRow, Outcome]], *, in_flight: int
    ) -> tuple[list[str], list[repo.MessageRow]]:
        """Record the outcomes of sends that finished and claim the next ones, in one
        transaction: one commit (and fsync) per round instead of two. Returns the outcome
        keys and the claimed rows, which are SENDING on disk when this returns."""
        if not finished and not self._claim_limit(in_flight=in_flight):
            return [], []  # nothing to write: no transaction
        try:
            with repo.batch(self.db) as marks:
                keys = self._apply_all(marks, finished)
                rows = self._claim(marks, in_flight=in_flight)
        except Exception:
            if not finished:
                raise  # a claim alone fails as it always did: the tick fails
            # Rolled back, both. Do them one after the other, as they were done before
            # they shared a commit, so a failure keeps its old consequences: outcomes that
            # cannot be recorded leave their rows SENDING (_record), a claim that cannot be
            # made fails the tick.
            keys = self._record(finished)
            with repo.batch(self.db) as marks:
                rows = self._claim(marks, in_flight=in_flight)
            return keys, rows
        self._emit_changed(finished)
        return keys, rows

    def _apply_all(
        self, marks: repo.OutboxBatch, finished: list[tuple[repo.MessageRow, Outcome]]
    ) -> list[str]:
        if not finished:
            return []
        # The rows as this engine's claim left them: nothing else moves a SENDING row, and
        # the batch checks that at the write instead of reading them first.
        marks.adopt([row for row, _outcome in finished])
        # Each SENT mark checks whether a row holds its server id already.
        marks.preload([], server_ids=[o.record.id for _row, o in finished if o.record is not None])
        keys: list[str] = []
        for row, outcome in finished:
            key = self._apply(marks, row, outcome)
            if key:
                keys.append(key)
        return keys

    def _emit_changed(self, finished: list[tuple[repo.MessageRow, Outcome]]) -> None:
        for row, _outcome in finished:
            self.listeners.emit("message_changed", row.id)

    def _record(self, finished: list[tuple[repo.MessageRow, Outcome]]) -> list[str]:
        """Record the outcomes of sends that finished, in one transaction."""
        try:
            with repo.batch(self.db) as marks:
                keys = self._apply_all(marks, finished)
        except Exception:
            # Recording failed (e.g. a full disk) and the batch rolled back: those rows
            # stay SENDING, and the next pass treats them as interrupted and checks the
            # server's log before any resend.
            log.exception("could not record the outcome of %d sends", len(finished))
            return []
        self._emit_changed(finished)
        return keys

    def _apply(self, marks: repo.OutboxBatch, row: repo.MessageRow, outcome: Outcome) -> str | None:
        now = self.clock.now()
        if outcome.connection is not None:
            self._set_connection(outcome.connection, outcome.error or "")
        key: str | None = None
        match outcome.verdict:
            case Verdict.SENT:
                rec = outcome.record
                assert rec is not None
                marks.mark_sent(
                    row.id,
                    now=now,
                    server_id=rec.id,
                    server_created_at=rec.created,
                    server_to_send_date=rec.to_send_date,
                    sent_at=rec.sent_date or now,
                )
                key = "sent"
            case Verdict.RETRY:
                if outcome.error_code == "rate_limited" and outcome.retry_after:
                    self._hold_until = now + timedelta(seconds=outcome.retry_after)
                marks.mark_retry(
                    row.id,
                    now=now,
                    next_attempt_at=self.config.backoff.next_attempt(
                        now, row.attempts, retry_after=outcome.retry_after, rng=self._rng
                    ),
                    error=outcome.error or "",
                    error_code=outcome.error_code or "transient",
                )
                key = "retried"
            case Verdict.FAILED:
                marks.mark_failed(
                    row.id,
                    now=now,
                    error=outcome.error or "",
                    error_code=outcome.error_code or "failed",
                )
                key = "failed"
            case Verdict.UNCONFIRMED:
                marks.mark_unconfirmed(row.id, now=now, error=outcome.error or "")
                key = "unconfirmed"
            case Verdict.REQUEUE:
                marks.requeue(row.id, now=now, reason=outcome.error or "", refund_attempt=True)
        return key

    # -- reconciliation -----------------------------------------------------------------

    def _reconcile(self) -> int:
        """Settle every unconfirmed message old enough, against the server's log."""
        now = self.clock.now()
        settled = 0
        taken: set[int] = set()
        for row in repo.list_by_status(self.db, Status.UNCONFIRMED):
            started = row.sending_started_at or row.updated_at
            if started + self.config.reconcile_after > now:
                continue
            try:
                match = find_on_server(self.client, row, exclude=taken)
            except ApiError as err:
                reason = f"Waiting to check with BokaMera whether it was sent: {err.message}"
                if row.last_error != reason:
                    repo.mark_unconfirmed(self.db, row.id, now=now, error=reason)
                    self.listeners.emit("message_changed", row.id)
                outcome = classify(err)
                if outcome.connection is not None:
                    self._set_connection(outcome.connection, err.message)
                return settled
            if match is not None:
                taken.add(match.id)
                repo.mark_sent(
                    self.db,
                    row.id,
                    now=now,
                    server_id=match.id,
                    server_created_at=match.created,
                    server_to_send_date=match.to_send_date,
                    sent_at=match.sent_date or match.created or now,
                )
            elif row.no_later_than is not None and now > row.no_later_than:
                repo.expire(
                    self.db, row.id, now=now, reason="Not found at BokaMera and now too late"
                )
            else:
                repo.requeue(
                    self.db, row.id, now=now, reason="Not found at BokaMera: sending again"
                )
            settled += 1
            self.listeners.emit("message_changed", row.id)
        return settled

    # -- history ------------------------------------------------------------------------

    def _safe_pull_history(self) -> None:
        try:
            self.pull_history()
        except ApiError as err:
            log.info("history not pulled: %s", err.code)
        except Exception:
            log.exception("history pull failed")

    def pull_history(self) -> int:
        inserted = pull_history(self.db, self.client, now=self.clock.now())
        if inserted:
            self.listeners.emit("history_updated", inserted)
            self.listeners.emit("counts_changed", repo.counts_by_status(self.db))
        return inserted

    # -- waking up ----------------------------------------------------------------------

    def next_wakeup(self) -> datetime | None:
        """When the next tick is worth running, or None when nothing waits."""
        now = self.clock.now()
        candidates: list[datetime] = []
        due = repo.next_wakeup(self.db)
        if due is not None:
            quiet = self.config.quiet_hours
            if quiet is not None and quiet.contains(max(due, now), self.zone):
                # Waiting messages go at the end of quiet hours (send-anyway ones are
                # caught by the safety job).
                due = quiet.next_allowed(max(due, now), self.zone)
            candidates.append(due)
        if self._hold_until is not None and self._hold_until > now:
            candidates = [max(c, self._hold_until) for c in candidates]
        unconfirmed = repo.list_by_status(self.db, Status.UNCONFIRMED)
        if unconfirmed:
            oldest = min(row.sending_started_at or row.updated_at for row in unconfirmed)
            candidates.append(oldest + self.config.reconcile_after)
        return min(candidates) if candidates else None

    def _arm_wake(self, *, did_work: bool) -> None:
        if self._scheduler is None:
            return
        wake = self.next_wakeup()
        now = self.clock.now()
        if wake is None or not self._may_claim():
            # Nothing waits, or what waits is blocked (offline, paused): the safety job
            # comes back for it.
            return
        if wake <= now:
            # Something came due while this pass was finishing (after its last claim). Go
            # again at once after a pass that sent, else in a second: a row that is due but
            # not claimable can then never spin the scheduler.
            wake = now if did_work else now + RETRY_IDLE_WAKE
        self._scheduler.add_job(
            self._safe_tick, "date", id="wake", replace_existing=True, run_date=wake
        )

    def quiet_hours_end(self) -> datetime | None:
        """When the current quiet hours end, if messages are due but held by them."""
        quiet = self.config.quiet_hours
        now = self.clock.now()
        if quiet is None or not quiet.contains(now, self.zone):
            return None
        due = repo.next_wakeup(self.db)
        if due is None or due > now:
            return None
        return quiet.next_allowed(now, self.zone)

    def is_idle(self) -> bool:
        """Nothing is due now, waiting on a retry, being sent, or waiting to be checked."""
        now = self.clock.now()
        counts = repo.counts_by_status(self.db)
        if counts[Status.RETRY_WAIT] or counts[Status.SENDING] or counts[Status.UNCONFIRMED]:
            return False
        due = repo.next_wakeup(self.db)
        return due is None or due > now
