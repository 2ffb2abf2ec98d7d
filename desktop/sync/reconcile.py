"""Finding out whether a message we may have sent is in the server's log (invariant 2).

BokaMera has no idempotency key, so after a lost answer the log is the only witness. A
match needs the same receiver, our body (the server may append its DefaultText), and the
ToSendDate we sent, which is always the message's due time: that stays the same across
attempts and does not depend on the server's clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from desktop.api.client import BokaMeraClient
from desktop.api.models import MessageLogRecord
from desktop.storage.repository import MessageRow

SMS = 2
# The server stamps Created with its own clock; allow for a skewed one when deciding how far
# back the log must be read.
CLOCK_SKEW = timedelta(hours=1)
TO_SEND_TOLERANCE = timedelta(seconds=1)


def same_number(a: str, b: str) -> bool:
    digits_a = "".join(ch for ch in a if ch.isdigit())
    digits_b = "".join(ch for ch in b if ch.isdigit())
    return bool(digits_a) and digits_a == digits_b


def is_match(row: MessageRow, record: MessageLogRecord) -> bool:
    if record.send_method_id not in (SMS, 0) or not same_number(row.receiver, record.receiver):
        return False
    if not (record.message_body or "").startswith(row.body):
        return False
    if record.to_send_date is None:
        return False
    return abs(record.to_send_date - row.due_at) <= TO_SEND_TOLERANCE


def find_on_server(
    client: BokaMeraClient, row: MessageRow, *, exclude: Iterable[int] = ()
) -> MessageLogRecord | None:
    """The server's record of ``row``, or None when the log proves it absent.

    Reads the receiver's log newest first, back to shortly before the message was created.
    Raises the client's ApiError when the log cannot be read: absence is then unproven.
    """
    excluded = set(exclude)
    oldest = row.created_at - CLOCK_SKEW
    for record in client.iter_message_log(receiver=row.receiver, order_by_desc="Created"):
        if record.created is not None and record.created < oldest:
            break
        if record.id not in excluded and is_match(row, record):
            return record
    return None
