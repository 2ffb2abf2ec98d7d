"""The BokaMera client: send_sms, the message log and message types over one httpx.Client.

Thread-safe: the engine's send workers share one client. httpx's pool is thread-safe and
the TokenManager serialises token requests. The client never retries by itself, apart from
repeating a call once after a 401 with a renewed token (the server refused it before doing
anything, so even a send is safe to repeat); back-off belongs to the engine.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx

from desktop import __version__
from desktop.api import _json as j
from desktop.api import logsafe
from desktop.api.auth import TokenManager
from desktop.api.errors import (
    BAD_SETTING,
    BAD_URL,
    INSECURE_URL,
    NO_API_KEY,
    AuthError,
    ConfigurationError,
    ProtocolError,
    mask_phone,
)
from desktop.api.models import MessageLogPage, MessageLogRecord, MessageType
from desktop.api.responses import decode_json, error_for, host_of
from desktop.api.settings import LANGUAGES, AccountSettings
from desktop.api.transport import map_transport_error
from desktop.api.wire_dates import to_wire, zone
from desktop.domain.clock import Clock, SystemClock

log = logging.getLogger(__name__)
T = TypeVar("T")

# Connections the client may hold: one for every thread that may call at once, so no call
# waits for another's connection. The engine's four senders, its history pull and one to
# spare (Engine checks). When calls did wait, httpcore (1.0.9) handed connections between
# threads and sometimes closed one another thread was still reading ("Bad file
# descriptor"): about one send in 3,000 during a drain with a history pull became
# ambiguous and was only settled against the log a minute later.
DEFAULT_MAX_CONNECTIONS = 6

SEND_SMS = "/messages/sendsms"
MESSAGE_LOG = "/messages/log"
MESSAGE_TYPES = "/messages/templates/types"


def is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_url(url: str) -> httpx.URL:
    """``url`` as an httpx.URL if it is https, or http to this computer only."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(code="bad_url", template=BAD_URL, url=url) from exc
    if parsed.scheme == "https" and parsed.host:
        return parsed
    if parsed.scheme == "http" and parsed.host:
        if is_loopback(parsed.host):
            return parsed  # the practice-mode sandbox: traffic never leaves the machine
        raise ConfigurationError(
            code="insecure_url", template=INSECURE_URL, url=f"http://{host_of(parsed)}"
        )
    raise ConfigurationError(code="bad_url", template=BAD_URL, url=url)


def _check_settings(settings: AccountSettings) -> ZoneInfo:
    def bad(name: str, value: object) -> ConfigurationError:
        return ConfigurationError(code="bad_setting", template=BAD_SETTING, name=name, value=value)

    if settings.language not in LANGUAGES:
        raise bad("language", settings.language)
    for name in ("connect_timeout", "read_timeout"):
        value = getattr(settings, name)
        if not isinstance(value, int | float) or value <= 0:
            raise bad(name, value)
    if not settings.client_id:
        raise bad("client_id", "")
    try:
        return zone(settings.offsetless_zone)
    except ValueError as exc:
        raise bad("offsetless_zone", settings.offsetless_zone) from exc


class _NoCookies(httpx.Cookies):
    """A jar that never keeps a cookie."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _StatelessHttp(httpx.Client):
    """An httpx.Client that neither stores nor sends cookies.

    Every BokaMera request carries its own bearer token and API key; a ServiceStack
    server may still set session cookies (ss-id, ss-pid), and sending those back would
    tie our requests to a server session nothing here uses. Reading them was also a
    sixth of a send's CPU: httpx builds a urllib request and an e-mail header object for
    every answer to look for Set-Cookie (bench figure drain.10k).
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._jar = _NoCookies()

    @property  # type: ignore[override]
    def cookies(self) -> httpx.Cookies:
        return self._jar  # read-only: there is nothing to set


