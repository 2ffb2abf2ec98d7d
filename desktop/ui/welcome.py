"""The first start: a short, friendly hello that explains practice mode and the way out of it.

Shown once (``should_show_welcome``): on a desk that has never closed it and has no BokaMera
account yet. "Connect a BokaMera account" opens the settings dialog from here; cancelling it
brings the welcome back, so nobody is left on an empty screen not knowing what happened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.account_store import ENVIRONMENT, PRACTICE, SecretsFactory, session_secrets
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.messages import HintLabel, Tone
from desktop.ui.settings_dialog import SettingsDialog

WELCOME_SEEN = "ui.welcome_seen"


def should_show_welcome(db: Database) -> bool:
    """True on a first start: the welcome was never closed and no account was set up."""
    if repo.get_setting(db, WELCOME_SEEN):
        return False
    return (repo.get_setting(db, ENVIRONMENT) or PRACTICE) == PRACTICE


def mark_welcome_seen(db: Database) -> None:
    repo.set_setting(db, WELCOME_SEEN, "1")


class WelcomeDialog(QDialog):
    """Signals: ``saved(SaveResult)`` when an account was set up through it."""

    saved = Signal(object)  # SaveResult, forwarded from the settings dialog

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        parent: QWidget | None = None,
        *,
        secrets_factory: SecretsFactory = session_secrets,
        network: DbWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = worker
        self._secrets_factory = secrets_factory
        self._network = network
        self._marked = False
        self.settings_dialog: SettingsDialog | None = None
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to SMS Desk"))

        title = QLabel(self.tr("Welcome to SMS Desk"), self)
        title.setStyleSheet("font-size: 17px; font-weight: 600;")
        intro = QLabel(
            self.tr(
                "SMS Desk sends SMS reminders to your customers through BokaMera. Send a "
                "message now or pick a time, and see what happened to every message."
            ),
            self,
        )
        self.practice_note = HintLabel(self)
        self.practice_note.setObjectName("practiceNote")
        self.practice_note.show_hint(
            self.tr(
                "You are in practice mode. Messages go to a practice server built into SMS "
                "Desk: nothing leaves this computer and no customer gets an SMS. Try "
                "everything you like."
            ),
            Tone.OK,
        )
        connect = QLabel(
            self.tr(
                "When you are ready, connect your company's BokaMera account. You need your "
                "BokaMera username and password, and your company's API key from BokaMera's "
                "admin pages. You can also do this later under Settings."
            ),
            self,
        )
        for label in (intro, connect):
            label.setWordWrap(True)

        self.practice_button = QPushButton(self.tr("Start practising"), self)
        self.practice_button.setDefault(True)
        self.connect_button = QPushButton(self.tr("Connect a BokaMera account…"), self)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.practice_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.practice_button.clicked.connect(self.accept)
        self.connect_button.clicked.connect(self.open_settings)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.practice_note)
        layout.addWidget(connect)
        layout.addStretch(1)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(520)

    def open_settings(self) -> None:
        """Hide the welcome and open the settings; back here if they are cancelled."""
        self._mark_seen()
        dialog = SettingsDialog(
            self._db,
            self._worker,
            self,
            secrets_factory=self._secrets_factory,
            network=self._network,
        )
        dialog.saved.connect(self.saved)
        dialog.finished.connect(self._settings_finished)
        self.settings_dialog = dialog
        self.hide()
        dialog.open()

    def _settings_finished(self, result: int) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self.accept()
        else:
            self.show()

    def done(self, result: int) -> None:
        self._mark_seen()  # however it was closed: Start, Esc or the window's close button
        super().done(result)

    def _mark_seen(self) -> None:
        if self._marked:
            return
        self._marked = True
        db = self._db
        self._worker.submit(lambda: mark_welcome_seen(db))
