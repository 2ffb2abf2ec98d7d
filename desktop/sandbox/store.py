"""The sandbox's own storage: sqlite3, one connection behind a lock.

One connection (not one per thread) because an in-memory database exists only inside its
connection, and because a lock around a single connection is both simple and fast enough
for the ~1,000 sends/s the engine's tests push through it. Instants are stored as integer
microseconds since 1970 UTC so that ordering and equality are exact.

Nothing here is a secret worth protecting: the practice user's password is stored in the
clear on purpose, because the standalone sandbox prints it for the person practising.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

PRACTICE_USERNAME = "ovning@smsdesk.local"
PRACTICE_ROLES = ("bookingsupplier-administrator-write",)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,          -- lower case: Keycloak usernames are
    salt BLOB NOT NULL,
    pw_hash BLOB NOT NULL,
    roles TEXT NOT NULL                 -- JSON list
);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL,                 -- 'access' or 'refresh'
    username TEXT NOT NULL,
    session TEXT NOT NULL,
    roles TEXT NOT NULL,
    expires_us INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    origin TEXT NOT NULL,               -- 'api': accepted by sendsms; 'seed': from elsewhere
    booking_id INTEGER,
    receiver TEXT NOT NULL,
    title TEXT,
    storage_url TEXT,
    body TEXT NOT NULL,                 -- as the log shows it (DefaultText appended)
    posted_body TEXT NOT NULL,          -- as the client posted it: what counts are keyed on
    created_us INTEGER NOT NULL,
    to_send_us INTEGER NOT NULL,
    fixed_sent INTEGER,                 -- NULL: sent once the clock passes to_send_us
    fixed_sent_us INTEGER,
    retries INTEGER NOT NULL DEFAULT 0,
    send_method INTEGER NOT NULL        -- 1 email, 2 SMS
);
CREATE INDEX IF NOT EXISTS messages_receiver ON messages (receiver);
"""

# Delivery is computed when read: an SMS counts as sent once the clock passes ToSendDate.
SENT_SQL = "(CASE WHEN fixed_sent IS NULL THEN to_send_us <= :now ELSE fixed_sent END)"
SENT_DATE_SQL = (
    "(CASE WHEN fixed_sent IS NULL THEN CASE WHEN to_send_us <= :now THEN to_send_us END"
    " WHEN fixed_sent = 1 THEN COALESCE(fixed_sent_us, to_send_us) END)"
)

# The MessageLogQueryResponse properties the log can be ordered by, and their SQL.
ORDER_COLUMNS: dict[str, str] = {
    "id": "id",
    "bookingid": "booking_id",
    "receiver": "receiver",
    "messagetitle": "title",
    "messagebody": "body",
    "created": "created_us",
    "tosenddate": "to_send_us",
    "sentdate": SENT_DATE_SQL,
    "sent": SENT_SQL,
    "messageretries": "retries",
    "sendmethodid": "send_method",
}

_COLUMNS = (
    "id, booking_id, receiver, title, storage_url, body, created_us, to_send_us,"
    f" {SENT_SQL}, {SENT_DATE_SQL}, retries, send_method"
)


@dataclass(frozen=True)
class Identity:
    company_id: str
    api_key: str
    username: str
    password: str
    token_secret: str


@dataclass(frozen=True)
class TokenRecord:
    token: str
    kind: str
    username: str
    session: str
    roles: tuple[str, ...]
    expires_us: int


@dataclass(frozen=True)
class NewMessage:
    origin: str
    receiver: str
    body: str
    posted_body: str
    created_us: int
    to_send_us: int
    send_method: int = 2
    booking_id: int | None = None
    title: str | None = None
    storage_url: str | None = None
    fixed_sent: bool | None = None
    fixed_sent_us: int | None = None
    retries: int = 0


@dataclass(frozen=True)
class MessageRow:
    id: int
    booking_id: int | None
    receiver: str
    title: str | None
    storage_url: str | None
    body: str
    created_us: int
    to_send_us: int
    sent: bool
    sent_date_us: int | None
    retries: int
    send_method: int


