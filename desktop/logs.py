"""The app's log file: rotated, masked, and never holding a message body or a secret.

The rule for every ``log.*`` call in SMS Desk (DESIGN.md invariant 6):
- never pass a message body (or anything built from one) to a logger. A body cannot be
  recognised after the fact, so no filter can take it out again; log the message id;
- never pass a password, token or API key, even though the filter below strips what looks
  like one: it is a safety net for third-party libraries and exception texts, not a licence;
- phone numbers may reach a log only masked (``mask_phone``); the filter masks any digit
  run that looks like one, in the message and in tracebacks.
``tests/unit/test_logs.py`` runs the real engine against the sandbox at DEBUG and checks the
file for the body, the number, the password, the API key and the access token.

Times in the file are UTC, like every time in the outbox, so a log line and a message's
history can be laid side by side.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs

from desktop.api import logsafe
from desktop.api.errors import mask_numbers_in
from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.storage.paths import APP_NAME

__all__ = [
    "ENV_LOG_DIR",
    "LOG_FILENAME",
    "LogSetupError",
    "RedactingFilter",
    "install_excepthooks",
    "log_dir",
    "log_path",
    "redact",
    "setup_logging",
    "shutdown_logging",
]

ENV_LOG_DIR = "SMSDESK_LOG_DIR"
LOG_FILENAME = "smsdesk.log"
DEFAULT_MAX_BYTES = 1_000_000
DEFAULT_BACKUPS = 5
_SUMMARY_LIMIT = 300  # a crash dialog shows one line, not a novel

log = logging.getLogger(__name__)

# --- what counts as a secret ----------------------------------------------------------------

_BEARER = re.compile(r"(?i)\bbearer\s+[A-Za-z0-9\-._~+/]+=*")
# A JWT (Keycloak access and refresh tokens) even without "Bearer" in front of it.
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?")
# BokaMera API keys are GUIDs. Message uuids look the same and go too: nothing is lost,
# the short message id is what support needs.
_GUID = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)
# password=..., "refresh_token": "...", x-api-key: ... (forms, JSON, dict reprs, headers).
_KEY_VALUE = re.compile(
    r"(?i)(\b(?:password|passwd|pwd|client_secret|secret|api[_-]?key|access_token"
    r"|refresh_token|id_token|token)[\"']?\s*[=:]\s*[\"']?)(?!\[)[^\s\"'&,;}\]]+"
)
# An ISO time ("2026-03-02T09:00:00Z") is a run of digits and dashes that the phone masker
# would take for a number; times are what support reads first, so they are kept whole.
# A phone number never holds a colon, so nothing that is one is kept by this.
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?")


def redact(text: str) -> str:
    """``text`` without tokens, API keys and passwords, and with phone numbers masked."""
    text = _BEARER.sub("Bearer [token]", text)
    text = _JWT.sub("[token]", text)
    text = _KEY_VALUE.sub(r"\1[redacted]", text)  # after the two above: skips "[token]"
    text = _GUID.sub("[guid]", text)
    parts: list[str] = []
    start = 0
    for kept in _ISO_TIME.finditer(text):
        parts.append(mask_numbers_in(text[start : kept.start()]))
        parts.append(kept.group(0))
        start = kept.end()
    parts.append(mask_numbers_in(text[start:]))
    return "".join(parts)


class RedactingFilter(logging.Filter):
    """Redacts each record in place before a handler formats it: the message with its
    arguments filled in, the traceback and the stack. Redacting twice changes nothing."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string in someone's log call: keep the line
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


# --- setting up and tearing down ------------------------------------------------------------


class LogSetupError(DomainError):
    """The log folder cannot be used. The app can run on without a log file; say so."""

    context = "logs"

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(
            "log_folder_unwritable",
            QT_TRANSLATE_NOOP(
                "logs",
                "SMS Desk cannot write its log in {folder} ({reason}). It works as usual, but "
                "if something goes wrong there is no log to send to support. Set "
                "SMSDESK_LOG_DIR to a folder you can write to.",
            ),
            folder=str(folder),
            reason=reason,
        )
        self.folder = folder


@dataclass
class _Installed:
    handler: RotatingFileHandler
    path: Path
    previous_level: int


_lock = threading.Lock()
_installed: _Installed | None = None


