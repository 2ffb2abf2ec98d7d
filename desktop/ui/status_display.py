"""How each outbox status looks: words, a one-line explanation, a colour and an icon.

Everything that shows a status (the log, the attention list, the details dialog) asks here,
so a status never has two names or two colours. Labels are kept as English source texts
marked for translation and translated when asked for, so a language change at run time
is picked up.

Colours are calm on purpose: only a refused message is red; waiting states are blue or
amber, the "check" state is violet and the final quiet states are grey or brown. Each icon
also has its own glyph, so the status can be told apart without seeing colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.status import Status

_CONTEXT = "status_display"

_LABELS: dict[Status, str] = {
    Status.QUEUED: QT_TRANSLATE_NOOP("status_display", "Scheduled"),
    Status.SENDING: QT_TRANSLATE_NOOP("status_display", "Sending"),
    Status.SENT: QT_TRANSLATE_NOOP("status_display", "Sent"),
    Status.RETRY_WAIT: QT_TRANSLATE_NOOP("status_display", "Waiting to retry"),
    Status.FAILED: QT_TRANSLATE_NOOP("status_display", "Failed"),
    Status.UNCONFIRMED: QT_TRANSLATE_NOOP("status_display", "Needs checking"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("status_display", "Cancelled"),
    Status.EXPIRED: QT_TRANSLATE_NOOP("status_display", "Missed (too late)"),
}

_EXPLANATIONS: dict[Status, str] = {
    Status.QUEUED: QT_TRANSLATE_NOOP(
        "status_display", "Waiting on this computer until it is due; it can still be changed."
    ),
    Status.SENDING: QT_TRANSLATE_NOOP("status_display", "Being handed to BokaMera right now."),
    Status.SENT: QT_TRANSLATE_NOOP("status_display", "BokaMera accepted the message."),
    Status.RETRY_WAIT: QT_TRANSLATE_NOOP(
        "status_display",
        "The last try did not get through; SMS Desk will try again by itself.",
    ),
    Status.FAILED: QT_TRANSLATE_NOOP(
        "status_display", "BokaMera refused the message; it will not be sent unless you fix it."
    ),
    Status.UNCONFIRMED: QT_TRANSLATE_NOOP(
        "status_display",
        "No answer came back, so it may or may not have been sent. SMS Desk checks "
        "BokaMera's log before trying again, so the customer never gets it twice.",
    ),
    Status.CANCELLED: QT_TRANSLATE_NOOP("status_display", "Cancelled before it was sent."),
    Status.EXPIRED: QT_TRANSLATE_NOOP(
        "status_display",
        "Not sent: it could not go out before its latest sending time, so it was held back.",
    ),
}

_COLOURS: dict[Status, str] = {
    Status.QUEUED: "#4a6fa5",  # slate blue: waiting, nothing wrong
    Status.SENDING: "#2f7fb8",  # brighter blue: moving
    Status.SENT: "#2e7d4f",  # green
    Status.RETRY_WAIT: "#b7791f",  # amber: will sort itself out
    Status.FAILED: "#c0392b",  # the only red: a person must act
    Status.UNCONFIRMED: "#7e57c2",  # violet: unknown, being checked
    Status.CANCELLED: "#7b8794",  # grey: quiet, final
    Status.EXPIRED: "#8d5a3b",  # brown: final, but worth a look
}


@dataclass(frozen=True)
class StatusDisplay:
    status: Status
    label: str
    explanation: str
    colour: QColor
    icon: QIcon


def status_label(status: Status) -> str:
    return QCoreApplication.translate(_CONTEXT, _LABELS[status])


def status_explanation(status: Status) -> str:
    return QCoreApplication.translate(_CONTEXT, _EXPLANATIONS[status])


def status_colour(status: Status) -> QColor:
    return QColor(_COLOURS[status])


_ICON_CACHE: dict[Status, QIcon] = {}
_ICON_SIZES = (16, 20, 24, 32, 48)


def status_icon(status: Status) -> QIcon:
    """A round badge in the status colour with a white glyph; drawn once, then cached.

    Needs a QGuiApplication (pixmaps cannot exist before it).
    """
    icon = _ICON_CACHE.get(status)
    if icon is None:
        icon = QIcon()
        for size in _ICON_SIZES:
            icon.addPixmap(_draw_badge(status, size))
        _ICON_CACHE[status] = icon
    return icon


def status_display(status: Status) -> StatusDisplay:
    return StatusDisplay(
        status=status,
        label=status_label(status),
        explanation=status_explanation(status),
        colour=status_colour(status),
        icon=status_icon(status),
    )


# --- drawing -------------------------------------------------------------------------------
# Glyphs are drawn as paths in a 16x16 design grid and scaled, so they do not depend on the
# fonts installed on the desk's computer.


def _draw_badge(status: Status, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 16.0, size / 16.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(status_colour(status))
        painter.drawEllipse(QRectF(0.5, 0.5, 15.0, 15.0))
        pen = QPen(QColor("white"), 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        _GLYPHS[status](painter)
    finally:
        painter.end()
    return pixmap


def _dot(painter: QPainter, x: float, y: float) -> None:
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    painter.drawEllipse(QPointF(x, y), 1.15, 1.15)
    painter.restore()


def _glyph_check(p: QPainter) -> None:
    path = QPainterPath(QPointF(4.3, 8.3))
    path.lineTo(7.0, 11.0)
    path.lineTo(11.8, 5.3)
    p.drawPath(path)


def _glyph_clock(p: QPainter) -> None:
    p.setPen(QPen(QColor("white"), 1.4))
    p.drawEllipse(QRectF(3.5, 3.5, 9.0, 9.0))
    pen = QPen(QColor("white"), 1.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(8.0, 8.0), QPointF(8.0, 5.3))
    p.drawLine(QPointF(8.0, 8.0), QPointF(10.0, 9.2))


def _glyph_arrow(p: QPainter) -> None:
    p.drawLine(QPointF(4.0, 8.0), QPointF(11.5, 8.0))
    path = QPainterPath(QPointF(8.5, 5.0))
    path.lineTo(11.5, 8.0)
    path.lineTo(8.5, 11.0)
    p.drawPath(path)


def _glyph_retry(p: QPainter) -> None:
    arc = QRectF(4.0, 4.0, 8.0, 8.0)
    p.drawArc(arc, 60 * 16, 270 * 16)
    # arrow head at the arc's start (60 degrees), pointing along the turn
    angle = math.radians(60)
    tip = QPointF(8.0 + 4.0 * math.cos(angle), 8.0 - 4.0 * math.sin(angle))
    path = QPainterPath(QPointF(tip.x() - 2.6, tip.y() - 0.9))
    path.lineTo(tip)
    path.lineTo(QPointF(tip.x() - 0.4, tip.y() + 2.6))
    p.drawPath(path)


def _glyph_exclamation(p: QPainter) -> None:
    p.drawLine(QPointF(8.0, 3.8), QPointF(8.0, 8.8))
    _dot(p, 8.0, 11.8)


def _glyph_question(p: QPainter) -> None:
    path = QPainterPath(QPointF(5.6, 6.0))
    path.arcTo(QRectF(5.6, 3.6, 4.8, 4.6), 180, -230)
    path.quadTo(QPointF(8.0, 8.6), QPointF(8.0, 9.4))
    p.drawPath(path)
    _dot(p, 8.0, 12.1)


def _glyph_hourglass(p: QPainter) -> None:
    p.setPen(QPen(QColor("white"), 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    path = QPainterPath(QPointF(5.2, 4.0))
    path.lineTo(10.8, 4.0)
    path.lineTo(5.2, 12.0)
    path.lineTo(10.8, 12.0)
    path.closeSubpath()
    p.drawPath(path)


def _glyph_cross(p: QPainter) -> None:
    p.drawLine(QPointF(5.3, 5.3), QPointF(10.7, 10.7))
    p.drawLine(QPointF(10.7, 5.3), QPointF(5.3, 10.7))


_GLYPHS = {
    Status.QUEUED: _glyph_clock,
    Status.SENDING: _glyph_arrow,
    Status.SENT: _glyph_check,
    Status.RETRY_WAIT: _glyph_retry,
    Status.FAILED: _glyph_exclamation,
    Status.UNCONFIRMED: _glyph_question,
    Status.CANCELLED: _glyph_cross,
    Status.EXPIRED: _glyph_hourglass,
}
