"""One set of rules for a message, whoever typed it: every refused field is listed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain.compose import DeskRules, DraftRejected, compose

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


def test_a_good_message_is_normalised() -> None:
    draft = compose(" 070-123 45 67 ", "Hej\r\nAnna ", now=NOW, at=datetime(2026, 3, 2, 14, 0))
    assert draft.receiver == "+46701234567"
    assert draft.body == "Hej\nAnna"
    assert draft.due_at == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    assert draft.no_later_than == draft.due_at + timedelta(hours=2)


def test_now_when_no_time_is_given() -> None:
    draft = compose("0701234567", "Hej", now=NOW)
    assert draft.due_at == NOW


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(DraftRejected) as caught:
        compose("0701", "  ", now=NOW, at=datetime(2026, 3, 1, 9, 0))
    assert [p.field for p in caught.value.problems] == ["receiver", "body", "at"]
    assert all(p.error.message for p in caught.value.problems)


def test_no_later_than_before_the_send_time_is_refused() -> None:
    with pytest.raises(DraftRejected) as caught:
        compose(
            "0701234567",
            "Hej",
            now=NOW,
            at=datetime(2026, 3, 2, 14, 0),
            no_later_than=datetime(2026, 3, 2, 13, 0),
        )
    assert [p.field for p in caught.value.problems] == ["no_later_than"]


def test_the_repeated_autumn_hour_needs_a_fold() -> None:
    at = datetime(2026, 10, 25, 2, 30)
    with pytest.raises(DraftRejected):
        compose("0701234567", "Hej", now=NOW, at=at)
    first = compose("0701234567", "Hej", now=NOW, at=at, fold=0)
    second = compose("0701234567", "Hej", now=NOW, at=at, fold=1)
    assert second.due_at - first.due_at == timedelta(hours=1)


def test_desk_rules_change_region_grace_and_length() -> None:
    rules = DeskRules(region="NO", grace=timedelta(minutes=30), max_parts=1)
    draft = compose("412 34 567", "Hei", now=NOW, rules=rules)
    assert draft.receiver == "+4741234567"
    assert draft.no_later_than == NOW + timedelta(minutes=30)
    with pytest.raises(DraftRejected) as caught:
        compose("412 34 567", "x" * 161, now=NOW, rules=rules)
    assert [p.field for p in caught.value.problems] == ["body"]
