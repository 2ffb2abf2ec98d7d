"""The band across the top of the window in practice mode."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class PracticeBanner(QFrame):
    """Plain on screen at all times in practice mode, so nobody believes a real SMS went out."""

    connectRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceBanner")
        self.setStyleSheet(
            "#practiceBanner { background: #f1eafb; border-bottom: 1px solid #c9b6ea; }"
            "#practiceBanner QLabel { color: #3d2566; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.connectRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(
            self.tr(
                "<b>Practice mode.</b> Nothing leaves this computer: messages go to a built-in "
                "practice server, not to customers."
            )
        )
        self.button.setText(self.tr("Connect a BokaMera account…"))