class BokaMeraClient:
    def __init__(
        self,
        settings: AccountSettings,
        *,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> None:
        api_url = checked_url(settings.api_url)
        token_url = checked_url(settings.token_url)
        self._zone = _check_settings(settings)
        self._settings = settings
        self._clock = clock or SystemClock()
        self._api_base = str(api_url).rstrip("/")
        self._urls: dict[str, httpx.URL] = {}  # httpx.URL is immutable: safe to share
        self._max_connections = max_connections
        # The write phase gets the read budget: a body is small, but a slow uplink is not
        # a reason to give up on a send half-way (which would make it ambiguous).
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.read_timeout,
        )
        options: dict[str, Any] = {
            "timeout": timeout,
            "verify": True,
            "follow_redirects": False,  # a redirected POST must not be re-sent silently
            # Proxies and CA bundles from the environment matter for real offices, but a
            # proxy must never be asked to reach our own loopback sandbox.
            "trust_env": not (is_loopback(api_url.host) and is_loopback(token_url.host)),
            "headers": {"User-Agent": f"SMS-Desk/{__version__}"},
        }
        if transport is not None:
            options["transport"] = transport
        else:
            options["limits"] = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
        logsafe.install()
        self._http = _StatelessHttp(**options)
        self._auth = TokenManager(self._http, settings, self._clock)

    @property
    def max_connections(self) -> int:
        """How many calls the client serves at once (DEFAULT_MAX_CONNECTIONS)."""
        return self._max_connections

    # -- lifecycle ------------------------------------------------------------------------

    def login(self) -> None:
        """Password grant now, so a wrong password shows up in Settings, not at send time."""
        self._auth.login()

    def logout(self) -> None:
        self._auth.logout()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> BokaMeraClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- services -------------------------------------------------------------------------

    def send_sms(
        self, receiver: str, body: str, to_send_date: datetime, company_id: str | None = None
    ) -> MessageLogRecord:
        """POST /messages/sendsms. There is no idempotency key: on AmbiguousSendError (and
        on ProtocolError, which follows a 2xx) reconcile against the log, never resend."""
        if to_send_date.tzinfo is None:
            raise ValueError("to_send_date must be timezone-aware")
        payload: dict[str, Any] = {}
        company = company_id or self._settings.company_id
        if company:
            payload["CompanyId"] = company
        payload["Receiver"] = receiver
        payload["MessageBody"] = body
        # In the desk's zone with its offset: exact for a server that honours offsets, and
        # still the intended wall-clock time for one that would drop them.
        payload["ToSendDate"] = to_wire(to_send_date.astimezone(self._zone))
        status, data = self._call("POST", SEND_SMS, body=payload, is_send=True, who=receiver)
        return _parsed(lambda: MessageLogRecord.from_json(data, self._zone), status)

    def message_log(
        self,
        *,
        sent: bool | None = None,
        id: int | None = None,
        booking_id: int | None = None,
        receiver: str | None = None,
        created: datetime | None = None,
        sent_date: datetime | None = None,
        skip: int = 0,
        take: int = 100,
        order_by_desc: str | None = "Created",
        include_total: bool = True,
        company_id: str | None = None,
    ) -> MessageLogPage:
        """One page of GET /messages/log, every send method (filter on ``is_sms``)."""
        if skip < 0 or take < 1:
            raise ValueError("skip must be >= 0 and take >= 1")
        params: dict[str, str | int] = {}
        company = company_id or self._settings.company_id
        if company:
            params["CompanyId"] = company
        if sent is not None:
            params["Sent"] = "true" if sent else "false"
        if id is not None:
            params["Id"] = id
        if booking_id is not None:
            params["BookingId"] = booking_id
        if receiver is not None:
            params["Receiver"] = receiver
        if created is not None:
            params["Created"] = to_wire(created.astimezone(self._zone))
        if sent_date is not None:
            params["SentDate"] = to_wire(sent_date.astimezone(self._zone))
        params["Skip"] = skip
        params["Take"] = take
        if order_by_desc:
            params["OrderByDesc"] = order_by_desc
        if include_total:
            params["Include"] = "Total"
        status, data = self._call("GET", MESSAGE_LOG, params=params, who=receiver)
        return _parsed(lambda: MessageLogPage.from_json(data, self._zone, skip=skip), status)

    def iter_message_log(
        self, *, page_size: int = 100, **filters: Any
    ) -> Iterator[MessageLogRecord]:
        """Every SMS in the log matching ``filters`` (message_log's keywords), page by page.

        Advances by what each page really held (the server may cap Take), stops at Total
        or an empty page, and skips ids already seen: with OrderByDesc=Created a message
        arriving meanwhile pushes older ones onto the next page a second time.
        """
        skip = int(filters.pop("skip", 0))
        seen: set[int] = set()
        while True:
            page = self.message_log(skip=skip, take=page_size, **filters)
            fresh = [r for r in page.results if r.id not in seen]
            if not fresh:
                return  # empty, or a server that ignores Skip and repeats itself
            for record in fresh:
                seen.add(record.id)
                if record.is_sms:
                    yield record
            skip += len(page.results)
            if page.total is not None and skip >= page.total:
                return

    def message_types(self) -> list[MessageType]:
        """GET /messages/templates/types?SendMethodId=2: the SMS types and their limits."""
        types: list[MessageType] = []
        while True:
            params = {"SendMethodId": 2, "Skip": len(types), "Take": 100, "Include": "Total"}
            status, data = self._call("GET", MESSAGE_TYPES, params=params)
            total, found = _parsed(lambda d=data: _types_page(d), status)
            types.extend(found)
            # Types are few; without a Total we trust that one page held them all.
            if not found or total is None or len(types) >= total:
                return types

    def probe(self) -> None:
        """A cheap authenticated GET: raises the typed error when BokaMera is not usable."""
        status, data = self._call("GET", MESSAGE_TYPES, params={"SendMethodId": 2, "Take": 1})
        _parsed(lambda: _types_page(data), status)

    # -- plumbing -------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | int] | None = None,
        body: dict[str, Any] | None = None,
        is_send: bool = False,
        who: str | None = None,
    ) -> tuple[int, Any]:
        if not self._settings.api_key:
            raise AuthError(code="no_api_key", template=NO_API_KEY)
        url = self._urls.get(path)
        if url is None:  # parsed once per path: the engine's senders call this per message
            url = self._urls[path] = httpx.URL(self._api_base + path)
        content = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        token = self._auth.access_token()
        response = self._send(method, url, token, params, content, is_send, who)
        if response.status_code == 401:
            # Expired or revoked early: renew once and repeat. A second 401 is final.
            token = self._auth.renew_after_401(token)
            response = self._send(method, url, token, params, content, is_send, who)
        if not response.is_success:
            raise error_for(response, self._clock.now())
        return response.status_code, decode_json(response)

    def _send(
        self,
        method: str,
        url: httpx.URL,
        token: str,
        params: dict[str, str | int] | None,
        content: bytes | None,
        is_send: bool,
        who: str | None,
    ) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {token}",
            "x-api-key": self._settings.api_key,
            "x-language": self._settings.language,
            "Accept": "application/json",
        }
        if content is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()  # a duration for the log only; expiry uses the Clock
        try:
            response = self._http.request(
                method, url, params=params, content=content, headers=headers
            )
        except httpx.RequestError as exc:
            log.info("%s failed: %s", _Target(method, url, who), type(exc).__name__)
            raise map_transport_error(exc, url, is_send=is_send) from exc
        log.info(
            "%s -> %s in %.0f ms",
            _Target(method, url, who),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response


class _Target:
    """What a log line says was asked, made only when the line is written: masking the
    phone number costs more than the rest of the call to log.info, once per send."""

    __slots__ = ("method", "url", "who")

    def __init__(self, method: str, url: httpx.URL, who: str | None) -> None:
        self.method, self.url, self.who = method, url, who

    def __str__(self) -> str:
        return f"{self.method} {self.url.path}" + (
            f" for {mask_phone(self.who)}" if self.who else ""
        )


def _parsed(parse: Callable[[], T], status: int) -> T:
    """Run a body parser; its ProtocolError learns the (2xx) status, which tells the engine
    that BokaMera accepted the request even though the answer was unreadable."""
    try:
        return parse()
    except ProtocolError as exc:
        raise type(exc)(detail=exc.params["detail"], status=status) from exc


def _types_page(data: Any) -> tuple[int | None, list[MessageType]]:
    data = j.mapping(data, "the message types")
    return j.opt_integer(data, "Total"), [
        MessageType.from_json(t) for t in j.items(data, "Results")
    ]
