"""The status bar: connection state, what is waiting, and when the next message goes.

It is only ever given facts (a connection state, counts, a next time) and turns them into
short words; it never asks the database itself.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.domain.status import Status
from desktop.sync.events import Connection

# Each text is a literal inside QCoreApplication.translate("StatusBar", ...): lupdate only
# finds strings in calls spelled that way, not through a wrapper or an alias.


def connection_words(state: Connection, practice: bool) -> tuple[str, str]:
    """(short label, colour) for the connection state."""
    if state.paused:
        label = {
            Connection.NEEDS_LOGIN: QCoreApplication.translate(
                "StatusBar", "Needs login: sending paused"
            ),
            Connection.FORBIDDEN: QCoreApplication.translate(
                "StatusBar", "This account may not send SMS: sending paused"
            ),
            Connection.MISCONFIGURED: QCoreApplication.translate(
                "StatusBar", "Settings problem: sending paused"
            ),
        }[state]
        return label, "#a33a2b"
    if state == Connection.OFFLINE:
        return QCoreApplication.translate(
            "StatusBar", "Offline: messages wait and go when the network returns"
        ), "#8a5a00"
    if practice:
        return QCoreApplication.translate("StatusBar", "Practice mode"), "#6a4c93"
    if state == Connection.ONLINE:
        return QCoreApplication.translate("StatusBar", "Online"), "#2e7d32"
    return QCoreApplication.translate("StatusBar", "Connecting…"), "#555555"


def counts_words(counts: dict[Status, int]) -> str:
    # Numbers as the log's count writes them ("100 000" in Swedish), not as str() does.
    number = QLocale().toString
    parts: list[str] = []
    queued = counts.get(Status.QUEUED, 0) + counts.get(Status.SENDING, 0)
    if queued:
        parts.append(
            QCoreApplication.translate("StatusBar", "Queued: {n}").format(n=number(queued))
        )
    retry = counts.get(Status.RETRY_WAIT, 0)
    if retry:
        parts.append(
            QCoreApplication.translate("StatusBar", "Waiting to retry: {n}").format(n=number(retry))
        )
    attention = sum(counts.get(s, 0) for s in (Status.FAILED, Status.EXPIRED, Status.UNCONFIRMED))
    if attention:
        parts.append(
            QCoreApplication.translate("StatusBar", "Needs attention: {n}").format(
                n=number(attention)
            )
        )
    return (
        " · ".join(parts) if parts else QCoreApplication.translate("StatusBar", "Nothing waiting")
    )


class StatusBar(QStatusBar):
    def __init__(self, zone: ZoneInfo, *, practice: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._practice = practice
        self._state = Connection.UNKNOWN
        self._reason = ""
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionLabel")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.next_label = QLabel(self)
        self.next_label.setObjectName("nextLabel")
        self.addWidget(self.connection_label)
        self.addPermanentWidget(self.counts_label)
        self.addPermanentWidget(self.next_label)
        self.set_connection(Connection.UNKNOWN, "")
        self.set_counts({})
        self.set_next(None)

    def set_practice(self, practice: bool) -> None:
        self._practice = practice
        self.set_connection(self._state, self._reason)

    def set_connection(self, state: Connection, reason: str) -> None:
        self._state, self._reason = state, reason
        label, colour = connection_words(state, self._practice)
        self.connection_label.setText(f"● {label}")
        self.connection_label.setStyleSheet(f"color: {colour}; font-weight: 600; padding: 0 6px;")
        self.connection_label.setToolTip(reason)

    def set_counts(self, counts: dict[Status, int]) -> None:
        self.counts_label.setText(counts_words(counts))

    def set_next(self, when: datetime | None) -> None:
        if when is None:
            self.next_label.setText("")
            return
        local = when.astimezone(self._zone)
        self.next_label.setText(
            QCoreApplication.translate("StatusBar", "Next send: {time}").format(
                time=local.strftime("%Y-%m-%d %H:%M")
            )
        )
