"""Retry timing: exponential back-off with full jitter, capped, honouring Retry-After."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Backoff:
    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(minutes=30)

    def delay(
        self, attempts: int, *, retry_after: float | None = None, rng: random.Random | None = None
    ) -> timedelta:
        """How long to wait after the ``attempts``-th failed attempt (1 for the first).

        Jitter spreads a desk's retries so a recovering server is not hit by all of them at
        once; the lower half is kept so a retry never comes back almost at once.
        """
        rng = rng or random.Random()
        exponent = max(0, attempts - 1)
        ceiling = min(self.cap.total_seconds(), self.base.total_seconds() * (2**exponent))
        seconds = rng.uniform(ceiling / 2, ceiling)
        if retry_after is not None and retry_after > 0:
            # The server knows best when it can take more; never come back before that.
            seconds = max(seconds, min(retry_after, self.cap.total_seconds() * 4))
        return timedelta(seconds=seconds)

    def next_attempt(
        self,
        now: datetime,
        attempts: int,
        *,
        retry_after: float | None = None,
        rng: random.Random | None = None,
    ) -> datetime:
        return now + self.delay(attempts, retry_after=retry_after, rng=rng)
