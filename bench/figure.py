"""What a figure is: a median over runs, its spread, a baseline, and the target it must meet."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    """Every bound given must hold: an absolute one on the median, and/or one on the ratio.

    ``every_run`` puts the absolute bound on the worst run instead of the median: a tail
    promise ("p99 <= 1 s") that holds in the median session only is not kept.
    """

    at_most: float | None = None  # in the figure's unit
    ratio_at_most: float | None = None  # median / baseline median
    every_run: bool = False

    def met(self, value: float, ratio: float | None, worst: float | None = None) -> bool:
        checked = worst if self.every_run and worst is not None else value
        if self.at_most is not None and checked > self.at_most:
            return False
        if self.ratio_at_most is None:
            return True
        return ratio is not None and ratio <= self.ratio_at_most

    def describe(self, unit: str) -> str:
        parts = []
        if self.at_most is not None:
            parts.append(f"≤ {self.at_most:g} {unit}" + (" in every run" if self.every_run else ""))
        if self.ratio_at_most is not None:
            parts.append(f"≤ {self.ratio_at_most:g}× baseline")
        return ", ".join(parts)

    def as_json(self) -> dict[str, float | bool | None]:
        return {
            "at_most": self.at_most,
            "ratio_at_most": self.ratio_at_most,
            "every_run": self.every_run,
        }


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    value: float  # median of the runs
    min: float
    max: float
    runs: int
    baseline: float | None = None  # median of the baseline's runs, measured alongside
    target: Target | None = None
    note: str = ""  # for people: what exactly was measured, deviations from the brief

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        """None when the figure is informational (no target)."""
        return None if self.target is None else self.target.met(self.value, self.ratio, self.max)

    def as_json(self) -> dict[str, Any]:
        """Exactly the keys results.json promises (see bench/report.py)."""
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "target": None if self.target is None else self.target.as_json(),
            "met": self.met,
            "min": self.min,
            "max": self.max,
            "runs": self.runs,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], note: str = "") -> Figure:
        target = data.get("target")
        return cls(
            name=data["name"],
            unit=data["unit"],
            value=data["value"],
            min=data["min"],
            max=data["max"],
            runs=data["runs"],
            baseline=data.get("baseline"),
            target=None if target is None else Target(**target),
            note=note,
        )


def summarise(
    name: str,
    unit: str,
    samples: Sequence[float],
    *,
    baseline: Sequence[float] | None = None,
    target: Target | None = None,
    note: str = "",
) -> Figure:
    """A Figure from raw samples: median, min and max; the baseline's median beside it."""
    if not samples:
        raise ValueError(f"{name}: no samples")
    return Figure(
        name=name,
        unit=unit,
        value=statistics.median(samples),
        min=min(samples),
        max=max(samples),
        runs=len(samples),
        baseline=statistics.median(baseline) if baseline else None,
        target=target,
        note=note,
    )
