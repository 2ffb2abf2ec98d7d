"""The command line, run as a separate process exactly as a user would type it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop.sandbox.server import SandboxServer
from tests.integration.cli_helpers import account_env, clean_env, cli, without_quiet_hours


def listed(data_dir: Path) -> list[dict[str, object]]:
    result = cli(data_dir, "list", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_send_prints_the_id_and_queues(tmp_path: Path) -> None:
    result = cli(tmp_path, "send", "--to", "070-123 45 67", "--body", "Hej Anna!")
    assert result.returncode == 0, result.stderr
    message_id = int(result.stdout.strip())
    [row] = listed(tmp_path)
    assert row["id"] == message_id
    assert row["receiver"] == "+46701234567"
    assert row["status"] == "queued"
    assert row["attempts"] == 0 and row["server_id"] is None
    assert str(row["due_at"]).endswith("Z")
    for key in ("body", "sent_at", "last_error"):
        assert key in row


def test_bad_input_exits_2_with_the_reason_and_stores_nothing(tmp_path: Path) -> None:
    cases = [
        (["--to", "08-123 456 78", "--body", "Hej"], "--to"),  # a landline
        (["--to", "0701", "--body", "Hej"], "--to"),
        (["--to", "0701234567", "--body", "   "], "--body"),
        (["--to", "0701234567", "--body", "Hej", "--at", "2020-01-01 09:00"], "--at"),
        (["--to", "0701234567", "--body", "Hej", "--at", "tomorrow"], "--at"),
        (["--to", "0701234567", "--body", "Hej", "--at", "2027-03-28 02:30"], "--at"),
    ]
    for args, field in cases:
        result = cli(tmp_path, "send", *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert field in result.stderr and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert listed(tmp_path) == []


def test_repeated_hour_needs_a_choice(tmp_path: Path) -> None:
    args = ["send", "--to", "0701234567", "--body", "Hej", "--at", "2027-10-31 02:30"]
    refused = cli(tmp_path, *args)
    assert refused.returncode == 2 and "--at" in refused.stderr
    accepted = cli(tmp_path, *args, "--repeated-hour", "second")
    assert accepted.returncode == 0, accepted.stderr
    [row] = listed(tmp_path)
    assert row["due_at"] == "2027-10-31T01:30:00Z"  # 02:30 winter time (+01:00)


def test_import_is_all_or_nothing_with_line_numbers(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "phone,body,at\n"
        "0701234567,Hej Anna,\n"
        "0701,Hej Bo,\n"
        "0709876543,,\n"
        '0731112233,"Hej, Cecilia",2020-01-01 10:00\n',
        encoding="utf-8",
    )
    result = cli(tmp_path, "import", str(bad))
    assert result.returncode == 2
    assert "line 3" in result.stderr and "line 4" in result.stderr and "line 5" in result.stderr
    assert "line 2:" not in result.stderr
    assert listed(tmp_path) == []

    good = tmp_path / "good.csv"
    good.write_text(
        '0701234567,Hej Anna\n0709876543,"Hej, Bo"\n+46731112233,Hej Cecilia,2099-01-01 10:00\n',
        encoding="utf-8",
    )
    result = cli(tmp_path, "import", str(good))
    assert result.returncode == 0, result.stderr
    rows = listed(tmp_path)
    assert sorted(r["receiver"] for r in rows) == ["+46701234567", "+46709876543", "+46731112233"]
    assert {r["body"] for r in rows} == {"Hej Anna", "Hej, Bo", "Hej Cecilia"}


def test_import_of_a_missing_or_binary_file_is_explained(tmp_path: Path) -> None:
    missing = cli(tmp_path, "import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    result = cli(tmp_path, "import", str(binary))
    assert result.returncode == 2 and "UTF-8" in result.stderr


def test_cancel_then_cancel_again(tmp_path: Path) -> None:
    message_id = cli(tmp_path, "send", "--to", "0701234567", "--body", "Hej").stdout.strip()
    first = cli(tmp_path, "cancel", message_id)
    assert first.returncode == 0, first.stderr
    again = cli(tmp_path, "cancel", message_id)
    assert again.returncode == 2 and again.stderr
    missing = cli(tmp_path, "cancel", "9999")
    assert missing.returncode == 2 and missing.stderr
    [row] = listed(tmp_path)
    assert row["status"] == "cancelled"


def test_run_until_idle_sends_to_the_account_from_the_environment(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    without_quiet_hours(data)
    with SandboxServer(db_path=tmp_path / "sandbox.sqlite3") as sandbox:
        env = account_env(sandbox)
        for n in range(3):
            assert (
                cli(data, "send", "--to", f"070123456{n}", "--body", "Hej!", env=env).returncode
                == 0
            )
        later = cli(
            data, "send", "--to", "0709999999", "--body", "Sen", "--at", "2099-01-01 10:00", env=env
        )
        assert later.returncode == 0
        result = cli(data, "run", "--until-idle", env=env)
        assert result.returncode == 0, result.stderr
        rows = {r["receiver"]: r for r in listed(data)}
        for n in range(3):
            row = rows[f"+4670123456{n}"]
            assert row["status"] == "sent" and row["server_id"] is not None and row["sent_at"]
            assert sandbox.accepted_count(f"+4670123456{n}", "Hej!") == 1
        assert rows["+46709999999"]["status"] == "queued"


def test_run_without_an_account_uses_practice_mode(tmp_path: Path) -> None:
    without_quiet_hours(tmp_path)
    assert cli(tmp_path, "send", "--to", "0701234567", "--body", "Övning").returncode == 0
    result = cli(tmp_path, "run", "--until-idle")
    assert result.returncode == 0, result.stderr
    assert "practice mode" in result.stderr
    [row] = listed(tmp_path)
    assert row["status"] == "sent"


def test_wrong_password_stops_with_the_reason_and_spends_nothing(tmp_path: Path) -> None:
    without_quiet_hours(tmp_path)
    with SandboxServer(db_path=tmp_path / "sandbox.sqlite3") as sandbox:
        env = account_env(sandbox, SMSDESK_PASSWORD="not-the-password")
        assert cli(tmp_path, "send", "--to", "0701234567", "--body", "Hej", env=env).returncode == 0
        result = cli(tmp_path, "run", "--until-idle", env=env)
        assert result.returncode == 1
        assert "paused" in result.stderr
        assert "password" not in result.stderr or "not-the-password" not in result.stderr
        [row] = listed(tmp_path)
        assert row["status"] == "queued" and row["attempts"] == 0
        assert sandbox.total_accepted() == 0


def test_run_until_idle_explains_quiet_hours(tmp_path: Path) -> None:
    from desktop.storage import repository as repo
    from desktop.storage.database import open_database
    from desktop.sync import desk

    db = open_database(tmp_path / "outbox.sqlite3")
    # Quiet all day but one minute, so the test holds at any hour it runs.
    now = datetime.now(ZoneInfo("Europe/Stockholm"))
    start = (now - timedelta(hours=1)).strftime("%H:%M")
    end = (now + timedelta(hours=1)).strftime("%H:%M")
    repo.set_setting(db, desk.QUIET_START, start)
    repo.set_setting(db, desk.QUIET_END, end)
    db.close()
    assert cli(tmp_path, "send", "--to", "0701234567", "--body", "Hej").returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path), "run", "--until-idle"],
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    assert proc.stderr is not None
    try:
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "quiet hours" in line:
                break
        assert any(f"until {end}" in line for line in lines), lines
    finally:
        proc.kill()
        proc.wait()
    [row] = listed(tmp_path)
    assert row["status"] == "queued"


def test_a_second_run_on_the_same_folder_refuses_and_says_who_sends(tmp_path: Path) -> None:
    from tests.integration.cli_helpers import start_cli, wait_for

    without_quiet_hours(tmp_path)
    with SandboxServer(db_path=tmp_path / "sandbox.sqlite3") as sandbox:
        env = account_env(sandbox)
        first = start_cli(tmp_path, "run", env=env)
        try:
            lock = tmp_path / "sender.lock"
            # The lock file names its holder once the first run has taken it.
            wait_for(lambda: lock.exists() and f'"pid": {first.pid}' in lock.read_text())
            second = cli(tmp_path, "run", "--until-idle", env=env)
            assert second.returncode == 1
            assert "already sending" in second.stderr
            assert f"process {first.pid}" in second.stderr
        finally:
            first.terminate()
            first.wait(timeout=30)