@dataclass(frozen=True)
class LogFilter:
    id: int | None = None
    booking_id: int | None = None
    receiver: str | None = None
    created_us: int | None = None
    sent_date_us: int | None = None
    sent: bool | None = None


class Store:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._open()
        self.identity = self._identity()

    # -- lifecycle -------------------------------------------------------------------------

    def _open(self) -> None:
        if self.path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                str(self.path), check_same_thread=False, isolation_level=None, timeout=10
            )
            conn.execute("PRAGMA journal_mode=WAL")
            # A practice server, not the outbox: losing the last instant on power loss is fine,
            # and NORMAL keeps a commit per send cheap.
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        conn.execute("PRAGMA user_version=1")
        self._conn = conn

    def _db(self) -> sqlite3.Connection:
        # A file-backed store closed by stop() reopens on demand, so counts stay readable.
        if self._conn is None:
            self._open()
        assert self._conn is not None
        return self._conn

    def close(self) -> None:
        """Close a file-backed store; an in-memory one lives as long as this object."""
        with self._lock:
            if self._conn is not None and self.path is not None:
                self._conn.close()
                self._conn = None

    def _identity(self) -> Identity:
        with self._lock:
            db = self._db()
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if "company_id" not in meta:
                meta = {
                    "company_id": str(uuid.uuid4()),
                    "api_key": str(uuid.uuid4()),
                    "username": PRACTICE_USERNAME,
                    "password": secrets.token_urlsafe(9),
                    "token_secret": secrets.token_hex(32),
                }
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                _upsert_user(db, meta["username"], meta["password"], PRACTICE_ROLES)
                db.execute("COMMIT")
        return Identity(
            company_id=meta["company_id"],
            api_key=meta["api_key"],
            username=meta["username"],
            password=meta["password"],
            token_secret=meta["token_secret"],
        )

    # -- users -----------------------------------------------------------------------------

    def upsert_user(self, username: str, password: str, roles: Sequence[str]) -> None:
        with self._lock:
            _upsert_user(self._db(), username, password, roles)

    def check_password(self, username: str, password: str) -> tuple[str, ...] | None:
        """The user's roles when the password is right, else None."""
        with self._lock:
            row = (
                self._db()
                .execute(
                    "SELECT salt, pw_hash, roles FROM users WHERE username = ?",
                    (username.strip().lower(),),
                )
                .fetchone()
            )
        if row is None or not hmac.compare_digest(_hash(row[0], password), row[1]):
            return None
        return tuple(json.loads(row[2]))

    def roles_of(self, username: str) -> tuple[str, ...] | None:
        with self._lock:
            row = (
                self._db()
                .execute("SELECT roles FROM users WHERE username = ?", (username,))
                .fetchone()
            )
        return None if row is None else tuple(json.loads(row[0]))

    # -- tokens ----------------------------------------------------------------------------

    def save_token(self, record: TokenRecord, *, prune_before_us: int) -> None:
        with self._lock:
            db = self._db()
            db.execute("DELETE FROM tokens WHERE expires_us < ?", (prune_before_us,))
            db.execute(
                "INSERT OR REPLACE INTO tokens VALUES (?, ?, ?, ?, ?, ?)",
                (
                    record.token,
                    record.kind,
                    record.username,
                    record.session,
                    json.dumps(list(record.roles)),
                    record.expires_us,
                ),
            )

    def load_tokens(self) -> list[TokenRecord]:
        with self._lock:
            rows = self._db().execute("SELECT * FROM tokens").fetchall()
        return [
            TokenRecord(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), row[5])
            for row in rows
        ]

    def delete_session(self, session: str) -> None:
        with self._lock:
            self._db().execute("DELETE FROM tokens WHERE session = ?", (session,))

    def expire_tokens(self, now_us: int) -> None:
        with self._lock:
            self._db().execute(
                "UPDATE tokens SET expires_us = ? WHERE expires_us >= ?", (now_us - 1, now_us)
            )

    # -- messages --------------------------------------------------------------------------

    def insert_message(self, message: NewMessage, now_us: int) -> MessageRow:
        with self._lock:
            db = self._db()
            cursor = db.execute(_INSERT, _insert_params(message))
            row = db.execute(
                f"SELECT {_COLUMNS} FROM messages WHERE id = :id",
                {"id": cursor.lastrowid, "now": now_us},
            ).fetchone()
        return _message(row)

    def insert_messages(self, messages: Iterable[NewMessage]) -> int:
        params = [_insert_params(message) for message in messages]
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(_INSERT, params)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        return len(params)

    def query_messages(
        self,
        where: LogFilter,
        order: Sequence[tuple[str, bool]],
        skip: int,
        take: int,
        now_us: int,
        *,
        with_total: bool,
    ) -> tuple[list[MessageRow], int | None]:
        """Rows of one page, and the total when asked; ``order`` is (column SQL, descending)."""
        clauses: list[str] = []
        params: dict[str, object] = {"now": now_us, "skip": skip, "take": take}
        for column, key, value in (
            ("id", "id", where.id),
            ("booking_id", "booking_id", where.booking_id),
            ("receiver", "receiver", where.receiver),
            ("created_us", "created", where.created_us),
            (SENT_DATE_SQL, "sent_date", where.sent_date_us),
            (SENT_SQL, "sent", None if where.sent is None else int(where.sent)),
        ):
            if value is not None:
                clauses.append(f"{column} = :{key}")
                params[key] = value
        where_sql = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        # Id last, so pages are stable whatever the caller orders by.
        order_sql = ", ".join(f"{sql} {'DESC' if desc else 'ASC'}" for sql, desc in order)
        order_sql = f"{order_sql}, id ASC" if order_sql else "id ASC"
        with self._lock:
            db = self._db()
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM messages{where_sql}"
                f" ORDER BY {order_sql} LIMIT :take OFFSET :skip",
                params,
            ).fetchall()
            total = None
            if with_total:
                total = db.execute(f"SELECT COUNT(*) FROM messages{where_sql}", params).fetchone()[
                    0
                ]
        return [_message(row) for row in rows], total

    def accepted_count(self, receiver: str, body: str) -> int:
        with self._lock:
            return int(
                self._db()
                .execute(
                    "SELECT COUNT(*) FROM messages"
                    " WHERE origin = 'api' AND receiver = ? AND posted_body = ?",
                    (receiver, body),
                )
                .fetchone()[0]
            )

    def accepted_counts(self) -> dict[tuple[str, str], int]:
        with self._lock:
            rows = (
                self._db()
                .execute(
                    "SELECT receiver, posted_body, COUNT(*) FROM messages"
                    " WHERE origin = 'api' GROUP BY receiver, posted_body"
                )
                .fetchall()
            )
        return {(row[0], row[1]): int(row[2]) for row in rows}

    def total_accepted(self) -> int:
        with self._lock:
            return int(
                self._db()
                .execute("SELECT COUNT(*) FROM messages WHERE origin = 'api'")
                .fetchone()[0]
            )


