"""The log file: where it goes, what it masks, what it must never hold, and crash reports."""

from __future__ import annotations

import configparser
import logging
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import platformdirs
import pytest

from desktop import logs
from desktop.api.errors import mask_phone
from desktop.domain.status import Status
from desktop.storage import repository as repo
from tests.integration.engine_fixtures import Desk, desk  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
NUMBER = "+46738291564"
API_KEY = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm5hIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logs.setup_logging(tmp_path / "logs", level=logging.DEBUG)
    try:
        yield path
    finally:
        logs.shutdown_logging()


def _text(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


# --- redaction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "gone", "kept"),
    [
        (f"to {NUMBER} now", NUMBER, mask_phone(NUMBER)),
        ("call 070-829 15 64", "829 15", "07*-*** ** 64"),
        (f"headers {{'Authorization': 'Bearer {JWT}'}}", JWT, "Bearer [token]"),
        (f"got {JWT} back", JWT, "[token]"),
        (f"x-api-key: {API_KEY}", API_KEY, "x-api-key: [redacted]"),
        (f"key {API_KEY} in text", API_KEY, "[guid]"),
        ("grant_type=password&password=hunter2&username=anna", "hunter2", "username=anna"),
        ('{"refresh_token": "abc.def.ghi"}', "abc.def.ghi", '"refresh_token": "[redacted]"'),
        ("next try 2026-03-02T09:31:00Z", "*", "2026-03-02T09:31:00Z"),
    ],
)
def test_redact(raw: str, gone: str, kept: str) -> None:
    out = logs.redact(raw)
    assert gone not in out
    assert kept in out


def test_redacting_twice_changes_nothing() -> None:
    once = logs.redact(f"password=x to {NUMBER} with Bearer {JWT} and {API_KEY}")
    assert logs.redact(once) == once


# --- the file ---------------------------------------------------------------------------------


def test_records_are_masked_in_the_file_arguments_and_tracebacks(log_file: Path) -> None:
    lg = logging.getLogger("desktop.test")
    lg.info("sending to %s with key %s", NUMBER, API_KEY)
    try:
        raise RuntimeError(f"server refused {NUMBER}: password=hunter2")
    except RuntimeError:
        lg.exception("it failed for %s", NUMBER)
    text = _text(log_file)
    assert NUMBER not in text and API_KEY not in text and "hunter2" not in text
    assert text.count(mask_phone(NUMBER)) >= 3  # the message, the exception line, the arg
    assert "Traceback (most recent call last)" in text
    assert "desktop.test: sending to" in text


def test_third_party_loggers_are_masked_too(log_file: Path) -> None:
    # The filter sits on the handler, so children of any logger are covered.
    logging.getLogger("httpcore.http11").debug("Authorization: Bearer %s", JWT)
    text = _text(log_file)
    assert JWT not in text and "Bearer [token]" in text


def test_lines_carry_utc_times_that_are_not_masked(log_file: Path) -> None:
    logging.getLogger("desktop.test").warning("hello")
    line = next(x for x in _text(log_file).splitlines() if x.endswith("hello"))
    stamp = line.split(" ", 1)[0]
    assert stamp.endswith("+00:00") and "*" not in stamp


def test_folder_comes_from_argument_then_variable_then_platform(tmp_path: Path) -> None:
    assert logs.log_dir(env={}) == Path(platformdirs.user_log_dir("SMS Desk", appauthor=False))
    assert logs.log_dir(env={logs.ENV_LOG_DIR: ""}) == logs.log_dir(env={})
    chosen = tmp_path / "from-env"
    path = logs.setup_logging(env={logs.ENV_LOG_DIR: str(chosen)})
    try:
        assert path == chosen / logs.LOG_FILENAME and path.exists()
        assert logs.log_dir() == chosen
        assert logs.log_path() == path
    finally:
        logs.shutdown_logging()


