"""Which network failures prove a request never reached the server, and which do not.

This decides between "send again later" and "reconcile first" (DESIGN.md invariant 2), so it
errs on the safe side: only failures that happen before a single byte of the request can
have left (connecting, DNS, TLS handshake, waiting for a pooled connection) count as
"not reached". Everything after the connection was up is ambiguous for a send.
"""

from __future__ import annotations

import socket
import ssl

import httpx

from desktop.api.errors import (
    BAD_URL,
    NO_ANSWER,
    NO_SUCH_HOST,
    TLS_FAILED,
    AmbiguousSendError,
    ApiError,
    ConfigurationError,
    ProtocolError,
    TransportError,
)
from desktop.api.responses import host_of

# Raised before the request is written: safe to repeat even a send.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


def map_transport_error(exc: httpx.RequestError, url: httpx.URL, *, is_send: bool) -> ApiError:
    """The typed error for an httpx failure on a request to ``url``."""
    host = host_of(url)
    if not isinstance(exc, httpx.TransportError):
        # The answer came but could not be decoded (bad gzip, say): the server did get the
        # request, so a send is ambiguous; a read has an unreadable answer.
        if is_send:
            return AmbiguousSendError(host=host)
        return ProtocolError(detail="an answer that could not be decoded")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return ConfigurationError(code="bad_url", template=BAD_URL, url=host)
    if isinstance(exc, NOT_SENT):
        causes = _causes(exc)
        if any(isinstance(c, ssl.SSLError) for c in causes):
            return TransportError(code="tls_failed", template=TLS_FAILED, host=host)
        if any(isinstance(c, socket.gaierror) for c in causes):
            return TransportError(code="no_such_host", template=NO_SUCH_HOST, host=host)
        return TransportError(host=host)
    if is_send:
        return AmbiguousSendError(host=host)
    return TransportError(code="no_answer", template=NO_ANSWER, host=host)
