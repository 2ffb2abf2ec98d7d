"""PySide6 user interface. The only package that imports PySide6 widgets."""
