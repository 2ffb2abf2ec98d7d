"""The PyInstaller bundle (`make bundle` -> dist/sms-desk/) runs as a front desk would run it.

Each check starts the frozen executable in a clean environment: no venv, no PYTHONPATH, a
home and runtime folder of its own, no display (Qt offscreen) and a keyring backend that
needs no desktop session. What a plain import scan can miss is exercised on purpose:
phonenumbers' lazily loaded region data and country names, tzdata's zone files (the
system's are hidden with PYTHONTZPATH=""), APScheduler's and keyring's entry points, the
SQLite dialect, Qt's platform and SVG plugins, and the translations.

Skipped when there is no bundle. SMSDESK_BUNDLE=/path/to/sms-desk/sms-desk points the checks
at a copy elsewhere (the bundle must not depend on where it was built).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
BUNDLE_EXE = Path(os.environ.get("SMSDESK_BUNDLE") or ROOT / "dist" / "sms-desk" / "sms-desk")
CONTENTS = BUNDLE_EXE.parent / "_internal"  # PyInstaller's default contents_directory

pytestmark = pytest.mark.skipif(
    not BUNDLE_EXE.is_file(),
    reason=f"no bundle at {BUNDLE_EXE}: run `make bundle` first",
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    runtime = tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONTZPATH": "",  # no system zone files: the bundled tzdata must do
    }


def run_bundle(
    *args: str, env: dict[str, str], timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BUNDLE_EXE), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=env["HOME"],
    )


def last_sunday(year: int, month: int) -> date:
    day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def test_smoke_sends_one_message_through_the_window(env: dict[str, str]) -> None:
    result = run_bundle("--smoke", env=env)
    assert result.returncode == 0, result.stderr
    assert "smoke: message sent" in result.stdout
    assert "Traceback" not in result.stderr


def test_smoke_in_swedish_finds_the_bundled_translations(env: dict[str, str]) -> None:
    result = run_bundle("--smoke", env={**env, "LANG": "sv_SE.UTF-8", "LC_ALL": "sv_SE.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert "smoke: message sent" in result.stdout
    assert "no sv translation" not in result.stderr, result.stderr  # i18n.install_translators


def test_version_is_the_package_version(env: dict[str, str]) -> None:
    result = run_bundle("--version", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"SMS Desk {__version__}"


def test_count_prints_json(env: dict[str, str]) -> None:
    result = run_bundle("count", "Hej", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "encoding": "GSM-7",
        "parts": 1,
        "units": 3,
        "remaining": 157,
        "offending": [],
    }


def test_send_and_list_use_phone_and_zone_data(env: dict[str, str], tmp_path: Path) -> None:
    data = str(tmp_path / "outbox")
    # The autumn night the clock goes back: 02:30 happens twice in Stockholm (tzdata).
    autumn = last_sunday(date.today().year + 1, 10)
    at = f"{autumn.isoformat()} 02:30"
    sent = run_bundle(
        "--data-dir",
        data,
        "send",
        "--to",
        "070-123 45 67",
        "--body",
        "Hej Anna!",
        "--at",
        at,
        "--repeated-hour",
        "second",
        env=env,
    )
    assert sent.returncode == 0, sent.stderr
    message_id = int(sent.stdout.strip())

    # Swedish region metadata: a landline is refused; Norwegian metadata and the geocoder's
    # country names are loaded on demand.
    landline = run_bundle(
        "--data-dir", data, "send", "--to", "08-123 456 78", "--body", "Hej", env=env
    )
    assert landline.returncode == 2, landline.stderr
    assert "landline" in landline.stderr and "Traceback" not in landline.stderr
    norway = run_bundle("--data-dir", data, "send", "--to", "+47 123", "--body", "Hej", env=env)
    assert norway.returncode == 2, norway.stderr
    assert "Norway" in norway.stderr and "Traceback" not in norway.stderr
    # The spring night has no 02:30 at all.
    spring = last_sunday(date.today().year + 1, 3)
    gap = run_bundle(
        "--data-dir",
        data,
        "send",
        "--to",
        "0701234567",
        "--body",
        "Hej",
        "--at",
        f"{spring.isoformat()} 02:30",
        env=env,
    )
    assert gap.returncode == 2 and "--at" in gap.stderr, gap.stderr

    listed = run_bundle("--data-dir", data, "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    [row] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["id"] == message_id
    assert row["receiver"] == "+46701234567"
    assert row["status"] == "queued"
    assert row["due_at"] == f"{autumn.isoformat()}T01:30:00Z"  # the second 02:30 is +01:00


def test_resources_sit_where_the_frozen_app_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    """i18n.translations_dir() under sys._MEIPASS, and app.ICON_PATH's place relative to it."""
    from desktop.ui import i18n

    monkeypatch.delenv(i18n.ENV_DIR, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(CONTENTS), raising=False)
    folder = i18n.translations_dir()
    for source in sorted((ROOT / "resources" / "translations").glob("smsdesk_*.ts")):
        language = source.stem.split("_", 1)[1]
        assert (folder / f"smsdesk_{language}.qm").is_file()
        assert (CONTENTS / "PySide6" / "Qt" / "translations" / f"qtbase_{language}.qm").is_file()
    # app.ICON_PATH is <desktop package's parent>/resources/icons/smsdesk.svg; frozen
    # modules' __file__ sits under sys._MEIPASS, so that parent is CONTENTS.
    for icon in (ROOT / "resources" / "icons").glob("*.svg"):
        assert (CONTENTS / "resources" / "icons" / icon.name).is_file()
    assert (CONTENTS / "certifi" / "cacert.pem").is_file()  # httpx verifies BokaMera's TLS
    plugins = CONTENTS / "PySide6" / "Qt" / "plugins"
    for plugin in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ):
        assert (plugins / plugin).is_file(), plugin
