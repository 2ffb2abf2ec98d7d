"""SandboxServer: a BokaMera-compatible HTTP server on loopback, for practice mode and tests.

    with SandboxServer() as sb:          # in-memory; SandboxServer(path) keeps data
        sb.api_url, sb.token_url, sb.api_key, sb.username, sb.password, sb.company_id
        sb.set_faults(error_rate=0.2, seed=1); sb.accepted_count(receiver, body)

What it follows and where it had to choose is written down in the modules: wire.py (dates),
auth.py (Keycloak's answers), api.py (the services), faults.py (fault draws), app.py
(the order of checks). "Offline" closes the listening socket and every open connection, so
a client sees connection refused, then the same port comes back.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from desktop.domain.clock import Clock, SystemClock
from desktop.sandbox.api import ApiSettings, MessagesApi
from desktop.sandbox.app import SandboxApp
from desktop.sandbox.auth import CLIENT_ID, LOGOUT_PATH, TOKEN_PATH, TokenService
from desktop.sandbox.faults import FaultConfig, FaultInjector
from desktop.sandbox.httpd import SandboxHTTPServer
from desktop.sandbox.seed import LogEntry, to_new_messages
from desktop.sandbox.store import Store
from desktop.sandbox.wire import DateStyle

log = logging.getLogger(__name__)

__all__ = ["DateStyle", "LogEntry", "SandboxServer"]


class SandboxServer:
    client_id = CLIENT_ID

    def __init__(
        self,
        db_path: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        clock: Clock | None = None,
    ) -> None:
        self._clock: Clock = clock or SystemClock()
        self._store = Store(None if db_path is None else Path(db_path))
        self._tokens = TokenService(self._store, self._clock)
        self._faults = FaultInjector()
        self._api = MessagesApi(self._store, self._clock)
        self._app = SandboxApp(self._store, self._tokens, self._faults, self._api, self)
        self._host = host
        self._port = port
        self._lifecycle = threading.RLock()
        self._httpd: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._started = False
        self._offline = False
        self._offline_timer: threading.Timer | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> SandboxServer:
        with self._lifecycle:
            if self._started:
                raise RuntimeError("the sandbox is already running")
            self._started = True
            if not self._offline:
                self._listen()
        return self

    def stop(self) -> None:
        with self._lifecycle:
            self._cancel_offline_timer()
            self._started = False
            self._close_listener()
        self._store.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _listen(self, *, reopening: bool = False) -> None:
        # Coming back online must get the same port: give a socket still closing a moment.
        # A first start on a taken port fails at once.
        deadline = time.monotonic() + (2.0 if reopening else 0.0)
        while True:
            try:
                httpd = SandboxHTTPServer((self._host, self._port), self._app)
                break
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)
        self._port = int(httpd.server_address[1])
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.01},  # stop and offline take effect within 10 ms
            name=f"sandbox-{self._port}",
            daemon=True,
        )
        thread.start()
        self._httpd, self._thread = httpd, thread

    def _close_listener(self) -> None:
        httpd, thread = self._httpd, self._thread
        self._httpd = self._thread = None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections()
        if thread is not None:
            thread.join(timeout=2.0)

    # -- addresses and the practice account ------------------------------------------------

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("start the sandbox first: it has no port yet")
        return self._port

    @property
    def api_url(self) -> str:
        host = self._host
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def token_url(self) -> str:
        return self.api_url + TOKEN_PATH

    @property
    def logout_url(self) -> str:
        return self.api_url + LOGOUT_PATH

    @property
    def api_key(self) -> str:
        return self._store.identity.api_key

    @property
    def company_id(self) -> str:
        return self._store.identity.company_id

    @property
    def username(self) -> str:
        return self._store.identity.username

    @property
    def password(self) -> str:
        return self._store.identity.password

    @property
    def db_path(self) -> Path | None:
        return self._store.path

    def add_user(self, username: str, password: str, roles: Sequence[str]) -> None:
        """Add or replace a user of the sandbox's company."""
        if isinstance(roles, str):
            raise TypeError("roles must be a sequence of role names, not one string")
        self._store.upsert_user(username, password, roles)

    def set_token_lifetimes(self, access: int = 300, refresh: int = 1800) -> None:
        """Lifetimes in seconds of tokens issued from now on."""
        self._tokens.set_lifetimes(access, refresh)

    # -- faults ----------------------------------------------------------------------------

    def set_faults(
        self,
        *,
        error_rate: float = 0.0,
        error_status: int = 503,
        retry_after: float | None = None,
        rate_limit_rate: float = 0.0,
        slow_seconds: float = 0.0,
        slow_rate: float = 1.0,
        drop_before_answer_rate: float = 0.0,
        accept_then_drop_rate: float = 0.0,
        expire_all_tokens: bool = False,
        offline: bool = False,
        seed: int | None = None,
    ) -> None:
        """Replace the whole fault set (what is not given goes back to its default).

        Faults hit the API routes only (sendsms, log, types), drawn per request in this
        order: ``rate_limit_rate`` -> 429 with Retry-After (``retry_after``, default 1 s);
        ``error_rate`` -> ``error_status`` (Retry-After only when ``retry_after`` is set);
        ``drop_before_answer_rate`` -> connection closed, nothing stored. A request that
        passes is processed, and then ``accept_then_drop_rate`` closes the connection
        instead of answering (a send is stored and counted). With probability ``slow_rate``
        the request is first held ``slow_seconds`` of real time before any of this.
        ``offline`` closes the listening socket and all connections (connection refused);
        clearing it listens on the same port again. ``seed`` makes the draws repeatable.
        ``expire_all_tokens`` is an action, not a state: every access and refresh token
        issued so far expires now; tokens issued afterwards are good.
        """
        config = FaultConfig(
            error_rate=error_rate,
            error_status=error_status,
            retry_after=retry_after,
            rate_limit_rate=rate_limit_rate,
            slow_seconds=slow_seconds,
            slow_rate=slow_rate,
            drop_before_answer_rate=drop_before_answer_rate,
            accept_then_drop_rate=accept_then_drop_rate,
            offline=offline,
            seed=seed,
        )
        if expire_all_tokens:
            self._tokens.expire_all()
        self._faults.configure(config)
        self._set_offline(offline)

    def clear_faults(self) -> None:
        self.set_faults()

    def fault_state(self) -> dict[str, Any]:
        state = self._faults.config.as_dict()
        state["offline"] = self._offline
        return state

    @property
    def offline(self) -> bool:
        return self._offline

    def go_offline_for(self, seconds: float) -> None:
        """Go offline now and come back on the same port after ``seconds`` (admin route)."""

        def run() -> None:
            self._set_offline(True)
            with self._lifecycle:
                if not self._offline:
                    return
                timer = threading.Timer(seconds, self._set_offline, args=(False,))
                timer.daemon = True
                self._offline_timer = timer
                timer.start()

        # Not on the calling handler thread: closing connections includes its own.
        threading.Thread(target=run, name="sandbox-offline", daemon=True).start()

    def _set_offline(self, offline: bool) -> None:
        with self._lifecycle:
            self._cancel_offline_timer()
            if offline == self._offline:
                return
            self._offline = offline  # set first: requests already inside are dropped
            if not self._started:
                return
            if offline:
                self._close_listener()
            else:
                try:
                    self._listen(reopening=True)
                except OSError:
                    log.error("sandbox could not listen again on port %s", self._port)
                    raise

    def _cancel_offline_timer(self) -> None:
        timer, self._offline_timer = self._offline_timer, None
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()

    # -- what the server accepted ----------------------------------------------------------

    def accepted_count(self, receiver: str, body: str) -> int:
        """How many times SendSMS accepted exactly this receiver and body (as posted)."""
        return self._store.accepted_count(receiver, body)

    def accepted_counts(self) -> dict[tuple[str, str], int]:
        return self._store.accepted_counts()

    def total_accepted(self) -> int:
        return self._store.total_accepted()

    def add_log_entries(self, entries: Iterable[LogEntry | Mapping[str, Any]]) -> None:
        """Put messages "sent from elsewhere" into the log (not counted as accepted)."""
        self._store.insert_messages(to_new_messages(entries, self._clock.now()))

    # -- behaviour where BokaMera's is UNKNOWN ---------------------------------------------

    def set_wire_format(
        self, *, date_style: DateStyle | str = DateStyle.ISO_OFFSET, omit_nulls: bool = False
    ) -> None:
        """How dates and null properties are written (see wire.py and api.ApiSettings)."""
        self._api.configure(date_style=DateStyle(date_style), omit_nulls=omit_nulls)

    def set_sms_type(self, *, max_characters: int = 918, default_text: str = "") -> None:
        """The SMS message type's MaxCharacters and the DefaultText appended to each SMS."""
        if max_characters <= 0:
            raise ValueError("max_characters must be positive")
        self._api.configure(sms_max_characters=max_characters, sms_default_text=default_text)

    @property
    def api_settings(self) -> ApiSettings:
        return self._api.settings
