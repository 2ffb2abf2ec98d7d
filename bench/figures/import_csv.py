"""import.csv_10k: importing a 10,000-row CSV, validated, into the outbox.

Measured: desktop.cli_outbox.cmd_import on the file, the full path the CLI and the bulk
dialog share: read the file, read_csv (sniff, compose every row: number, body, time), then
enqueue_many (one transaction: the messages and an "imported" event each).

Baseline, per the issue: the least work that does the same job by hand: read the file,
csv.reader, phonenumbers (parse, is_valid_number, number_type, E.164) and the local time
to UTC for every row, then ONE executemany into the same messages table (no events), in
one BEGIN IMMEDIATE transaction on a connection set up like the outbox's (WAL,
synchronous=FULL). Each run of either side gets a fresh outbox made by open_database.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import sqlite3
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberType

from bench.cli import figure_main
from bench.figure import Figure, Target, summarise
from bench.timing import ms_since, paired
from bench.workdir import scratch, workdir
from desktop.cli_outbox import EXIT_OK, cmd_import
from desktop.domain.timerules import DEFAULT_GRACE, DEFAULT_ZONE, load_zone
from desktop.storage.database import open_database
from desktop.storage.utc_time import to_micros

DEFAULT_RUNS = 7
ROWS = 10_000
ZONE = load_zone(DEFAULT_ZONE)
# The ways people write Swedish mobile numbers in a spreadsheet.
_FORMATS = ("070-{a} {b} {c}", "+46 70 {a} {b} {c}", "0046 70{a}{b}{c}", "070{a}{b}{c}")
_MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def write_csv(path: Path, rows: int) -> None:
    """``rows`` valid messages for tomorrow, 08:00 to 18:00 desk time (no DST gap)."""
    tomorrow = (datetime.now(ZONE) + timedelta(days=1)).date()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["telefon", "meddelande", "tid"])
    for i in range(rows):
        n = f"{1_000_000 + i:07d}"
        phone = _FORMATS[i % len(_FORMATS)].format(a=n[:3], b=n[3:5], c=n[5:])
        at = datetime.combine(tomorrow, datetime.min.time()) + timedelta(hours=8, seconds=3.6 * i)
        body = f"Hej! Påminnelse om din tid {at:%d/%m kl %H:%M} hos Kliniken, Storgatan {i % 90}."
        writer.writerow([phone, body, f"{at:%Y-%m-%d %H:%M}"])
    path.write_text(out.getvalue(), encoding="utf-8")


def real_import(folder: Path, csv_path: Path) -> float:
    with scratch(folder, "import-") as run:
        db = open_database(run / "outbox.sqlite3")
        try:
            began = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                code = cmd_import(db, argparse.Namespace(file=str(csv_path)))
            took = ms_since(began)
            if code != EXIT_OK:
                raise AssertionError(f"cmd_import refused the file ({code})")
        finally:
            db.close()
    return took


def _plain_rows(text: str, now: datetime) -> list[tuple[object, ...]]:
    now_us = to_micros(now)
    grace_us = int(DEFAULT_GRACE.total_seconds() * 1_000_000)
    batch = uuid.uuid4().hex
    rows: list[tuple[object, ...]] = []
    reader = csv.reader(io.StringIO(text))
    next(reader)  # the header
    for phone, body, at in reader:
        number = phonenumbers.parse(phone, "SE")
        if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
            _MOBILE
        ):
            raise AssertionError(f"baseline refused {phone!r}")
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        local = datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)
        due_us = to_micros(local.astimezone(UTC))
        created = (now_us, "bench", now_us, 0, batch)
        rows.append(
            (str(uuid.uuid4()), e164, body, "queued", "desk", due_us, due_us + grace_us, *created)
        )
    return rows


_INSERT = (
    "INSERT INTO messages (uuid, receiver, body, status, origin, due_at, no_later_than,"
    " created_at, created_by, updated_at, attempts, batch_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def plain_import(folder: Path, csv_path: Path) -> float:
    with scratch(folder, "plain-") as run:
        path = run / "outbox.sqlite3"
        open_database(path).close()  # the same schema, made the same way
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            began = time.perf_counter()
            rows = _plain_rows(csv_path.read_text(encoding="utf-8"), datetime.now(UTC))
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(_INSERT, rows)
            conn.execute("COMMIT")
            took = ms_since(began)
            (stored,) = conn.execute("SELECT count(*) FROM messages").fetchone()
        finally:
            conn.close()
    if stored != ROWS:
        raise AssertionError(f"baseline stored {stored} rows")
    return took


def measure(runs: int = DEFAULT_RUNS) -> Figure:
    with workdir() as folder:
        csv_path = folder / "import-10k.csv"
        write_csv(csv_path, ROWS)
        ours, theirs = paired(
            runs, lambda: real_import(folder, csv_path), lambda: plain_import(folder, csv_path)
        )
    return summarise(
        "import.csv_10k",
        "ms",
        ours,
        baseline=theirs,
        target=Target(ratio_at_most=2),
        note=(
            f"{ROWS:,} valid rows, 4 phone formats, a time each; cmd_import (read_csv +"
            " enqueue_many, messages and their events) vs csv + phonenumbers + one"
            " executemany of the messages alone, fresh outbox per run."
        ),
    )


def profile() -> None:
    with workdir() as folder:
        csv_path = folder / "import-10k.csv"
        write_csv(csv_path, ROWS)
        real_import(folder, csv_path)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
