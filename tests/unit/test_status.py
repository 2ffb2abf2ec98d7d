"""The outbox state machine: exactly the edges of DESIGN.md's diagram, nothing more.

The expected edges are written out here rather than read from TRANSITIONS, so a change to
the machine has to be made (and argued) in both places.
"""

from __future__ import annotations

import itertools

import pytest

from desktop.domain.errors import DomainError
from desktop.domain.status import (
    CANCELLABLE,
    EDITABLE,
    FINAL,
    NEEDS_ATTENTION,
    TRANSITIONS,
    IllegalTransition,
    Status,
    can_transition,
    check_transition,
)

S = Status
ALLOWED: frozenset[tuple[Status, Status]] = frozenset(
    {
        (S.QUEUED, S.SENDING),  # due
        (S.QUEUED, S.QUEUED),  # edit
        (S.QUEUED, S.CANCELLED),
        (S.QUEUED, S.EXPIRED),  # too late
        (S.SENDING, S.SENT),  # 2xx
        (S.SENDING, S.RETRY_WAIT),  # transient
        (S.SENDING, S.FAILED),  # 4xx permanent
        (S.SENDING, S.UNCONFIRMED),  # no answer
        (S.SENDING, S.QUEUED),  # paused before acceptance (401/403)
        (S.RETRY_WAIT, S.SENDING),  # due again
        (S.RETRY_WAIT, S.RETRY_WAIT),  # edit, or a new back-off
        (S.RETRY_WAIT, S.QUEUED),
        (S.RETRY_WAIT, S.CANCELLED),
        (S.RETRY_WAIT, S.EXPIRED),
        (S.FAILED, S.QUEUED),  # edit and resend
        (S.FAILED, S.CANCELLED),
        (S.UNCONFIRMED, S.SENT),  # found in the log
        (S.UNCONFIRMED, S.UNCONFIRMED),  # log unreadable: still waiting, new reason
        (S.UNCONFIRMED, S.QUEUED),  # proven absent
        (S.UNCONFIRMED, S.EXPIRED),  # proven absent, too late
    }
)
ALL_PAIRS = list(itertools.product(Status, Status))
ILLEGAL = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def test_there_are_eight_statuses_with_stable_values() -> None:
    assert {s.value for s in Status} == {
        "queued",
        "sending",
        "sent",
        "retry_wait",
        "failed",
        "unconfirmed",
        "cancelled",
        "expired",
    }


def test_every_status_has_an_entry() -> None:
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transition(current: Status, target: Status) -> None:
    assert can_transition(current, target)
    assert check_transition(current, target) is target


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_transition_raises(current: Status, target: Status) -> None:
    assert not can_transition(current, target)
    with pytest.raises(IllegalTransition) as caught:
        check_transition(current, target)
    error = caught.value
    assert isinstance(error, DomainError)
    assert error.code == "illegal_transition"
    assert error.context == "status"
    assert (error.current, error.target) == (current, target)
    assert error.params == {"current": current.value, "target": target.value}
    assert error.message == f"A message that is {current.value} cannot become {target.value}."


def test_the_table_has_no_edges_beyond_the_diagram() -> None:
    actual = {(current, target) for current, targets in TRANSITIONS.items() for target in targets}
    assert actual == ALLOWED


def test_sending_is_reachable_only_from_queued_and_retry_wait() -> None:
    # At most once (invariant 2): an unconfirmed message must go back through QUEUED, i.e.
    # be proven absent, before it can be sent again.
    sources = {current for current, target in ALLOWED if target is S.SENDING}
    assert sources == {S.QUEUED, S.RETRY_WAIT}


def test_editable_and_cancellable_sets() -> None:
    assert {S.QUEUED, S.RETRY_WAIT, S.FAILED} == EDITABLE
    assert {S.QUEUED, S.RETRY_WAIT, S.FAILED} == CANCELLABLE


@pytest.mark.parametrize("status", list(Status))
def test_cancellable_matches_the_cancel_edge(status: Status) -> None:
    assert (status in CANCELLABLE) == can_transition(status, S.CANCELLED)


@pytest.mark.parametrize("status", sorted(EDITABLE))
def test_an_edited_message_can_go_back_to_the_queue(status: Status) -> None:
    assert can_transition(status, S.QUEUED)


@pytest.mark.parametrize("status", [S.SENDING, S.UNCONFIRMED, *FINAL])
def test_in_flight_and_final_messages_are_not_editable(status: Status) -> None:
    # Editing a message the server may already have would change what we claim was sent.
    assert status not in EDITABLE
    assert status not in CANCELLABLE


def test_final_statuses_have_no_way_out() -> None:
    assert {S.SENT, S.CANCELLED, S.EXPIRED} == FINAL
    for status in FINAL:
        assert TRANSITIONS[status] == frozenset()


def test_needs_attention() -> None:
    assert {S.FAILED, S.EXPIRED, S.UNCONFIRMED} == NEEDS_ATTENTION


def test_illegal_transition_is_translatable() -> None:
    error = IllegalTransition(S.SENT, S.QUEUED)
    swedish = {error.template: "Ett meddelande som är {current} kan inte bli {target}."}
    assert (
        error.translated(lambda context, text: swedish[text] if context == "status" else text)
        == "Ett meddelande som är sent kan inte bli queued."
    )
