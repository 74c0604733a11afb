"""Timing a call many times: p50 and p95, bounded in count and in time.

``measure(call, repeat, budget)`` runs ``call`` once to warm up, then up to ``repeat`` times or until
``budget`` seconds have passed (at least 3 runs), and returns the median and the 95th percentile in
milliseconds, with how many runs they come from. Percentiles are nearest-rank: with 20 runs p95 is
the 19th fastest, so it is one run, not an average of the slow ones.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Latency of one call, in milliseconds."""

    p50: float
    p95: float
    runs: int

    def as_dict(self) -> dict[str, float]:
        """The figures, rounded for printing and JSON."""
        return {"p50_ms": round(self.p50, 3), "p95_ms": round(self.p95, 3), "runs": self.runs}


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(seconds: list[float]) -> Timing:
    """p50 and p95 in milliseconds of durations in seconds."""
    millis = [s * 1000 for s in seconds]
    return Timing(percentile(millis, 0.5), percentile(millis, 0.95), len(millis))


def measure(call: Callable[[], object], repeat: int = 50, budget: float = 10.0) -> Timing:
    """Time ``call``: one warm-up run, then ``repeat`` runs or as many as fit in ``budget`` seconds."""
    call()
    durations: list[float] = []
    deadline = time.perf_counter() + budget
    gc.collect()
    while len(durations) < repeat and (len(durations) < 3 or time.perf_counter() < deadline):
        started = time.perf_counter()
        call()
        durations.append(time.perf_counter() - started)
    return summary(durations)
