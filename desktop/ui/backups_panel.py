"""Settings > Backups: the outbox's daily copies, a backup on demand, and restoring one.

Everything here reads or writes files, so it all runs on the database worker. Restoring is
only asked for here: a backup is checked in full first (a damaged or foreign file is refused
with the reason, and nothing changes), then the user confirms, and only then does the panel
emit ``restoreRequested``. The app does the rest (stop sending, close the outbox, swap the
file, restart), because only the app can stop everything that has the outbox open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clock import Clock, SystemClock
from desktop.domain.errors import DomainError
from desktop.domain.timerules import DEFAULT_ZONE, load_zone
from desktop.maintenance import backups_to_keep
from desktop.storage import backup
from desktop.storage.backup import BackupInfo
from desktop.storage.database import Database
from desktop.ui.db_worker import DbWorker
from desktop.ui.messages import HintLabel, Tone, describe

__all__ = ["BackupsPanel", "RestoreRequest"]

_TIME = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class RestoreRequest:
    """A checked backup the user confirmed, and the time that names the file kept aside."""

    backup: Path
    now: datetime


@dataclass(frozen=True)
class _Checked:
    info: BackupInfo
    aside: str  # the name the current outbox will be kept under


def _check_for_restore(db_path: Path, path: Path, now: datetime) -> _Checked:
    info = backup.verify_backup(path)
    # The same function restore_backup names the file with, so the name shown is the one
    # the user will find (unless another restore lands in the very same second).
    aside = backup._aside_name(db_path, now).name
    return _Checked(info, aside)


class BackupsPanel(QGroupBox):
    """Signals: ``loaded()`` when the list is shown, ``backedUp(Path)`` after "Back up
    now", ``restoreRequested(RestoreRequest)`` once a checked backup is confirmed."""

    loaded = Signal()
    backedUp = Signal(object)
    restoreRequested = Signal(object)
    refused = Signal(str)  # a backup that cannot be restored, and why

    def __init__(
        self,
        db: Database,
        worker: DbWorker,
        *,
        backup_dir: Path | None = None,
        zone: ZoneInfo | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Backups"))
        self.setObjectName("backupsPanel")
        self._db = db
        self._worker = worker
        self._dir = backup_dir or backup.default_backup_dir(db.path.parent)
        self._zone = zone or load_zone(DEFAULT_ZONE)
        self._clock = clock or SystemClock()
        self._infos: list[BackupInfo] = []
        self._busy = False
        self.confirm_box: QMessageBox | None = None

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._show_intro(backup.DEFAULT_KEEP)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Size"), self.tr("Messages")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows = self.table.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(rows)
        self.table.setMinimumHeight(rows * 5 + header.sizeHint().height())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.backup_button = QPushButton(self.tr("&Back up now"), self)
        self.backup_button.setObjectName("backUpNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("&Restore…"), self)
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.setToolTip(self.tr("Choose a backup in the list first"))
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        self.status = HintLabel(self)
        self.status.setObjectName("backupsStatus")

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_buttons()
        self.reload()

    # --- public ------------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self._dir

    def set_zone(self, zone: ZoneInfo) -> None:
        """Show the times in the desk's zone (known once the settings are loaded)."""
        self._zone = zone
        self._fill()

    def backups(self) -> list[BackupInfo]:
        return list(self._infos)

    def select(self, path: Path) -> bool:
        for row, info in enumerate(self._infos):
            if info.path == path:
                self.table.selectRow(row)
                return True
        return False

    def reload(self) -> None:
        db, folder = self._db, self._dir
        self._worker.submit(
            lambda: (backup.list_backups(folder), backups_to_keep(db)),
            self._on_listed,
            self._on_list_failed,
            owner=self,
        )

    # --- the list ----------------------------------------------------------------------------

    def _show_intro(self, keep: int) -> None:
        self.intro.setText(
            self.tr(
                "SMS Desk copies the outbox once a day and keeps the newest {keep} copies in "
                "{folder}."
            ).format(keep=keep, folder=str(self._dir))
        )

    def _on_listed(self, listed: tuple[list[BackupInfo], int]) -> None:
        self._infos, keep = listed
        self._show_intro(keep)
        self._fill()
        self.loaded.emit()

    def _on_list_failed(self, error: BaseException) -> None:
        self.status.show_hint(
            self.tr("The backups could not be listed ({error}).").format(error=_reason(error)),
            Tone.ERROR,
        )
        self.loaded.emit()

    def _fill(self) -> None:
        selected = self._selected()
        self.table.setRowCount(len(self._infos))
        locale = QLocale()
        for row, info in enumerate(self._infos):
            made = info.taken_at.astimezone(self._zone).strftime(_TIME)
            messages = (
                locale.toString(info.messages)
                if info.messages is not None
                else self.tr("cannot be read")
            )
            size = locale.formattedDataSize(
                info.size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat
            )  # "56.0 KB", not "56.00 KiB": the words people know
            cells = (made, size, messages)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        if selected is not None:
            self.select(selected.path)
        if not self._infos:
            self.status.show_hint(
                self.tr("No backups yet. The first is made within an hour of starting."),
                Tone.NEUTRAL,
            )
        self._update_buttons()

    def _selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._infos):
            return None
        return self._infos[rows[0].row()]

    def _update_buttons(self) -> None:
        self.backup_button.setEnabled(not self._busy)
        self.restore_button.setEnabled(not self._busy and self._selected() is not None)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        if busy:
            self.status.show_hint(text, Tone.NEUTRAL)
        self._update_buttons()

    # --- back up now -------------------------------------------------------------------------

    def back_up_now(self) -> None:
        if self._busy:
            return
        self._set_busy(True, self.tr("Making a backup…"))
        db_path, folder, now = self._db.path, self._dir, self._clock.now()
        self._worker.submit(
            lambda: backup.make_backup(db_path, folder, now=now),
            self._on_backed_up,
            self._on_backup_failed,
            owner=self,
        )

    def _on_backed_up(self, path: Path) -> None:
        self._set_busy(False)
        self.status.show_hint(self.tr("Backup made."), Tone.OK)
        self.backedUp.emit(path)
        self.reload()
        self.loaded.connect(lambda: self.select(path), Qt.ConnectionType.SingleShotConnection)

    def _on_backup_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.status.show_hint(_reason(error), Tone.ERROR)

    # --- restore -----------------------------------------------------------------------------

    def restore_selected(self) -> None:
        info = self._selected()
        if info is None or self._busy:
            return
        self._set_busy(True, self.tr("Checking the backup…"))
        db_path, now = self._db.path, self._clock.now()
        self._worker.submit(
            lambda: _check_for_restore(db_path, info.path, now),
            lambda checked: self._confirm(checked, now),
            self._on_refused,
            owner=self,
        )

    def _on_refused(self, error: BaseException) -> None:
        self._set_busy(False)
        text = _reason(error)
        self.status.show_hint(text, Tone.ERROR)
        self.refused.emit(text)

    def _confirm(self, checked: _Checked, now: datetime) -> None:
        self._set_busy(False)
        self.status.show_hint("", Tone.NEUTRAL)
        info = checked.info
        box = QMessageBox(self)
        box.setObjectName("confirmRestore")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore a backup"))
        box.setText(
            self.tr("Go back to the backup made {when}?").format(
                when=info.taken_at.astimezone(self._zone).strftime(_TIME)
            )
        )
        box.setInformativeText(
            self.tr(
                "The messages and settings go back to how they were then ({count} messages)."
                "\n\nThe current outbox is kept aside, so nothing is deleted:\n{aside}\nin "
                "{folder}\n\nSMS Desk stops sending, restores the backup and restarts."
            ).format(
                count=QLocale().toString(info.messages or 0),
                aside=checked.aside,
                folder=str(self._db.path.parent),
            )
        )
        restore = box.addButton(self.tr("Restore and restart"), QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("confirmRestoreYes")
        keep = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("confirmRestoreNo")
        box.setDefaultButton(keep)  # Enter out of habit must not replace the outbox
        # Wide enough for the file name on one line (the icon's label is left alone).
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 440px; }")
        box.setEscapeButton(keep)

        def finished() -> None:
            if self.confirm_box is box:
                self.confirm_box = None
            box.deleteLater()
            if box.clickedButton() is restore:
                self.restoreRequested.emit(RestoreRequest(info.path, now))

        box.finished.connect(finished)
        self.confirm_box = box
        box.open()


def _reason(error: BaseException) -> str:
    if isinstance(error, DomainError):
        return describe(error)
    return f"{type(error).__name__}: {error}"
