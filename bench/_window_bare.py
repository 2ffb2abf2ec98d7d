"""The start-up figures' baseline: a bare PySide6 program that shows an empty QMainWindow.

python -m bench._window_bare
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
