"""drain.10k: sending a backlog of due messages to the sandbox, no faults.

Measured: the real Engine (SystemClock, concurrency 4, quiet hours off so the figure does
not depend on the hour) ticking until it is idle: claim_due, send_sms on its pool, and
mark_sent for every message, each a durable transaction on the outbox.

Baseline: a bare httpx loop, 4 threads over one keep-alive client, posting the same JSON
bodies with the same headers to the same sandbox and reading each answer: the floor the
network and the server set. Both log in before the clock starts. A fresh sandbox process
(see bench/sandbox_proc.py) serves each pair of runs; the outbox is fresh for every run.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench.cli import figure_main
from bench.figure import Figure, Target, summarise
from bench.sandbox_proc import Account, SandboxProcess
from bench.timing import MIN_RUNS, ms_since
from bench.workdir import scratch, workdir
from desktop import __version__
from desktop.api.wire_dates import to_wire, zone
from desktop.domain.status import Status
from desktop.storage import repository as repo
from desktop.storage.database import open_database
from desktop.sync.engine import Engine, EngineConfig

DEFAULT_RUNS = 5
MESSAGES = 10_000
CONCURRENCY = 4
MAX_TICKS = 50  # one tick normally sends everything due; more means it is stuck
THREAD_TIMEOUT_S = 600


def messages(count: int, due: datetime) -> list[repo.NewMessage]:
    return [
        repo.NewMessage(
            receiver=f"+4670{1_000_000 + i:07d}",
            body=f"Påminnelse {i}: välkommen imorgon kl 09:00!",
            due_at=due,
            no_later_than=due + timedelta(hours=2),
            created_by="bench",
        )
        for i in range(count)
    ]


def engine_drain(folder: Path, account: Account, count: int) -> float:
    with scratch(folder, "drain-") as run:
        db = open_database(run / "outbox.sqlite3")
        now = datetime.now(UTC)
        repo.enqueue_many(db, messages(count, now - timedelta(minutes=1)), now=now)
        client = account.client()
        client.login()
        engine = Engine(
            db,
            client,
            data_dir=run,
            config=EngineConfig(concurrency=CONCURRENCY, quiet_hours=None),
        )
        engine.acquire()
        try:
            began = time.perf_counter()
            for _ in range(MAX_TICKS):
                engine.tick()
                if engine.is_idle():
                    break
            took = ms_since(began)
            sent = repo.counts_by_status(db)[Status.SENT]
        finally:
            engine.stop()
            client.close()
            db.close()
    if sent != count:
        raise AssertionError(f"the engine sent {sent} of {count}")
    return took


def _bodies(count: int, due: datetime) -> list[bytes]:
    wire_due = to_wire(due.astimezone(zone("Europe/Stockholm")))
    return [
        json.dumps(
            {"Receiver": m.receiver, "MessageBody": m.body, "ToSendDate": wire_due},
            ensure_ascii=False,
        ).encode()
        for m in messages(count, due)
    ]


def bare_drain(account: Account, count: int) -> float:
    bodies = _bodies(count, datetime.now(UTC) - timedelta(minutes=1))
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    with httpx.Client(limits=limits, timeout=20.0, trust_env=False) as http:
        token = http.post(
            account.token_url,
            data={
                "grant_type": "password",
                "client_id": account.client_id,
                "username": account.username,
                "password": account.password,
            },
        ).json()["access_token"]
        headers = {
            "Authorization": f"Bearer {token}",
            "x-api-key": account.api_key,
            "x-language": "en",
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": f"SMS-Desk/{__version__}",
        }
        url = account.api_url + "/messages/sendsms"
        pending: Iterator[bytes] = iter(bodies)
        lock = threading.Lock()
        failures: list[str] = []

        def post_until_done() -> None:
            while True:
                with lock:
                    body = next(pending, None)
                if body is None:
                    return
                answer = http.post(url, content=body, headers=headers)
                if answer.status_code != 200:
                    failures.append(str(answer.status_code))
                answer.json()

        threads = [threading.Thread(target=post_until_done) for _ in range(CONCURRENCY)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=THREAD_TIMEOUT_S)
        took = ms_since(began)
    if failures or any(t.is_alive() for t in threads):
        raise AssertionError(f"bare loop: {len(failures)} failures, or a thread hung")
    return took


def measure(runs: int = DEFAULT_RUNS, count: int = MESSAGES) -> Figure:
    ours: list[float] = []
    theirs: list[float] = []
    with workdir() as folder:
        # No warm-up pair: a run is a minute long, and every run starts a fresh sandbox
        # and outbox anyway, so the first one pays nothing the others do not.
        for i in range(max(runs, MIN_RUNS)):
            with (
                scratch(folder, "sandbox-") as sandbox_dir,
                SandboxProcess(sandbox_dir / "sandbox.sqlite3") as sandbox,
            ):
                assert sandbox.account is not None
                first_ours = i % 2 == 0
                if first_ours:
                    a = engine_drain(folder, sandbox.account, count)
                b = bare_drain(sandbox.account, count)
                if not first_ours:
                    a = engine_drain(folder, sandbox.account, count)
                if sandbox.accepted() != 2 * count:
                    raise AssertionError("the sandbox did not accept every message")
            ours.append(a / 1000)
            theirs.append(b / 1000)
            print(f"  run {i}: engine {a / 1000:.1f} s, bare httpx {b / 1000:.1f} s", flush=True)
    return summarise(
        "drain.10k" if count == MESSAGES else f"drain.{count}",
        "s",
        ours,
        baseline=theirs,
        target=Target(ratio_at_most=1.25),
        note=(
            f"{count:,} due messages, concurrency {CONCURRENCY}: Engine.tick() until idle vs"
            " a bare 4-thread httpx loop posting the same bodies; sandbox in its own process"
            " on 127.0.0.1, outbox on disk (synchronous=FULL)."
        ),
    )


def profile() -> None:
    with (
        workdir() as folder,
        scratch(folder, "sandbox-") as sandbox_dir,
        SandboxProcess(sandbox_dir / "sandbox.sqlite3") as sandbox,
    ):
        assert sandbox.account is not None
        engine_drain(folder, sandbox.account, 2_000)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
