"""Erasing personal data (GDPR): old message content, and everything sent to one number.

Erasing blanks a message's body and receiver but keeps the row, its status, its times and
its history, so counts, the log and "what happened on the 3rd" stay true; only who was
told what is gone. Each erased message gets an "erased" event, so its history says when,
why and by whom (the user, or "retention" for the automatic clean-up).

Messages still on their way (queued, sending, waiting to retry, unconfirmed) are never
touched: erasing one would send an empty SMS to "erased", or lose one the user wants sent.
Each function is one BEGIN IMMEDIATE transaction: the check and the erasure cannot be split
by the engine claiming a message in between.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import phonenumbers
from sqlalchemy import and_, not_
from sqlmodel import Session, col, select

from desktop.domain.errors import DomainError
from desktop.domain.i18n import QT_TRANSLATE_NOOP
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.storage.models import Message, MessageEvent, Origin
from desktop.storage.utc_time import require_aware

__all__ = [
    "ERASABLE",
    "ERASED_RECEIVER",
    "RETENTION_ACTOR",
    "RETENTION_KEY",
    "WAITING",
    "RetentionError",
    "apply_retention",
    "erase_number",
    "erase_old_content",
    "retention_days",
    "set_retention_days",
]

log = logging.getLogger(__name__)

RETENTION_KEY = "retention.days"  # a whole number of days; 0 (the default) = keep forever
RETENTION_ACTOR = "retention"
MAX_RETENTION_DAYS = 3650
ERASED_RECEIVER = "erased"
ERASED_TEXT = "[erased]"
EVENT_KIND = "erased"

ERASABLE: frozenset[Status] = frozenset(
    {Status.SENT, Status.CANCELLED, Status.EXPIRED, Status.FAILED}
)
WAITING: frozenset[Status] = frozenset(
    {Status.QUEUED, Status.SENDING, Status.RETRY_WAIT, Status.UNCONFIRMED}
)
_E164 = re.compile(r"^\+[1-9]\d{5,14}$")
_CHUNK = 500  # ids per IN (...): far below SQLite's bound-parameter limit


class RetentionError(DomainError):
    """Codes: "number_waiting", "bad_number", "bad_days"."""

    context = "retention"

    @classmethod
    def number_waiting(cls, number: str, count: int) -> RetentionError:
        return cls(
            "number_waiting",
            QT_TRANSLATE_NOOP(
                "retention",
                "Messages to {number} are still waiting to be sent ({count}), so nothing has "
                "been erased. Cancel them first (or wait until they have gone), then erase "
                "the number again.",
            ),
            number=number,
            count=count,
        )

    @classmethod
    def bad_number(cls, number: str) -> RetentionError:
        return cls(
            "bad_number",
            QT_TRANSLATE_NOOP(
                "retention",
                "{number} is not a phone number in international form (+46701234567), so "
                "nothing has been erased.",
            ),
            number=number,
        )

    @classmethod
    def bad_days(cls, days: object) -> RetentionError:
        return cls(
            "bad_days",
            QT_TRANSLATE_NOOP(
                "retention",
                "Keep messages for a whole number of days between 1 and {most}, or 0 to keep "
                "them forever ({days} is not possible).",
            ),
            days=days,
            most=MAX_RETENTION_DAYS,
        )


# --- the setting -------------------------------------------------------------------------------


def retention_days(db: Database) -> int:
    """The retention period in days; 0 means off. A value that is not a sane number (an
    edited settings table) counts as off: erasing on a misread setting cannot be undone."""
    raw = repo.get_setting(db, RETENTION_KEY, "0") or "0"
    try:
        days = int(raw)
    except ValueError:
        log.warning("setting %s is not a number; retention is off", RETENTION_KEY)
        return 0
    if not 0 <= days <= MAX_RETENTION_DAYS:
        log.warning("setting %s is out of range; retention is off", RETENTION_KEY)
        return 0
    return days


def set_retention_days(db: Database, days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_RETENTION_DAYS:
        raise RetentionError.bad_days(days)
    repo.set_setting(db, RETENTION_KEY, str(days))


def apply_retention(db: Database, *, now: datetime, actor: str = RETENTION_ACTOR) -> int:
    """Erase what the ``retention.days`` setting says is too old; 0 when it is off."""
    days = retention_days(db)
    if days == 0:
        return 0
    return erase_old_content(db, older_than=timedelta(days=days), now=now, actor=actor)


# --- erasing -----------------------------------------------------------------------------------


def _number_pattern(e164: str) -> re.Pattern[str]:
    """The number as people write it in free text: +46 70-123 45 67, 0046701234567,
    46701234567, 070 123 45 67, +46 (0)70 1234567: spaces or dashes between any digits."""
    try:
        parsed = phonenumbers.parse(e164, None)
        country, national = (
            str(parsed.country_code),
            phonenumbers.national_significant_number(parsed),
        )
    except phonenumbers.NumberParseException:
        country, national = "", e164.lstrip("+")
    sep = r"[\s\-]*"
    digits = sep.join(re.escape(d) for d in national)
    prefixes = [r"0" + sep]
    if country:
        cc = sep.join(country)
        prefixes.insert(0, rf"(?:(?:\+|00){sep})?{cc}{sep}(?:\(0\){sep})?")
    return re.compile(rf"(?<!\d)(?:{'|'.join(prefixes)})?{digits}(?!\d)")


def _scrub(text: str | None, pattern: re.Pattern[str] | None) -> str | None:
    if text is None or pattern is None:
        return text
    return pattern.sub(ERASED_TEXT, text)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _erase(
    session: Session, messages: Sequence[Message], *, now: datetime, actor: str, why: str
) -> int:
    """Blank each message's body and number, and the number wherever its history or error
    text holds it; record an "erased" event per message. In the caller's transaction."""
    patterns: dict[str, re.Pattern[str]] = {}
    by_id: dict[int, re.Pattern[str]] = {}
    for m in messages:
        assert m.id is not None
        pattern = patterns.get(m.receiver)
        if pattern is None:
            pattern = patterns[m.receiver] = _number_pattern(m.receiver)
        by_id[m.id] = pattern
        m.last_error = _scrub(m.last_error, pattern)
        m.body = ""
        m.receiver = ERASED_RECEIVER
        m.updated_at = now
    ids = sorted(by_id)
    for part in _chunks(ids):
        for event in session.exec(
            select(MessageEvent).where(col(MessageEvent.message_id).in_(part))
        ):
            scrubbed = _scrub(event.detail, by_id[event.message_id])
            if scrubbed != event.detail:
                event.detail = scrubbed or ""
    session.add_all(
        MessageEvent(message_id=i, at=now, actor=actor, kind=EVENT_KIND, detail=why) for i in ids
    )
    return len(ids)


