"""The log figures: one user action on the 1,000,000-message log, against plain sqlite3.

The measured side does what MessageLogModel's read job does on the database thread
(desktop/ui/log_model.py): a first page or a new filter is ``log_page`` plus ``log_count``
(the count shown as "1–100 of N"); scrolling to the end is ``fetchMore`` with the cursor of
the last row loaded, i.e. ``log_page(after=...)``. The Qt hop back to the window is left
out (well under a millisecond; bench/log_model_scroll.py shows it).

The baseline runs the same SQL shape by hand on a plain sqlite3 connection with the same
SQL function, and fetches plain tuples: what the ORM and the snapshots cost on top. Both
sides are checked to return the same ids, and their query plans are compared.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from bench.figure import Figure, Target, summarise
from bench.logdb import million_message_outbox
from bench.timing import ms_since, paired
from bench.workdir import workdir
from desktop.storage import log_reads
from desktop.storage import repository as repo
from desktop.storage.database import Database, casefold_or_none, open_database
from desktop.storage.utc_time import from_micros, to_micros

PAGE = 100  # the model's page size
_COLUMNS = (
    "id, uuid, receiver, body, status, origin, due_at, no_later_than, created_at, created_by,"
    " updated_at, attempts, next_attempt_at, sending_started_at, last_error, last_error_code,"
    " server_id, server_created_at, server_to_send_date, sent_at, booking_id, send_anyway,"
    " batch_id"
)


@dataclass(frozen=True)
class LogCase:
    name: str
    flt: repo.LogFilter
    to_the_end: bool  # the last fetchMore instead of the first page
    target: Target
    what: str  # for RESULTS.md


def _plain_sql(
    flt: repo.LogFilter, after: repo.Cursor | None
) -> tuple[str, list[Any], str, list[Any]]:
    """The page and count statements, written by hand in the shape the repository uses."""
    where: list[str] = []
    params: list[Any] = []
    if flt.receiver:  # the view hands over E.164, so this is the "+" prefix range
        assert flt.receiver.startswith("+")
        upper = flt.receiver[:-1] + chr(ord(flt.receiver[-1]) + 1)
        where.append("receiver >= ? AND receiver < ?")
        params += [flt.receiver, upper]
    if flt.text:
        where.append("instr(smsdesk_casefold(body), ?) > 0")
        params.append(flt.text.casefold())
    assert not (flt.statuses or flt.since or flt.until or flt.origin), "not needed yet"
    # No WHERE at all when nothing filters: "WHERE 1" would cost SQLite its count(*)
    # shortcut, and the ORM leaves the clause out too.
    count = "SELECT count(*) FROM messages" + (f" WHERE {' AND '.join(where)}" if where else "")
    count_params = list(params)
    if after is not None:
        where.append("(due_at, id) < (?, ?)")
        params += [to_micros(after.due_at), after.id]
    page = (
        f"SELECT {_COLUMNS} FROM messages"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f" ORDER BY due_at DESC, id DESC LIMIT {PAGE + 1}"
    )
    return page, params, count, count_params


def _plan(conn: sqlite3.Connection, sql: str, params: Any) -> str:
    return "; ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))


class _Bench:
    """One outbox, opened both ways, and the two sides of one case."""

    def __init__(self, db: Database, case: LogCase) -> None:
        self.db = db
        self.case = case
        self.plain = sqlite3.connect(db.path, isolation_level=None)
        self.plain.create_function("smsdesk_casefold", 1, casefold_or_none, deterministic=True)
        self.after: repo.Cursor | None = None
        if case.to_the_end:
            # The model's last fetchMore: its cursor is the last row loaded, which is the
            # 101st oldest row matching the filter when the user reaches the bottom.
            page, params, _, _ = _plain_sql(case.flt, None)
            oldest = page.replace("DESC", "ASC").replace(
                f"LIMIT {PAGE + 1}", f"LIMIT 1 OFFSET {PAGE}"
            )
            row = self.plain.execute(oldest, params).fetchone()
            self.after = repo.Cursor(due_at=from_micros(row[6]), id=row[0])
        self.sql = _plain_sql(case.flt, self.after)

    def close(self) -> None:
        self.plain.close()

    def measured(self) -> float:
        began = time.perf_counter()
        self._orm()
        return ms_since(began)

    def _orm(self) -> list[int]:
        page = repo.log_page(self.db, self.case.flt, after=self.after, limit=PAGE)
        if not self.case.to_the_end:
            repo.log_count(self.db, self.case.flt)
        return [r.id for r in page.rows]

    def baseline(self) -> float:
        began = time.perf_counter()
        self._plain()
        return ms_since(began)

    def _plain(self) -> list[int]:
        page_sql, page_params, count_sql, count_params = self.sql
        rows = self.plain.execute(page_sql, page_params).fetchall()
        if not self.case.to_the_end:
            self.plain.execute(count_sql, count_params).fetchone()
        return [r[0] for r in rows[:PAGE]]

    def check(self) -> str:
        """Both sides return the same rows; the query plans, for the note."""
        ids = self._orm()
        if ids != self._plain() or not ids:
            raise AssertionError(f"{self.case.name}: the baseline returned other rows")
        # The statements log_page and log_count run, as log_reads builds them.
        statements = [log_reads.page_query(self.case.flt, after=self.after, limit=PAGE)]
        if not self.case.to_the_end:
            statements.append(log_reads.count_query(self.case.flt))
        ours = [_plan(self.plain, q.sql, q.params) for q in statements if q is not None]
        page_sql, page_params, count_sql, count_params = self.sql
        theirs = [_plan(self.plain, page_sql, page_params)]
        if not self.case.to_the_end:
            theirs.append(_plan(self.plain, count_sql, count_params))
        same = "same plan as the baseline" if ours == theirs else f"baseline plan: {theirs}"
        return f"plan: {' / '.join(ours)} ({same})"


def measure_case(case: LogCase, runs: int) -> Figure:
    with workdir() as folder:
        db = open_database(million_message_outbox(folder))
        bench = _Bench(db, case)
        try:
            plans = bench.check()
            ours, theirs = paired(runs, bench.measured, bench.baseline, warmup=2)
        finally:
            bench.close()
            db.close()
    return summarise(
        case.name,
        "ms",
        ours,
        baseline=theirs,
        target=case.target,
        note=f"{case.what} Warm page cache. {plans}.",
    )


def profile_case(case: LogCase, repeat: int = 20) -> None:
    with workdir() as folder:
        db = open_database(million_message_outbox(folder))
        bench = _Bench(db, case)
        try:
            bench.measured()  # warm, as measure_case is
            for _ in range(repeat):
                bench.measured()
        finally:
            bench.close()
            db.close()
