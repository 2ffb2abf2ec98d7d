"""Pulling messages sent from elsewhere (other desks, booking confirmations) into the log."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.api.client import BokaMeraClient
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import Database
from desktop.sync.reconcile import is_match

HIGH_WATER_KEY = "history.newest_created"
# Re-read a day behind the newest record seen, so messages the server scheduled for later
# get their Sent flag updated, and late-arriving records are not skipped.
OVERLAP = timedelta(days=1)
FIRST_PULL_LIMIT = 5000
FLUSH_EVERY = 500


def pull_history(db: Database, client: BokaMeraClient, *, now: datetime) -> int:
    """Store the server's SMS log records we do not have yet; returns how many were new."""
    stored = repo.get_setting(db, HIGH_WATER_KEY)
    high_water = datetime.fromisoformat(stored) if stored else None
    stop_before = high_water - OVERLAP if high_water else None
    # Our own messages whose server id we do not know yet must not come back as "elsewhere".
    pending = [
        *repo.list_by_status(db, Status.UNCONFIRMED),
        *repo.list_by_status(db, Status.SENDING),
    ]
    inserted = 0
    newest = high_water
    batch: list[repo.RemoteRecord] = []
    for seen, record in enumerate(client.iter_message_log(order_by_desc="Created")):
        if stop_before is not None and record.created is not None and record.created < stop_before:
            break
        if stop_before is None and seen >= FIRST_PULL_LIMIT:
            break
        if any(is_match(row, record) for row in pending):
            continue
        if record.created is not None and (newest is None or record.created > newest):
            newest = record.created
        batch.append(
            repo.RemoteRecord(
                server_id=record.id,
                receiver=record.receiver,
                body=record.message_body,
                created=record.created,
                to_send_date=record.to_send_date,
                sent=record.sent,
                sent_date=record.sent_date,
                booking_id=record.booking_id,
            )
        )
        if len(batch) >= FLUSH_EVERY:
            inserted += repo.upsert_remote(db, batch, now=now)
            batch.clear()
    if batch:
        inserted += repo.upsert_remote(db, batch, now=now)
    if newest is not None and newest != high_water:
        repo.set_setting(db, HIGH_WATER_KEY, newest.isoformat())
    return inserted