_INSERT = (
    "INSERT INTO messages (origin, booking_id, receiver, title, storage_url, body, posted_body,"
    " created_us, to_send_us, fixed_sent, fixed_sent_us, retries, send_method)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _insert_params(m: NewMessage) -> tuple[object, ...]:
    return (
        m.origin,
        m.booking_id,
        m.receiver,
        m.title,
        m.storage_url,
        m.body,
        m.posted_body,
        m.created_us,
        m.to_send_us,
        None if m.fixed_sent is None else int(m.fixed_sent),
        m.fixed_sent_us,
        m.retries,
        m.send_method,
    )


def _message(row: Sequence[object]) -> MessageRow:
    values = list(row)
    values[8] = bool(values[8])  # SQLite answers the computed Sent as 0/1
    return MessageRow(*values)  # type: ignore[arg-type]


def _hash(salt: bytes, password: str) -> bytes:
    # Salted SHA-256 is plenty for throwaway practice accounts and keeps logins instant.
    return hashlib.sha256(salt + password.encode("utf-8")).digest()


def _upsert_user(
    db: sqlite3.Connection, username: str, password: str, roles: Sequence[str]
) -> None:
    salt = secrets.token_bytes(16)
    db.execute(
        "INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?)",
        (username.strip().lower(), salt, _hash(salt, password), json.dumps(list(roles))),
    )
