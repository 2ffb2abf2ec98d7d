"""Guards against a Qt binding that would crash a window left open all day."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_qt_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    # PySide6 6.12.0 on Python 3.11 lost one reference to None per call that returns
    # nothing; after enough label updates the interpreter aborted ("none_dealloc").
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.setVisible(False)
    assert abs(sys.getrefcount(None) - before) < 100


class _Pinger(QObject):
    ping = Signal()


def test_signal_emit_does_not_leak_references_to_true(qtbot: QtBot) -> None:
    # The same build's emit() returned True without owning a reference to it.
    pinger = _Pinger()
    before = sys.getrefcount(True)
    for _ in range(2000):
        pinger.ping.emit()
    assert abs(sys.getrefcount(True) - before) < 100
