"""When something in SMS Desk itself goes wrong: say so calmly, and say the outbox is safe.

An uncaught exception anywhere (a slot, the engine's threads, the database worker) is
logged by ``desktop.logs.install_excepthooks``; ``CrashReporter`` hands the one-line,
redacted summary to the GUI thread through a queued signal, where ``CrashDialog`` shows it.
The app is not stopped: Qt goes on after an exception in a slot, and the engine's jobs catch
their own, so the desk can usually keep working and quit when it suits them.
"""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.ui.crash_reporter import CrashReporter, open_folder

__all__ = ["CrashDialog", "CrashReporter", "open_folder"]


class CrashDialog(QDialog):
    """What happened, that nothing queued is lost, and where the log is."""

    def __init__(self, summary: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("SMS Desk ran into a problem"))
        self._summaries = [summary]
        self._log_path = log_path

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.headline = QLabel(self.tr("Something went wrong inside SMS Desk."), self)
        self.headline.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.headline.setWordWrap(True)
        self.safe_label = QLabel(
            self.tr(
                "Your messages are safe: everything in the outbox is saved, and nothing you "
                "queued is lost. SMS Desk goes on sending if it can. If the window stops "
                "responding, quit SMS Desk and start it again."
            ),
            self,
        )
        self.safe_label.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("crashSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setStyleSheet(
            "color: #4a5560; background: #f4f5f7; border: 1px solid #dde1e6;"
            " border-radius: 4px; padding: 6px;"
        )
        self.log_label = QLabel(self)
        self.log_label.setObjectName("crashLogPath")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.open_log_button = QPushButton(self.tr("Open log folder"), self)
        self.open_log_button.setObjectName("openLogFolder")
        self.open_log_button.setEnabled(log_path is not None)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setObjectName("copyDetails")
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("closeCrash")
        self.close_button.setDefault(True)
        self.buttons.addButton(self.open_log_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_log_button.clicked.connect(self._open_log_folder)
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button.clicked.connect(self.reject)

        text = QVBoxLayout()
        text.setSpacing(10)
        text.addWidget(self.headline)
        text.addWidget(self.safe_label)
        text.addWidget(self.summary_label)
        text.addWidget(self.log_label)
        text.addStretch(1)  # spare height below the text, not between its lines
        for label in (self.headline, self.safe_label, self.summary_label, self.log_label):
            label.setMinimumWidth(440)  # wrapped text would otherwise shrink to a column
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        # Exactly as tall as its wrapped text: no band of empty space above the buttons.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self._update()

    def add(self, summary: str) -> None:
        """Another problem while this one is still shown: one dialog, not a pile of them."""
        self._summaries.append(summary)
        self._update()

    def _update(self) -> None:
        first = self._summaries[0]
        if len(self._summaries) == 1:
            what = self.tr("What happened: {summary}").format(summary=first)
        else:
            what = self.tr("What happened first: {summary} ({n} problems in all)").format(
                summary=first, n=len(self._summaries)
            )
        self.summary_label.setText(what)
        if self._log_path is None:
            self.log_label.setText(
                self.tr("No log could be written on this computer, so copy the details instead.")
            )
        else:
            self.log_label.setText(
                self.tr("The details are in the log file {path}. Send it to support.").format(
                    path=str(self._log_path)
                )
            )

    def details(self) -> str:
        """What "Copy details" puts on the clipboard: no message text, no number."""
        lines = [
            f"SMS Desk {__version__}",
            f"{platform.platform()}, Python {platform.python_version()}, Qt {qVersion()}",
            *self._summaries,
        ]
        if self._log_path is not None:
            lines.append(f"Log: {self._log_path}")
        return "\n".join(lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
        self.copy_button.setText(self.tr("Copied"))

    def _open_log_folder(self) -> None:
        if self._log_path is not None:
            open_folder(self._log_path.parent)
