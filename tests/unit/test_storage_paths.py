from pathlib import Path

import platformdirs
import pytest

from desktop.storage.paths import DB_FILENAME, database_path, resolve_data_dir


def test_the_flag_wins_over_the_variable(tmp_path: Path) -> None:
    env = {"SMSDESK_DATA_DIR": str(tmp_path / "from-env")}
    assert resolve_data_dir(str(tmp_path / "from-flag"), env) == tmp_path / "from-flag"


def test_the_variable_is_used_without_a_flag(tmp_path: Path) -> None:
    env = {"SMSDESK_DATA_DIR": str(tmp_path / "from-env")}
    assert resolve_data_dir(None, env) == tmp_path / "from-env"


def test_without_either_the_platform_folder_is_used() -> None:
    expected = Path(platformdirs.user_data_dir("SMS Desk", appauthor=False))
    assert resolve_data_dir(None, {}) == expected.absolute()
    assert resolve_data_dir(None, {}).name == "SMS Desk"


def test_empty_values_count_as_not_given() -> None:
    # SMSDESK_DATA_DIR= in a profile must not put the outbox in the current directory.
    assert resolve_data_dir("", {"SMSDESK_DATA_DIR": ""}).name == "SMS Desk"


def test_relative_and_home_paths_become_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_data_dir("~/desk", {}) == tmp_path / "desk"
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("rel", {}) == tmp_path / "rel"


def test_database_file_name() -> None:
    assert DB_FILENAME == "outbox.sqlite3"
    assert database_path(Path("/x")) == Path("/x/outbox.sqlite3")
