"""startup.*: from spawning the process to the first painted main window, and idle memory.

Measured: the real start path, ``python -m desktop --data-dir DIR`` on a folder whose
outbox holds 100,000 messages (history up to now, the newest 100 queued from tomorrow on),
welcome already seen. Practice mode, so the embedded sandbox starts as on a first install.

Baseline: a bare PySide6 program showing an empty QMainWindow (bench/_window_bare.py).

Both run as child processes with the same environment: offscreen Qt, the failing keyring,
a private HOME and XDG folders (QSettings, the log file and caches stay out of the user's),
bytecode cached under a private prefix, and bench/_window_hook.py as their sitecustomize.
The hook notes when the first Paint event of a QMainWindow has been handled and the event
loop is back; the figure is that moment minus the parent's clock just before spawning (both
CLOCK_MONOTONIC). Then each program idles IDLE_MS in its own event loop and the hook reads
VmRSS. One warm-up pair is thrown away (it fills the bytecode and font caches); after it,
the pairs alternate which program goes first. Each app run gets a fresh copy of the outbox.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import _window_hook
from bench._window_db import build_outbox, copy_outbox, window_settings
from bench.cli import figure_main
from bench.figure import Figure, Target, summarise
from bench.machine import ROOT
from bench.timing import MIN_RUNS
from bench.workdir import scratch, workdir
from desktop.storage.paths import DB_FILENAME

DEFAULT_RUNS = 7
MESSAGES = 100_000
IDLE_MS = 5_000
RUN_TIMEOUT_S = 180  # one program's start plus idle; longer means it hangs
WARMUP_PAIRS = 1
HOOK = Path(_window_hook.__file__)
DESK = ("-m", "desktop")
BARE = ("-m", "bench._window_bare")


@dataclass(frozen=True)
class Start:
    first_paint_ms: float  # spawn -> the first main-window paint handled
    python_ms: float  # spawn -> sitecustomize runs (the interpreter is up)
    app_ms: float  # spawn -> QApplication constructed
    rss_mb: float  # VmRSS after idling
    hwm_mb: float  # VmHWM: the peak resident size so far


class Programs:
    """The private environment both programs run in, and one run of either."""

    def __init__(self, folder: Path, outbox: Path) -> None:
        self.folder = folder
        self.outbox = outbox
        self.hook_dir = folder / "hook"
        self.hook_dir.mkdir()
        shutil.copyfile(HOOK, self.hook_dir / "sitecustomize.py")
        self.home = folder / "home"
        self.runtime = folder / "runtime"
        self.tmp = folder / "tmp"
        for made in (self.home, self.runtime, self.tmp):
            made.mkdir(mode=0o700)
        self._count = 0
        self.profile_out: Path | None = None  # cProfile the next app runs into this file

    def env(self, out: Path) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SMSDESK_", "PYTHON", "XDG_", "QT_"))
        }
        env.update(
            {
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                "PYTHONPATH": str(self.hook_dir),
                # An installed app has its bytecode compiled: cache it, outside the tree.
                "PYTHONPYCACHEPREFIX": str(self.folder / "pycache"),
                "HOME": str(self.home),
                "XDG_CONFIG_HOME": str(self.home / ".config"),
                "XDG_DATA_HOME": str(self.home / ".local" / "share"),
                "XDG_STATE_HOME": str(self.home / ".local" / "state"),
                "XDG_CACHE_HOME": str(self.home / ".cache"),
                "XDG_RUNTIME_DIR": str(self.runtime),
                "TMPDIR": str(self.tmp),  # QLocalServer's socket goes here
                _window_hook.OUT_ENV: str(out),
                _window_hook.IDLE_ENV: str(IDLE_MS),
            }
        )
        if self.profile_out is not None:
            env[_window_hook.PROFILE_ENV] = str(self.profile_out)
        return env

    def desk(self) -> Start:
        data = copy_outbox(self.outbox, self.folder / f"data{self._count}").parent
        return self._run([*DESK, "--data-dir", str(data)])

    def bare(self) -> Start:
        return self._run(list(BARE))

    def _run(self, arguments: list[str]) -> Start:
        self._count += 1
        out = self.folder / f"start{self._count}.json"
        errors = self.folder / f"start{self._count}.stderr"
        with errors.open("wb") as stderr:
            spawned = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, *arguments],
                cwd=ROOT,
                env=self.env(out),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                code = proc.wait(timeout=RUN_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()  # only the child started here
                proc.wait()
                code = None
        result = json.loads(out.read_text()) if out.exists() else {}
        if code != 0 or "painted" not in result:
            tail = errors.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(arguments)}: exit {code}, {result}\n{tail}")
        return Start(
            first_paint_ms=(result["painted"] - spawned) * 1000,
            python_ms=(result["python_ready"] - spawned) * 1000,
            app_ms=(result["app_created"] - spawned) * 1000,
            rss_mb=result["rss_kb"] / 1024,
            hwm_mb=result["hwm_kb"] / 1024,
        )


def _median(starts: list[Start], field: str) -> float:
    return statistics.median(getattr(s, field) for s in starts)


def measure(runs: int = DEFAULT_RUNS) -> list[Figure]:
    desk: list[Start] = []
    bare: list[Start] = []
    with workdir() as work, scratch(work, "startup-") as folder:
        began = time.perf_counter()
        outbox = build_outbox(folder / "template" / DB_FILENAME, MESSAGES)
        window_settings(outbox, quiet_hours_off=False)
        print(f"built {MESSAGES:,} messages in {time.perf_counter() - began:.1f} s", flush=True)
        programs = Programs(folder, outbox)
        runs = max(runs, MIN_RUNS)
        for i in range(WARMUP_PAIRS + runs):
            desk_first = i % 2 == 0
            a = programs.desk() if desk_first else programs.bare()
            b = programs.bare() if desk_first else programs.desk()
            ours, theirs = (a, b) if desk_first else (b, a)
            warm = i < WARMUP_PAIRS
            print(
                f"  {'warm-up' if warm else f'run {i - WARMUP_PAIRS}'}:"
                f" desk {ours.first_paint_ms:.0f} ms, {ours.rss_mb:.0f} MB;"
                f" bare {theirs.first_paint_ms:.0f} ms, {theirs.rss_mb:.0f} MB",
                flush=True,
            )
            if not warm:
                desk.append(ours)
                bare.append(theirs)
    how = (
        f"`python -m desktop --data-dir` on {MESSAGES:,} messages (practice mode, so the"
        " embedded sandbox starts too) vs a bare PySide6 program showing an empty"
        " QMainWindow; separate processes, offscreen Qt, private HOME, bytecode cached."
    )
    breakdown = (
        f"Medians, desk / bare: interpreter up {_median(desk, 'python_ms'):.0f} /"
        f" {_median(bare, 'python_ms'):.0f} ms, QApplication made {_median(desk, 'app_ms'):.0f}"
        f" / {_median(bare, 'app_ms'):.0f} ms, first paint {_median(desk, 'first_paint_ms'):.0f}"
        f" / {_median(bare, 'first_paint_ms'):.0f} ms."
    )
    paint = summarise(
        "startup.first_paint",
        "ms",
        [s.first_paint_ms for s in desk],
        baseline=[s.first_paint_ms for s in bare],
        target=Target(ratio_at_most=1.5),
        note=(
            f"{how} From spawn to the first Paint of the QMainWindow handled (a zero timer"
            f" after it). {breakdown}"
        ),
    )
    rss = summarise(
        "startup.idle_rss",
        "MB",
        [s.rss_mb for s in desk],
        baseline=[s.rss_mb for s in bare],
        note=(
            f"{how} VmRSS {IDLE_MS / 1000:g} s after the first paint; informational, the"
            f" target is on startup.idle_rss_extra. Peak (VmHWM) medians: desk"
            f" {_median(desk, 'hwm_mb'):.0f} MB, bare {_median(bare, 'hwm_mb'):.0f} MB."
        ),
    )
    extra = summarise(
        "startup.idle_rss_extra",
        "MB",
        [d.rss_mb - b.rss_mb for d, b in zip(desk, bare, strict=True)],
        target=Target(at_most=100),
        note=(
            "SMS Desk's idle VmRSS minus the bare program's, per pair (the same runs as"
            f" startup.idle_rss: desk {rss.value:.0f} MB, bare {rss.baseline or 0:.0f} MB)."
        ),
    )
    return [paint, rss, extra]


def profile() -> None:
    """One start of the app under cProfile (its main thread, spawn to first paint)."""
    with tempfile.TemporaryDirectory(prefix="smsdesk-bench-") as name:
        folder = Path(name)
        outbox = build_outbox(folder / "template" / DB_FILENAME, MESSAGES)
        window_settings(outbox, quiet_hours_off=False)
        programs = Programs(folder, outbox)
        programs.desk()  # warm the bytecode cache
        stats = folder / "start.prof"
        programs.profile_out = stats
        start = programs.desk()
        print(f"first paint after {start.first_paint_ms:.0f} ms (under cProfile)")
        import pstats

        for order in ("cumulative", "tottime"):
            pstats.Stats(str(stats)).strip_dirs().sort_stats(order).print_stats(40)


if __name__ == "__main__":
    figure_main(measure, default_runs=DEFAULT_RUNS, profile=profile)
