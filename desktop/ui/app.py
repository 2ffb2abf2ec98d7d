"""Starting the Qt application."""

from __future__ import annotations

import sys

from desktop import __version__


def run_gui(data_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("SMS Desk")
    app.setOrganizationName("SMS Desk")
    app.setApplicationVersion(__version__)
    window = QMainWindow()
    window.setWindowTitle(f"SMS Desk {__version__}")
    window.setCentralWidget(QLabel("SMS Desk is being built: the composer comes next."))
    window.resize(900, 600)
    window.show()
    return app.exec()
