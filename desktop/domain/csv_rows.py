"""Reading a CSV of messages (phone, body[, at]) into drafts, checking every row first.

Pure: it takes the file's text, so the CLI and the bulk dialog share it and the caller
decides how to read the file (and how to say that it could not).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime

from desktop.domain.compose import DeskRules, Draft, DraftRejected, FieldProblem, compose
from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.timerules import parse_local

HEADER_NAMES = {
    "phone": {"phone", "number", "receiver", "mobile", "telefon", "nummer", "mobil", "mottagare"},
    "body": {"body", "message", "text", "meddelande"},
    "at": {"at", "when", "time", "tid", "när"},
}


class CsvProblem(DomainError):
    context = "csv"


@dataclass(frozen=True)
class CsvRow:
    line: int  # 1-based line number in the file, as a spreadsheet shows it
    phone: str
    body: str
    at: str
    draft: Draft | None
    problems: tuple[FieldProblem, ...]

    @property
    def ok(self) -> bool:
        return self.draft is not None


DELIMITERS = (",", ";", "\t")
_PHONE_LIKE = re.compile(r"^[\s+\d().\-/]{5,}$")


def guess_delimiter(text: str) -> str:
    """The delimiter under which most rows read as "number, message[, time]".

    Spreadsheets save with ";" where the decimal mark is a comma (Sweden), and a message
    may itself hold commas, so counting characters (or csv.Sniffer, which gives up on rows
    of uneven length) picks wrongly; reading every row both ways does not.
    """

    def score(delimiter: str) -> int:
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        return sum(1 for cells in rows if 2 <= len(cells) <= 3 and _PHONE_LIKE.match(cells[0]))

    return max(DELIMITERS, key=lambda d: (score(d), d == ","))


def _looks_like_header(cells: list[str]) -> bool:
    first = [c.strip().lower() for c in cells[:3]]
    return bool(first) and first[0] in HEADER_NAMES["phone"]


def read_csv(text: str, *, now: datetime, rules: DeskRules | None = None) -> list[CsvRow]:
    """Every data row with its verdict. Raises CsvProblem when the file is not usable."""
    text = text.lstrip("\ufeff")  # Excel's UTF-8 BOM
    if not text.strip():
        raise CsvProblem("empty", QT_TRANSLATE_NOOP("csv", "The file is empty."))
    delimiter = guess_delimiter(text)
    rows: list[CsvRow] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for index, cells in enumerate(reader):
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if index == 0 and _looks_like_header(cells):
            continue
        rows.append(_check_row(line, cells, now=now, rules=rules))
    if not rows:
        raise CsvProblem("no_rows", QT_TRANSLATE_NOOP("csv", "The file has no messages in it."))
    return rows


def _check_row(line: int, cells: list[str], *, now: datetime, rules: DeskRules | None) -> CsvRow:
    phone = cells[0] if cells else ""
    body = cells[1] if len(cells) > 1 else ""
    at_text = cells[2].strip() if len(cells) > 2 else ""
    problems: list[FieldProblem] = []
    if len(cells) > 3 and any(c.strip() for c in cells[3:]):
        problems.append(
            FieldProblem(
                "row",
                CsvProblem(
                    "extra_columns",
                    QT_TRANSLATE_NOOP(
                        "csv",
                        "This row has {count} columns; expected phone, message and an "
                        "optional time. A message with commas must be in quotes.",
                    ),
                    count=len(cells),
                ),
            )
        )
    at: datetime | None = None
    if at_text:
        try:
            at = parse_local(at_text)
        except DomainError as err:
            problems.append(FieldProblem("at", err))
    draft: Draft | None = None
    try:
        draft = compose(phone, body, now=now, at=at, rules=rules)
    except DraftRejected as rejected:
        problems.extend(
            p for p in rejected.problems if not (p.field == "at" and at_text and at is None)
        )
    if problems:
        draft = None
    return CsvRow(line, phone, body, at_text, draft, tuple(problems))
