"""Reading CSV files of messages: every row checked, with the line a spreadsheet shows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop.domain.csv_rows import CsvProblem, guess_delimiter, read_csv

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


def fields(rows, line: int) -> set[str]:  # type: ignore[no-untyped-def]
    [row] = [r for r in rows if r.line == line]
    return {p.field for p in row.problems}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0701234567,Hej Anna\n", ","),
        ("0701234567;Hej Anna\n", ";"),
        ("0701234567\tHej Anna\n", "\t"),
        ("0701234567;Hej, Anna, välkommen\n0709876543;Hej Bo\n", ";"),
        # Uneven rows (one with a trailing ;) defeat csv.Sniffer; not this.
        (
            "0701234567;Hej Anna;\n0709876543;Hej Bo\n0731112233;Hej, Cecilia;2026-03-03 10:00\n",
            ";",
        ),
        ('0701234567,"Hej; Anna"\n', ","),
        ("phone;body\n0701234567;Hej\n", ";"),
    ],
)
def test_delimiter_is_the_one_that_reads_rows_as_number_and_message(
    text: str, expected: str
) -> None:
    assert guess_delimiter(text) == expected


def test_good_rows_become_drafts_in_e164_and_utc() -> None:
    rows = read_csv(
        "telefon;meddelande;tid\n070-123 45 67;Hej Anna;2026-03-03 09:00\n+46709876543;Hej Bo\n",
        now=NOW,
    )
    assert [r.line for r in rows] == [2, 3]
    assert all(r.ok for r in rows)
    first, second = (r.draft for r in rows)
    assert first is not None and second is not None
    assert first.receiver == "+46701234567"
    assert first.due_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert second.due_at == NOW  # no time: now


def test_each_bad_row_names_its_field_and_line() -> None:
    rows = read_csv(
        "0701234567,Hej Anna\n"
        "0701,Hej Bo\n"
        "0709876543,\n"
        "0731112233,Hej,2020-01-01 10:00\n"
        "0731112234,Hej,imorgon\n"
        "0731112235,Hej,2026-03-29 02:30\n"
        "0731112236,Hej,2026-03-04 10:00,extra\n",
        now=NOW,
    )
    assert rows[0].ok
    assert fields(rows, 2) == {"receiver"}
    assert fields(rows, 3) == {"body"}
    assert fields(rows, 4) == {"at"}
    assert fields(rows, 5) == {"at"}  # not a time: said once, not twice
    assert fields(rows, 6) == {"at"}  # the spring DST gap
    assert fields(rows, 7) == {"row"}


def test_a_quoted_message_over_two_lines_keeps_the_spreadsheet_line_numbers() -> None:
    rows = read_csv('0701234567,"Hej Anna,\nvälkommen"\n0701,Hej\n', now=NOW)
    assert rows[0].ok and rows[0].draft is not None
    assert rows[0].draft.body == "Hej Anna,\nvälkommen"
    assert rows[1].line == 3 and not rows[1].ok


def test_excel_bom_and_blank_lines_are_ignored() -> None:
    rows = read_csv("\ufeffphone,body\n\n0701234567,Hej\n\n", now=NOW)
    assert len(rows) == 1 and rows[0].ok


@pytest.mark.parametrize(
    ("text", "code"), [("", "empty"), ("  \n\n", "empty"), ("phone,body\n", "no_rows")]
)
def test_an_unusable_file_is_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(CsvProblem) as caught:
        read_csv(text, now=NOW)
    assert caught.value.code == code and caught.value.message
