"""HTTP plumbing: a keep-alive ThreadingHTTPServer that can drop connections on purpose.

The application (routes, auth, faults) sees a Request and answers a Response, or None to
close the connection without any answer, which is how the sandbox fakes a lost answer. The
server keeps track of open connections so that going "offline" can cut keep-alive
connections too, not just stop accepting new ones.

Nothing is logged about requests: paths carry phone numbers (GET /messages/log?Receiver=)
and bodies carry messages, and neither may reach a log (DESIGN.md invariant 6).
"""

from __future__ import annotations

import json
import logging
import socket
import socketserver
import threading
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=utf-8"
MAX_BODY = 1 << 20  # a SendSMS body is a few KB; anything near this is a client bug


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # percent-decoded, without the query
    query: dict[str, list[str]]
    headers: Message
    body: bytes
    client_host: str


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    headers: tuple[tuple[str, str], ...] = ()
    # Runs after the answer is on the wire: lets an admin request take the server offline
    # without cutting off its own answer.
    after: Callable[[], None] | None = None


class App(Protocol):
    def handle(self, request: Request) -> Response | None: ...


def plain_error(status: int, message: str) -> Response:
    """A ServiceStack-shaped error for failures found before the app sees the request."""
    code = HTTPStatus(status).phrase.replace(" ", "")
    body = {"ResponseStatus": {"ErrorCode": code, "Message": message, "Errors": []}}
    return Response(status, json.dumps(body).encode("utf-8"))


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the client reuses its connections
    server_version = "BokaMeraSandbox/1.0"
    sys_version = ""
    # An idle keep-alive connection holds a thread; let it go after a while (httpx itself
    # drops idle connections after 5 s, so a live client never notices).
    timeout = 120
    server: SandboxHTTPServer

    def setup(self) -> None:
        super().setup()
        # Answers are written in one piece, but without NODELAY a small answer can still
        # wait on the client's delayed ACK (40 ms per request on Linux).
        with suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _BodyError as exc:
            self.close_connection = True
            self._write(plain_error(exc.status, exc.message))
            return
        except OSError:
            self.close_connection = True
            return
        split = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=unquote(split.path),
            query=parse_qs(split.query, keep_blank_values=True),
            headers=self.headers,
            body=body,
            client_host=str(self.client_address[0]),
        )
        try:
            response = self.server.app.handle(request)
        except Exception as exc:
            # Type and frames only: an exception's text might quote a body or a number.
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("sandbox handler failed: %s\n%s", type(exc).__name__, frames)
            response = plain_error(500, "The sandbox failed to handle the request.")
        if response is None:
            self.close_connection = True  # no answer at all: the client sees a dropped line
            return
        self._write(response)
        if response.after is not None:
            response.after()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            return b""
        try:
            length = int(raw_length)
        except ValueError:
            raise _BodyError(400, "Content-Length is not a number.") from None
        if length < 0:
            raise _BodyError(400, "Content-Length is negative.")
        if length > MAX_BODY:
            raise _BodyError(413, "The request body is too large.")
        body = self.rfile.read(length)
        if len(body) != length:
            raise ConnectionError("the client closed the connection mid-body")
        return body

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                chunk_size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BodyError(400, "Malformed chunked body.") from None
            if chunk_size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            size += chunk_size
            if size > MAX_BODY:
                raise _BodyError(413, "The request body is too large.")
            chunks.append(self.rfile.read(chunk_size))
            self.rfile.readline(1024)

    def _write(self, response: Response) -> None:
        reason = _reason(response.status)
        lines = [
            f"HTTP/1.1 {response.status} {reason}",
            f"Server: {self.server_version}",
            f"Date: {self.date_time_string()}",
        ]
        if response.content_type and response.status != 204:
            lines.append(f"Content-Type: {response.content_type}")
        if response.status != 204:
            lines.append(f"Content-Length: {len(response.body)}")
        lines.extend(f"{name}: {value}" for name, value in response.headers)
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        payload = head if self.command == "HEAD" or response.status == 204 else head + response.body
        try:
            self.wfile.write(payload)  # one write: one segment for small answers
        except OSError:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the default would print request lines, which carry phone numbers."""


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client never keeps the process alive
    block_on_close = False
    allow_reuse_address = True  # coming back online re-binds the same port at once
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), a reverse DNS lookup that can take seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Cut every open connection, so a keep-alive client sees the line go down too."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: broken connections are the point of several fault modes."""
