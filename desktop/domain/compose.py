"""Turning what a user typed into a message ready for the outbox, by the same rules everywhere.

The command line, the CSV import and the window all validate through ``compose`` so a
number, a body or a time is never accepted in one place and refused in another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.domain.body import DEFAULT_MAX_PARTS, clean_body
from desktop.domain.errors import DomainError
from desktop.domain.receivers import DEFAULT_REGION, normalise_receiver
from desktop.domain.timerules import (
    DEFAULT_GRACE,
    DEFAULT_ZONE,
    check_no_later_than,
    default_no_later_than,
    load_zone,
    local_to_utc,
    resolve_due,
)


@dataclass(frozen=True)
class DeskRules:
    """The desk's settings that decide what is accepted."""

    zone: ZoneInfo = field(default_factory=lambda: load_zone(DEFAULT_ZONE))
    region: str = DEFAULT_REGION
    grace: timedelta = DEFAULT_GRACE
    max_parts: int = DEFAULT_MAX_PARTS
    max_chars: int | None = None


@dataclass(frozen=True)
class Draft:
    """A validated message: E.164 receiver, clean body, UTC times."""

    receiver: str
    body: str
    due_at: datetime
    no_later_than: datetime
    send_anyway: bool = False


@dataclass(frozen=True)
class FieldProblem:
    field: str  # "receiver", "body", "at", "no_later_than"
    error: DomainError


class DraftRejected(Exception):
    """One or more fields were refused; every problem is listed, not just the first."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.error.message}" for p in problems))


def compose(
    receiver: str,
    body: str,
    *,
    now: datetime,
    at: datetime | None = None,
    no_later_than: datetime | None = None,
    fold: int | None = None,
    send_anyway: bool = False,
    rules: DeskRules | None = None,
) -> Draft:
    """Validate one message. ``at`` and ``no_later_than`` are naive desk-local wall times;
    ``at=None`` means now. Raises DraftRejected listing every refused field."""
    rules = rules or DeskRules()
    problems: list[FieldProblem] = []
    e164 = cleaned = due = limit = None
    try:
        e164 = normalise_receiver(receiver, rules.region).e164
    except DomainError as err:
        problems.append(FieldProblem("receiver", err))
    try:
        cleaned = clean_body(body, max_parts=rules.max_parts, max_chars=rules.max_chars)
    except DomainError as err:
        problems.append(FieldProblem("body", err))
    try:
        due = resolve_due(at, rules.zone, now=now, fold=fold)
    except DomainError as err:
        problems.append(FieldProblem("at", err))
    if due is not None:
        try:
            if no_later_than is None:
                limit = default_no_later_than(due, rules.grace)
            else:
                limit = local_to_utc(no_later_than, rules.zone, fold=fold)
                check_no_later_than(due, limit, zone=rules.zone)
        except DomainError as err:
            problems.append(FieldProblem("no_later_than", err))
    if problems:
        raise DraftRejected(problems)
    assert e164 is not None and cleaned is not None and due is not None and limit is not None
    return Draft(e164, cleaned, due, limit, send_anyway)