def _resolve_dir(explicit: Path | None, env: Mapping[str, str]) -> Path:
    if explicit is not None:
        return Path(explicit).expanduser().absolute()
    # Empty counts as unset, as for SMSDESK_DATA_DIR: no log in the current directory.
    if env.get(ENV_LOG_DIR):
        return Path(env[ENV_LOG_DIR]).expanduser().absolute()
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)).absolute()


def setup_logging(
    log_dir: Path | None = None,
    *,
    level: int = logging.INFO,
    max_bytes: int = DEFAULT_MAX_BYTES,
    backups: int = DEFAULT_BACKUPS,
    env: Mapping[str, str] = os.environ,
) -> Path:
    """Send every log record to a rotating, redacted file and return that file's path.

    The folder is ``log_dir``, else $SMSDESK_LOG_DIR, else the platform's log folder.
    Calling it again replaces the earlier file handler. Raises LogSetupError when the
    folder cannot be written; the caller should warn and carry on without a file.
    """
    folder = _resolve_dir(log_dir, env)
    path = folder / LOG_FILENAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
        )
    except OSError as exc:
        raise LogSetupError(folder, exc.strerror or type(exc).__name__) from exc
    handler.setFormatter(
        _UtcFormatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
    )
    # On the handler, not on a logger: a logger's filters do not see records that
    # propagate up from child loggers (httpx, httpcore, apscheduler, ours).
    handler.addFilter(RedactingFilter())
    logsafe.install()  # query strings (receivers) out of httpx's request lines
    root = logging.getLogger()
    global _installed
    with _lock:
        previous_level = root.level
        if _installed is not None:
            previous_level = _installed.previous_level
            _remove(_installed)
        root.addHandler(handler)
        root.setLevel(level)
        _installed = _Installed(handler, path, previous_level)
    log.info("SMS Desk log started (level %s)", logging.getLevelName(level))
    return path


def _remove(installed: _Installed) -> None:
    root = logging.getLogger()
    root.removeHandler(installed.handler)
    installed.handler.close()


def shutdown_logging() -> None:
    """Close the file handler and give the root logger its old level back (at exit, and
    between tests)."""
    global _installed
    with _lock:
        if _installed is None:
            return
        _remove(_installed)
        logging.getLogger().setLevel(_installed.previous_level)
        _installed = None


def log_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The folder the log is in (Help > Open log folder); where it would go if not set up."""
    with _lock:
        if _installed is not None:
            return _installed.path.parent
    return _resolve_dir(None, env)


def log_path(env: Mapping[str, str] = os.environ) -> Path:
    """The current log file (older ones beside it end in .1 .. .5)."""
    with _lock:
        if _installed is not None:
            return _installed.path
    return _resolve_dir(None, env) / LOG_FILENAME


# --- crashes --------------------------------------------------------------------------------

CrashCallback = Callable[[str, Path], None]


def _summary(exc_type: type[BaseException], exc: BaseException | None) -> str:
    text = f"{exc_type.__name__}: {exc}" if exc is not None and str(exc) else exc_type.__name__
    text = redact(" ".join(text.split()))
    return text if len(text) <= _SUMMARY_LIMIT else text[: _SUMMARY_LIMIT - 1] + "…"


def install_excepthooks(on_crash: CrashCallback) -> Callable[[], None]:
    """Log every uncaught exception (redacted, with its traceback) and tell ``on_crash``.

    ``on_crash(summary, log_path)`` gets a one-line, redacted summary and the log file to
    point the user at. It is called on the thread that crashed: a UI must hand it to the
    GUI thread (a queued signal) before showing a dialog. Returns a function that puts the
    previous hooks back.
    """
    previous_sys = sys.excepthook
    previous_thread = threading.excepthook

    def report(
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        where: str,
    ) -> None:
        log.critical("unhandled exception in %s", where, exc_info=(exc_type, exc, tb))
        try:
            on_crash(_summary(exc_type, exc), log_path())
        except Exception:  # the report must never raise from inside an excepthook
            log.exception("the crash report itself failed")

    def sys_hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal is no crash
            previous_sys(exc_type, exc, tb)
            return
        report(exc_type, exc, tb, "the main thread")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):  # what threading itself ignores
            return
        name = args.thread.name if args.thread is not None else "a thread"
        report(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def uninstall() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread

    return uninstall