def _describe(period: timedelta) -> str:
    if period % timedelta(days=1) == timedelta(0):
        return f"{period.days} days"
    return str(period)


def erase_old_content(
    db: Database, *, older_than: timedelta, now: datetime, actor: str = RETENTION_ACTOR
) -> int:
    """Erase body and number of finished messages (sent, cancelled, expired, failed) that
    were both due and last changed more than ``older_than`` before ``now``. Returns how many
    were erased; already erased ones are not counted again."""
    now = require_aware(now, "now")
    if older_than <= timedelta(0):
        raise ValueError("older_than must be positive")
    cutoff = now - older_than
    with db.write() as session:
        old = session.exec(
            select(Message)
            .where(
                col(Message.status).in_(sorted(s.value for s in ERASABLE)),
                col(Message.updated_at) < cutoff,
                col(Message.due_at) < cutoff,
                not_(and_(Message.receiver == ERASED_RECEIVER, Message.body == "")),
            )
            .order_by(col(Message.id))
        ).all()
        erased = _erase(
            session,
            old,
            now=now,
            actor=actor,
            why=f"message text and number erased: older than {_describe(older_than)}",
        )
    if erased:
        log.info("retention: erased the content of %d messages", erased)
    return erased


def erase_number(db: Database, e164: str, *, now: datetime, actor: str) -> int:
    """Erase every message body and the number itself for messages to ``e164`` (E.164),
    including where the number appears in their history. Returns how many messages.

    Refused (RetentionError "number_waiting", nothing changed) while one of this desk's
    messages to the number is still waiting to be sent: the user cancels those first.
    Copies of messages from elsewhere are erased whatever their status: this desk cannot
    send or cancel them, and the server keeps its own log.
    """
    now = require_aware(now, "now")
    number = e164.strip()
    if not _E164.match(number):
        raise RetentionError.bad_number(e164)
    with db.write() as session:
        found = session.exec(
            select(Message).where(Message.receiver == number).order_by(col(Message.id))
        ).all()
        waiting = [m for m in found if m.origin == Origin.DESK and Status(m.status) in WAITING]
        if waiting:
            raise RetentionError.number_waiting(number, len(waiting))
        erased = _erase(
            session, found, now=now, actor=actor, why="message text and number erased on request"
        )
    if erased:
        log.info("erased the content of %d messages on request", erased)
    return erased
