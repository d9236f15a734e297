"""How a bench's timings spread: the median, the 95th percentile and the most, as its tables print them."""

from __future__ import annotations

import statistics
from collections.abc import Iterable


def spread(values: Iterable[float]) -> tuple[float, float, float]:
    """The median, the 95th percentile (the nearest rank) and the largest of values, which are not empty."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]
