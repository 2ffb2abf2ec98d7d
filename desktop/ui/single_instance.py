"""One window per data folder: a second launch brings the first window forward.

The first instance listens on a local socket named after the data folder; a second one
finds it there, asks it to show itself, and exits. The sender lock (desktop.sync.lock)
still guards sending on its own, so a missed socket can never lead to two senders.

Start-up asks ``may_be_running()`` first, before anything is on screen. Where Qt's local
sockets are files (everywhere but Windows), no file means no first instance, and the full
``claim()`` (which loads QtNetwork, some 12 ms, and listens, some 5 ms) waits until the
window has painted. Only when the file is there, or it cannot be known, does start-up
claim before it shows a window, so a second launch never flashes one.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
ACTIVATE = b"activate\n"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return f"sms-desk-{digest}"


class SingleInstance(QObject):
    activated = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server: QLocalServer | None = None

    def may_be_running(self) -> bool:
        """False only when no instance can be listening for this folder (cheap: one stat).

        QLocalServer on Unix listens on the file QDir.tempPath()/name; on Windows it is a
        named pipe, which cannot be looked at this way, so the answer there is always True.
        A file left by a crashed instance answers True too; claim() then tidies it away.
        """
        if sys.platform == "win32":
            return True
        return os.path.lexists(os.path.join(QDir.tempPath(), self.name))

    def claim(self) -> bool:
        """True when this is the first instance; else the first one is asked to show itself."""
        from PySide6.QtNetwork import QLocalServer, QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.write(ACTIVATE)
            socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
            socket.disconnectFromServer()
            return False
        # Nobody answered: a socket file left by a crashed instance must not block us.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            return True  # no activation channel, but the sender lock still protects sending
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))

    def _on_ready(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            self.activated.emit()
        socket.disconnectFromServer()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
