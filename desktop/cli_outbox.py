"""Command-line verbs that touch only the outbox: send, import, list, cancel.

They validate everything before storing anything, print the reason on stderr and exit 2
on bad input, and never start the network: ``run`` does the sending.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from datetime import datetime
from pathlib import Path

from desktop.domain.clock import SystemClock
from desktop.domain.compose import DraftRejected, compose
from desktop.domain.csv_rows import read_csv
from desktop.domain.errors import DomainError
from desktop.domain.status import Status
from desktop.domain.timerules import parse_local
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.sync.desk import desk_user, load_rules

EXIT_OK = 0
EXIT_BAD_INPUT = 2
FOLD_CHOICES = {"first": 0, "second": 1}


def say_error(text: str) -> None:
    print(f"error: {text}", file=sys.stderr)


def _local(text: str | None, option: str) -> datetime | None:
    try:
        return parse_local(text) if text else None
    except DomainError as err:
        raise OptionRejected(option, err) from err


class OptionRejected(Exception):
    def __init__(self, option: str, error: DomainError) -> None:
        super().__init__(f"{option}: {error.message}")
        self.text = f"{option}: {error.message}"


def cmd_send(db: Database, args: argparse.Namespace) -> int:
    now = SystemClock().now()
    try:
        draft = compose(
            args.to,
            args.body,
            now=now,
            at=_local(args.at, "--at"),
            no_later_than=_local(args.no_later_than, "--no-later-than"),
            fold=FOLD_CHOICES.get(args.repeated_hour) if args.repeated_hour else None,
            send_anyway=args.send_anyway,
            rules=load_rules(db),
        )
    except DraftRejected as rejected:
        for problem in rejected.problems:
            say_error(f"{_FIELD_NAMES[problem.field]}: {problem.error.message}")
        return EXIT_BAD_INPUT
    except OptionRejected as rejected:
        say_error(rejected.text)
        return EXIT_BAD_INPUT
    row = repo.enqueue(
        db,
        repo.NewMessage(
            receiver=draft.receiver,
            body=draft.body,
            due_at=draft.due_at,
            no_later_than=draft.no_later_than,
            created_by=desk_user(db),
            send_anyway=draft.send_anyway,
        ),
        now=now,
    )
    print(row.id)
    return EXIT_OK


_FIELD_NAMES = {
    "receiver": "--to",
    "body": "--body",
    "at": "--at",
    "no_later_than": "--no-later-than",
    "row": "row",
}


def cmd_import(db: Database, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        say_error(f"{path}: no such file")
        return EXIT_BAD_INPUT
    except UnicodeDecodeError:
        say_error(f"{path}: not a UTF-8 text file (save it from the spreadsheet as CSV UTF-8)")
        return EXIT_BAD_INPUT
    except OSError as err:
        say_error(f"{path}: cannot be read ({err.strerror})")
        return EXIT_BAD_INPUT
    now = SystemClock().now()
    try:
        rows = read_csv(text, now=now, rules=load_rules(db))
    except DomainError as err:
        say_error(f"{path}: {err.message}")
        return EXIT_BAD_INPUT
    bad = [row for row in rows if not row.ok]
    if bad:
        for row in bad:
            for problem in row.problems:
                say_error(f"line {row.line}: {problem.field}: {problem.error.message}")
        say_error(f"nothing was queued: {len(bad)} of {len(rows)} rows need fixing")
        return EXIT_BAD_INPUT
    batch = uuid.uuid4().hex
    user = desk_user(db)
    stored = repo.enqueue_many(
        db,
        [
            repo.NewMessage.from_draft(row.draft, created_by=user, batch_id=batch)
            for row in rows
            if row.draft is not None
        ],
        now=now,
        actor_kind="imported",
    )
    print(f"queued {len(stored)} messages (ids {stored[0].id}-{stored[-1].id})")
    return EXIT_OK


def _iso(value) -> str | None:  # type: ignore[no-untyped-def]
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def row_as_json(row: repo.MessageRow) -> dict[str, object]:
    return {
        "id": row.id,
        "receiver": row.receiver,
        "body": row.body,
        "status": row.status.value,
        "origin": row.origin,
        "due_at": _iso(row.due_at),
        "no_later_than": _iso(row.no_later_than),
        "sent_at": _iso(row.sent_at),
        "created_at": _iso(row.created_at),
        "created_by": row.created_by,
        "attempts": row.attempts,
        "next_attempt_at": _iso(row.next_attempt_at),
        "last_error": row.last_error,
        "server_id": row.server_id,
    }


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    statuses = frozenset({Status(args.status)}) if args.status else None
    flt = repo.LogFilter(statuses=statuses)
    cursor = None
    while True:
        page = repo.log_page(db, flt, after=cursor, limit=500)
        for row in page.rows:
            if args.json:
                print(json.dumps(row_as_json(row), ensure_ascii=False))
            else:
                when = row.due_at.astimezone(load_rules(db).zone).strftime("%Y-%m-%d %H:%M")
                preview = row.body.replace("\n", " ")
                preview = preview if len(preview) <= 40 else preview[:39] + "…"
                error = f"  [{row.last_error}]" if row.last_error else ""
                status = row.status.value
                print(f"{row.id:>6}  {status:<11} {when}  {row.receiver:<15} {preview}{error}")
        if page.next_cursor is None:
            return EXIT_OK
        cursor = page.next_cursor


def cmd_cancel(db: Database, args: argparse.Namespace) -> int:
    try:
        row = repo.cancel(db, args.id, actor=desk_user(db), now=SystemClock().now())
    except DomainError as err:
        say_error(err.message)
        return EXIT_BAD_INPUT
    print(f"cancelled {row.id}")
    return EXIT_OK
