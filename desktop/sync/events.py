"""How the engine tells the UI and CLI what happened: plain callbacks, no Qt.

The window wraps these in Qt signals (queued to the GUI thread); the CLI prints them. The
engine calls them from its worker threads, so a listener must not block or touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.status import Status


class Connection(StrEnum):
    UNKNOWN = "unknown"
    ONLINE = "online"
    OFFLINE = "offline"
    NEEDS_LOGIN = "needs_login"  # 401 after a fresh login: sending paused, no attempt spent
    FORBIDDEN = "forbidden"  # 403: the account may not send
    MISCONFIGURED = "misconfigured"  # 404/405 or a bad URL

    @property
    def paused(self) -> bool:
        """Sending waits for the user, not for the network."""
        return self in {Connection.NEEDS_LOGIN, Connection.FORBIDDEN, Connection.MISCONFIGURED}


@dataclass
class EngineListener:
    counts_changed: Callable[[dict[Status, int]], None] = lambda counts: None
    message_changed: Callable[[int], None] = lambda message_id: None
    connection_changed: Callable[[Connection, str], None] = lambda state, reason: None
    error: Callable[[str], None] = lambda text: None
    history_updated: Callable[[int], None] = lambda inserted: None


@dataclass
class Listeners:
    """Fans each event out to every registered listener; a failing listener is isolated."""

    items: list[EngineListener] = field(default_factory=list)

    def add(self, listener: EngineListener) -> None:
        self.items.append(listener)

    def emit(self, name: str, *args: object) -> None:
        for listener in list(self.items):
            try:
                getattr(listener, name)(*args)
            except Exception:  # a broken listener must not stop sending
                import logging

                logging.getLogger(__name__).exception("listener %s failed", name)
