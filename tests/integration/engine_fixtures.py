"""Building blocks for engine tests: a real outbox file, the real sandbox, a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.api.client import DEFAULT_MAX_CONNECTIONS, BokaMeraClient
from desktop.api.settings import AccountSettings
from desktop.domain.clock import FakeClock
from desktop.domain.status import Status
from desktop.sandbox.server import SandboxServer
from desktop.storage import repository as repo
from desktop.storage.database import Database, open_database
from desktop.sync.engine import Engine, EngineConfig

# A Monday morning, well outside quiet hours, away from DST changes.
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def client_for(
    sandbox: SandboxServer,
    clock: FakeClock,
    *,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    **overrides: object,
) -> BokaMeraClient:
    values: dict[str, object] = {
        "api_url": sandbox.api_url,
        "token_url": sandbox.token_url,
        "api_key": sandbox.api_key,
        "username": sandbox.username,
        "password": sandbox.password,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
    }
    values.update(overrides)
    settings = AccountSettings(**values)  # type: ignore[arg-type]
    return BokaMeraClient(settings, clock=clock, max_connections=max_connections)


@dataclass
class Desk:
    """One desk: its outbox, its engine, the sandbox it talks to, and the shared clock."""

    tmp: Path
    clock: FakeClock
    sandbox: SandboxServer
    db: Database
    engine: Engine
    engines: list[Engine] = field(default_factory=list)

    def queue(
        self,
        receiver: str = "+46701234567",
        body: str = "Hej! Välkommen imorgon kl 09:00.",
        *,
        due_in: timedelta = timedelta(0),
        no_later_than: timedelta | None = None,
        send_anyway: bool = False,
    ) -> repo.MessageRow:
        now = self.clock.now()
        due = now + due_in
        return repo.enqueue(
            self.db,
            repo.NewMessage(
                receiver=receiver,
                body=body,
                due_at=due,
                no_later_than=None if no_later_than is None else due + no_later_than,
                created_by="Anna",
                send_anyway=send_anyway,
            ),
            now=now,
        )

    def queue_many(
        self, count: int, *, spread: timedelta = timedelta(0), grace: timedelta | None = None
    ) -> list[repo.MessageRow]:
        """``count`` messages to distinct numbers, due evenly over ``spread`` from now."""
        now = self.clock.now()
        step = spread / count if count else timedelta(0)
        news = []
        for i in range(count):
            due = now + step * i
            news.append(
                repo.NewMessage(
                    receiver=f"+4670{1000000 + i:07d}",
                    body=f"Påminnelse {i}: välkommen!",
                    due_at=due,
                    no_later_than=None if grace is None else due + grace,
                    created_by="Anna",
                )
            )
        return repo.enqueue_many(self.db, news, now=now)

    def status_of(self, message_id: int) -> Status:
        row = repo.get(self.db, message_id)
        assert row is not None
        return row.status

    def counts(self) -> dict[Status, int]:
        return repo.counts_by_status(self.db)

    def drain(self, *, step: timedelta = timedelta(minutes=31), max_ticks: int = 200) -> int:
        """Tick, moving the clock past every back-off, until nothing waits. Returns ticks."""
        for ticks in range(1, max_ticks + 1):
            self.engine.tick()
            if self.engine.is_idle():
                return ticks
            self.clock.advance(step)
        raise AssertionError(f"not idle after {max_ticks} ticks: {self.counts()}")

    def new_engine(self, **config: object) -> Engine:
        engine = Engine(
            self.db,
            client_for(self.sandbox, self.clock),
            data_dir=self.tmp,
            clock=self.clock,
            config=EngineConfig(**{**DEFAULT_CONFIG, **config}),  # type: ignore[arg-type]
        )
        self.engines.append(engine)
        return engine


DEFAULT_CONFIG: dict[str, object] = {
    "quiet_hours": None,
    "reconcile_after": timedelta(seconds=10),
}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    clock = FakeClock(START)
    with SandboxServer(db_path=tmp_path / "sandbox.sqlite3", clock=clock) as sandbox:
        db = open_database(tmp_path / "outbox.sqlite3")
        engine = Engine(
            db,
            client_for(sandbox, clock),
            data_dir=tmp_path,
            clock=clock,
            config=EngineConfig(**DEFAULT_CONFIG),  # type: ignore[arg-type]
        )
        d = Desk(tmp_path, clock, sandbox, db, engine)
        d.engines.append(engine)
        engine.acquire()
        try:
            yield d
        finally:
            for e in d.engines:
                e.stop()
                e.client.close()
            db.close()
