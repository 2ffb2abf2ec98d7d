"""Catching what goes wrong in SMS Desk itself, from the first moment of start-up.

``CrashReporter`` installs the crash hooks (``desktop.logs.install_excepthooks``) and hands
each one-line, redacted summary to the GUI thread through a queued signal, where
``desktop.ui.crash_dialog.CrashDialog`` shows it. The dialog lives in its own module and is
imported only when there is something to show: its widgets cost start-up time otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from desktop.logs import install_excepthooks

if TYPE_CHECKING:
    from desktop.ui.crash_dialog import CrashDialog


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the file manager; False when the system could not."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class CrashReporter(QObject):
    """Installs the crash hooks; shows ``CrashDialog`` on the GUI thread for each crash.

    Create it on the GUI thread. ``log_ready`` says whether the log file could be set up:
    when it could not, the dialog does not point at a file that is not there.
    """

    crashed = Signal(str, str)  # summary, log path ("" when there is no log)

    def __init__(self, *, log_ready: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._log_ready = log_ready
        self._window: QWidget | None = None
        self.dialog: CrashDialog | None = None
        # Queued: the hooks call in on whichever thread crashed; widgets live on this one.
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._uninstall = install_excepthooks(self._on_crash)

    def set_window(self, window: QWidget | None) -> None:
        """The window the dialog belongs to (None before the window exists)."""
        self._window = window

    def uninstall(self) -> None:
        self._uninstall()

    def _on_crash(self, summary: str, log_path: Path) -> None:
        self.crashed.emit(summary, str(log_path) if self._log_ready else "")

    def _show(self, summary: str, log_path: str) -> None:
        dialog = self.dialog
        if dialog is not None and not shiboken6.isValid(dialog):  # closed with its window
            dialog = None
        if dialog is not None and dialog.isVisible():
            dialog.add(summary)
            return
        if dialog is not None:
            dialog.deleteLater()
        from desktop.ui.crash_dialog import CrashDialog

        self.dialog = CrashDialog(summary, Path(log_path) if log_path else None, self._window)
        self.dialog.show()
        self.dialog.raise_()
