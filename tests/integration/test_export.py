"""CSV export of the log: the on-screen filter, in order, readable by Excel, written safely."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.export import COLUMNS, ExportError, export_csv

T0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm (winter time)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _fill(db: Database, count: int) -> list[repo.MessageRow]:
    news = [
        repo.NewMessage(
            receiver=f"+4670{1000000 + i:07d}",
            body=f'Hej Åsa {i}! Välkommen på måndag, kl. 10; ta med "kortet".',
            due_at=T0 + timedelta(minutes=i % 7),  # many share a due time: id breaks ties
            no_later_than=None,
            created_by="Örjan" if i % 2 else "Anna",
        )
        for i in range(count)
    ]
    return repo.enqueue_many(db, news, now=T0)


def _read(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    return raw, list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _on_screen(db: Database, flt: repo.LogFilter) -> list[int]:
    ids, cursor = [], None
    while True:
        page = repo.log_page(db, flt, after=cursor, limit=100)
        ids += [r.id for r in page.rows]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def test_every_row_in_log_order_with_bom_semicolons_and_swedish_letters(
    db: Database, tmp_path: Path
) -> None:
    rows = _fill(db, 30)
    [claimed] = repo.claim_due(db, now=T0, limit=1)
    repo.mark_sent(db, claimed.id, now=T0, server_id=9, sent_at=T0 + timedelta(seconds=5))
    out = tmp_path / "logg.csv"

    count = export_csv(db, repo.LogFilter(), out, zone=STOCKHOLM)

    raw, table = _read(out)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert count == 30 and len(table) == 31
    assert table[0] == list(COLUMNS)
    assert [int(r[0]) for r in table[1:]] == _on_screen(db, repo.LogFilter())
    by_id = {int(r[0]): r for r in table[1:]}
    first = by_id[rows[0].id]
    assert first[3] == rows[0].body  # åäö, the semicolon and the quotes survive
    assert first[4] == "2026-01-12 10:00"  # desk-local
    assert first[9] == "Anna" and by_id[rows[1].id][9] == "Örjan"
    sent = by_id[claimed.id]
    assert sent[1] == "sent" and sent[5] == "2026-01-12 10:00" and sent[6] == "1"
    assert by_id[rows[2].id][5] == ""  # not sent: empty, not "None"


def test_the_filter_is_the_one_on_screen(db: Database, tmp_path: Path) -> None:
    rows = _fill(db, 40)
    for row in rows[:10]:
        repo.cancel(db, row.id, actor="Anna", now=T0)
    flt = repo.LogFilter(
        statuses=frozenset({Status.QUEUED}), text="åsa 3", since=T0, until=T0 + timedelta(days=1)
    )
    count = export_csv(db, flt, tmp_path / "x.csv", zone=STOCKHOLM)
    _, table = _read(tmp_path / "x.csv")
    expected = _on_screen(db, flt)
    assert [int(r[0]) for r in table[1:]] == expected and count == len(expected)
    assert 0 < count < 40 and all(r[1] == "queued" for r in table[1:])


def test_small_pages_give_the_very_same_file(db: Database, tmp_path: Path) -> None:
    _fill(db, 23)
    export_csv(db, repo.LogFilter(), tmp_path / "one.csv", zone=STOCKHOLM, page_size=1)
    export_csv(db, repo.LogFilter(), tmp_path / "big.csv", zone=STOCKHOLM, page_size=1000)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "big.csv").read_bytes()


def test_cells_that_excel_would_run_as_formulas_are_defused(db: Database, tmp_path: Path) -> None:
    row = repo.enqueue(
        db,
        repo.NewMessage(
            receiver="+46701234567",
            body='=HYPERLINK("http://evil.example","Klicka")',
            due_at=T0,
            no_later_than=None,
            created_by="@anna",
        ),
        now=T0,
    )
    export_csv(db, repo.LogFilter(), tmp_path / "x.csv", zone=STOCKHOLM)
    _, table = _read(tmp_path / "x.csv")
    [cells] = table[1:]
    assert cells[0] == str(row.id)
    assert cells[2] == "'+46701234567"
    assert cells[3].startswith("'=HYPERLINK")
    assert cells[9] == "'@anna"


def test_titles_are_translated_when_asked(db: Database, tmp_path: Path) -> None:
    _fill(db, 1)
    swedish = {"id": "nr", "message": "meddelande", "due": "ska skickas"}
    export_csv(
        db,
        repo.LogFilter(),
        tmp_path / "x.csv",
        zone=STOCKHOLM,
        translate=lambda context, text: swedish.get(text, text) if context == "export" else "?",
    )
    _, table = _read(tmp_path / "x.csv")
    assert table[0][:5] == ["nr", "status", "receiver", "meddelande", "ska skickas"]


def test_a_failed_export_keeps_the_earlier_file_and_leaves_no_part(
    db: Database, tmp_path: Path
) -> None:
    _fill(db, 3)
    target = tmp_path / "busy.csv"
    target.mkdir()  # a folder where the file should go: the rename fails at the very end
    (target / "keep.txt").write_text("mine")
    with pytest.raises(ExportError) as caught:
        export_csv(db, repo.LogFilter(), target, zone=STOCKHOLM)
    assert caught.value.code == "export_failed" and str(target) in caught.value.message
    assert (target / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir() if "csv" in p.name) == ["busy.csv"]
    with pytest.raises(ExportError):
        export_csv(db, repo.LogFilter(), tmp_path / "missing" / "x.csv", zone=STOCKHOLM)


def test_rows_queued_during_the_export_never_repeat_a_row(db: Database, tmp_path: Path) -> None:
    _fill(db, 60)
    stop = threading.Event()
    started = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            # Due between the rows already there: they land on pages not yet read.
            repo.enqueue(
                db,
                repo.NewMessage(
                    receiver="+46709999999",
                    body=f"ny {i}",
                    due_at=T0 + timedelta(minutes=3, seconds=i % 50),
                    no_later_than=None,
                    created_by="Anna",
                ),
                now=T0,
            )
            i += 1
            started.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(timeout=30)
        count = export_csv(db, repo.LogFilter(), tmp_path / "x.csv", zone=STOCKHOLM, page_size=4)
    finally:
        stop.set()
        thread.join()
    _, table = _read(tmp_path / "x.csv")
    ids = [int(r[0]) for r in table[1:]]
    assert len(ids) == len(set(ids)) == count >= 60
    due = [r[4] for r in table[1:]]
    assert due == sorted(due, reverse=True)
    assert set(range(1, 61)) <= set(ids)  # every row there at the start is in the file
