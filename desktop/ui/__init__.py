"""PySide6 user interface. The only package that imports PySide6 widgets."""

from desktop.ui import pyside_source_scan

# First, before any ui module pulls in SQLAlchemy, httpx and the rest: see the module.
pyside_source_scan.install()