def test_setting_up_again_replaces_the_handler_and_shutdown_restores(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    first = logs.setup_logging(tmp_path / "a", level=logging.DEBUG)
    second = logs.setup_logging(tmp_path / "b", level=logging.INFO)
    try:
        logging.getLogger("desktop.test").warning("only in b")
        assert "only in b" in _text(second)
        assert "only in b" not in first.read_text(encoding="utf-8")
        ours = [h for h in root.handlers if h not in before[1]]
        assert len(ours) == 1
    finally:
        logs.shutdown_logging()
    assert (root.level, list(root.handlers)) == before


def test_the_file_rotates_and_every_part_stays_masked(tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path, level=logging.INFO, max_bytes=2000, backups=2)
    try:
        for i in range(200):
            logging.getLogger("desktop.test").info("line %d to %s", i, NUMBER)
    finally:
        logs.shutdown_logging()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["smsdesk.log", "smsdesk.log.1", "smsdesk.log.2"]
    for part in tmp_path.iterdir():
        assert part.stat().st_size <= 2200
        assert NUMBER not in part.read_text(encoding="utf-8")
    assert "line 199" in path.read_text(encoding="utf-8")


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(logs.LogSetupError) as caught:
        logs.setup_logging(blocker / "logs")
    assert caught.value.code == "log_folder_unwritable"
    assert str(blocker / "logs") in caught.value.message


# --- crash reports ----------------------------------------------------------------------------


class Crashes:
    def __init__(self) -> None:
        self.seen: list[tuple[str, Path, str]] = []

    def __call__(self, summary: str, path: Path) -> None:
        self.seen.append((summary, path, threading.current_thread().name))


def test_a_crashing_thread_is_logged_masked_and_reported(log_file: Path) -> None:
    crashes = Crashes()
    uninstall = logs.install_excepthooks(crashes)
    try:

        def work() -> None:
            raise ValueError(f"no such receiver {NUMBER}")

        worker = threading.Thread(target=work, name="smsdesk-worker")
        worker.start()
        worker.join()
    finally:
        uninstall()
    assert crashes.seen == [
        (f"ValueError: no such receiver {mask_phone(NUMBER)}", log_file, "smsdesk-worker")
    ]
    text = _text(log_file)
    assert "unhandled exception in thread smsdesk-worker" in text
    assert "in work" in text and NUMBER not in text


def test_main_thread_crash_is_reported_and_hooks_are_restored(log_file: Path) -> None:
    crashes = Crashes()
    before = (sys.excepthook, threading.excepthook)
    uninstall = logs.install_excepthooks(crashes)
    try:
        try:
            raise KeyError(f"password={JWT}")
        except KeyError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    [(summary, path, _)] = crashes.seen
    assert summary.startswith("KeyError") and JWT not in summary and path == log_file
    assert JWT not in _text(log_file)


def test_ctrl_c_goes_to_the_previous_hook_not_the_crash_dialog(log_file: Path) -> None:
    passed_on: list[type[BaseException]] = []
    original = sys.excepthook
    sys.excepthook = lambda t, v, tb: passed_on.append(t)
    crashes = Crashes()
    uninstall = logs.install_excepthooks(crashes)
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        uninstall()
        sys.excepthook = original
    assert passed_on == [KeyboardInterrupt] and crashes.seen == []


def test_a_failing_crash_callback_does_not_escape_the_hook(log_file: Path) -> None:
    def broken(summary: str, path: Path) -> None:
        raise OSError("no display")

    uninstall = logs.install_excepthooks(broken)
    try:
        sys.excepthook(RuntimeError, RuntimeError("x"), None)  # must not raise
    finally:
        uninstall()
    assert "the crash report itself failed" in _text(log_file)


# --- the real engine path at DEBUG -------------------------------------------------------------

BODY = "Hemligt besked Zebrafink-7341: välkommen åter"


def test_engine_path_never_logs_body_number_or_secrets(desk: Desk, tmp_path: Path) -> None:  # noqa: F811
    path = logs.setup_logging(tmp_path / "engine-logs", level=logging.DEBUG)
    try:
        plain = desk.queue(receiver=NUMBER, body=BODY)
        refused = desk.queue(receiver="+46812345678", body=BODY)  # fixed line: a 400
        desk.engine.tick()
        # Accepted, answer lost: the engine reconciles against the log, which it reads
        # with the receiver and body in the query.
        desk.sandbox.set_faults(accept_then_drop_rate=1.0, seed=3)
        lost = desk.queue(receiver=NUMBER, body=BODY + " igen")
        desk.engine.tick()
        desk.sandbox.clear_faults()
        desk.sandbox.set_faults(expire_all_tokens=True)  # a token refresh on the way
        desk.clock.advance(timedelta(minutes=5))
        desk.drain()
        desk.engine.pull_history()
        token = desk.engine.client._auth.access_token()  # the one in use; no request
    finally:
        logs.shutdown_logging()

    assert desk.status_of(plain.id) == Status.SENT
    assert desk.status_of(refused.id) == Status.FAILED
    assert desk.status_of(lost.id) == Status.SENT
    row = repo.get(desk.db, lost.id)
    assert row is not None and row.attempts == 1
    text = path.read_text(encoding="utf-8")
    assert "DEBUG" in text and mask_phone(NUMBER) in text  # the path really was logged
    for secret in (
        BODY,
        "Zebrafink",
        NUMBER,
        NUMBER[1:],
        "812345678",
        desk.sandbox.password,
        desk.sandbox.api_key,
        token,
        token.split(".")[1],  # not even the payload of the JWT
    ):
        assert secret not in text, f"{secret!r} reached the log"


# --- desktop entry and icon (resources/) -------------------------------------------------------


def test_desktop_entry_parses_and_names_the_app() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(ROOT / "resources" / "smsdesk.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "SMS Desk"
    assert entry["Name[sv]"] and entry["Comment"] and entry["Comment[sv]"]
    assert entry["Exec"].split()[0] == "sms-desk"
    assert entry["Icon"] == "smsdesk"
    assert "Office" in entry["Categories"].split(";") and entry["Categories"].endswith(";")


def test_icon_is_valid_svg_with_a_square_view_box() -> None:
    tree = ET.parse(ROOT / "resources" / "icons" / "smsdesk.svg")
    svg = tree.getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(v) for v in svg.attrib["viewBox"].split())
    assert width == height > 0
    assert len(list(svg.iter())) > 3
