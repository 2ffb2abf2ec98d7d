"""The log, exactly as filtered on screen, as a CSV file that Excel opens as it is.

- Same rows, same order as the log view: ``repository.log_page`` with the same LogFilter,
  page by page (keyset), so a year of messages never sits in memory at once and a message
  queued meanwhile can neither repeat nor push another off a page.
- UTF-8 with a byte order mark: without it Excel reads the file as the local ANSI code page
  and shows "Ã¥" for "å".
- Semicolons between fields by default: Excel splits a double-clicked CSV on the list
  separator of the computer's region, and in Sweden (as in most of Europe, where the comma
  is the decimal sign) that is ";". Pass ``delimiter=","`` for English-region machines.
- Times in the desk's zone as "YYYY-MM-DD HH:MM", which Excel reads as a date and time.
- A text cell that starts with = + - @ (or a tab or CR) gets a leading apostrophe: Excel would
  otherwise run it as a formula (CSV injection; message bodies can come from elsewhere) or
  turn "+46701234567" into the number 4,67E+10.
- Written to a temporary name and renamed: an export cut short never leaves half a file
  under the name the user chose, nor replaces an earlier export with one.
"""

from __future__ import annotations

import contextlib
import csv
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.records import LogFilter, MessageRow

__all__ = ["COLUMNS", "ExportError", "export_csv"]

Translate = Callable[[str, str], str]

COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("export", "id"),
    QT_TRANSLATE_NOOP("export", "status"),
    QT_TRANSLATE_NOOP("export", "receiver"),
    QT_TRANSLATE_NOOP("export", "message"),
    QT_TRANSLATE_NOOP("export", "due"),
    QT_TRANSLATE_NOOP("export", "sent"),
    QT_TRANSLATE_NOOP("export", "attempts"),
    QT_TRANSLATE_NOOP("export", "last error"),
    QT_TRANSLATE_NOOP("export", "origin"),
    QT_TRANSLATE_NOOP("export", "created by"),
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TIME_FORMAT = "%Y-%m-%d %H:%M"
DEFAULT_PAGE = 500


class ExportError(DomainError):
    context = "export"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            "export_failed",
            QT_TRANSLATE_NOOP(
                "export",
                "SMS Desk could not save the export as {path} ({reason}). Nothing was "
                "written there. Choose another folder, or free some space, and try again.",
            ),
            path=str(path),
            reason=reason,
        )
        self.path = path


def _text(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _local(value: datetime | None, zone: ZoneInfo) -> str:
    return "" if value is None else value.astimezone(zone).strftime(_TIME_FORMAT)


def _cells(row: MessageRow, zone: ZoneInfo) -> list[str | int]:
    return [
        row.id,
        row.status.value,
        _text(row.receiver),
        _text(row.body),
        _local(row.due_at, zone),
        _local(row.sent_at, zone),
        row.attempts,
        _text(row.last_error),
        row.origin,
        _text(row.created_by),
    ]


def export_csv(
    db: Database,
    flt: LogFilter,
    path: Path,
    *,
    zone: ZoneInfo,
    translate: Translate | None = None,
    delimiter: str = ";",
    page_size: int = DEFAULT_PAGE,
) -> int:
    """Write the log rows ``flt`` selects to ``path``; returns how many rows were written.

    ``translate(context, text)`` turns the column titles into the user's language (the UI
    passes QCoreApplication.translate). Raises ExportError when the file cannot be written,
    and leaves an existing file at ``path`` as it was.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
    headers = [translate("export", c) if translate else c for c in COLUMNS]
    written = 0
    try:
        # newline="": the csv module writes its own \r\n; utf-8-sig writes the BOM.
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(headers)
            cursor: repo.Cursor | None = None
            while True:
                page = repo.log_page(db, flt, after=cursor, limit=page_size)
                writer.writerows(_cells(row, zone) for row in page.rows)
                written += len(page.rows)
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:  # a storage error or Ctrl+C too: no half file left over
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ExportError(path, exc.strerror or type(exc).__name__) from exc
        raise
    return written
