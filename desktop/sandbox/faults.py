"""Fault injection for the API routes: random, but reproducible from a seed.

Every API request draws the same five numbers in the same order whatever the settings, so
a seeded run gives the same sequence of outcomes for the same sequence of requests. (With
several connections at once, which request gets which draw depends on thread timing; tests
that need exact sequences send from one connection.)
"""

from __future__ import annotations

import enum
import random
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class FaultConfig:
    error_rate: float = 0.0
    error_status: int = 503
    retry_after: float | None = None
    rate_limit_rate: float = 0.0
    slow_seconds: float = 0.0
    slow_rate: float = 1.0
    drop_before_answer_rate: float = 0.0
    accept_then_drop_rate: float = 0.0
    offline: bool = False
    seed: int | None = None

    def __post_init__(self) -> None:
        for name in ("error_rate", "rate_limit_rate", "slow_rate"):
            _check_rate(name, getattr(self, name))
        _check_rate("drop_before_answer_rate", self.drop_before_answer_rate)
        _check_rate("accept_then_drop_rate", self.accept_then_drop_rate)
        if not 400 <= self.error_status <= 599:
            raise ValueError("error_status must be an HTTP error status (400-599)")
        if self.slow_seconds < 0:
            raise ValueError("slow_seconds must not be negative")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError("retry_after must not be negative")

    @property
    def quiet(self) -> bool:
        """No fault can happen: requests skip the draws entirely (the fast path)."""
        return not (
            self.error_rate
            or self.rate_limit_rate
            or (self.slow_seconds and self.slow_rate)
            or self.drop_before_answer_rate
            or self.accept_then_drop_rate
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))


def _check_rate(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1")


class Before(enum.Enum):
    """What happens before the request is processed."""

    PROCESS = "process"
    RATE_LIMIT = "rate_limit"  # 429 with Retry-After
    ERROR = "error"  # error_status
    DROP = "drop"  # close without an answer, nothing stored


@dataclass(frozen=True)
class FaultPlan:
    before: Before = Before.PROCESS
    delay: float = 0.0  # seconds held before processing (real time)
    drop_after: bool = False  # processed (a send is stored) but the answer is never written


NO_FAULTS = FaultPlan()


class FaultInjector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config = FaultConfig()
        self._rng = random.Random()

    @property
    def config(self) -> FaultConfig:
        return self._config

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self._config = config
            self._rng = random.Random(config.seed)

    def plan(self) -> FaultPlan:
        config = self._config
        if config.quiet:
            return NO_FAULTS
        with self._lock:
            draws = [self._rng.random() for _ in range(5)]
        rate_limited, failed, dropped, lost_answer, slowed = draws
        if rate_limited < config.rate_limit_rate:
            before = Before.RATE_LIMIT
        elif failed < config.error_rate:
            before = Before.ERROR
        elif dropped < config.drop_before_answer_rate:
            before = Before.DROP
        else:
            before = Before.PROCESS
        return FaultPlan(
            before=before,
            delay=config.slow_seconds if slowed < config.slow_rate else 0.0,
            drop_after=before is Before.PROCESS and lost_answer < config.accept_then_drop_rate,
        )
