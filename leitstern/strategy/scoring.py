"""Scoring, colour bands, trends and risk for OKRs and metrics: plain Python, no Django.

Google's OKR grading: a key result scores 0.0–1.0 by how far it moved from its baseline to
its target; an objective scores the mean of its key results. Committed objectives are
expected at 1.0, aspirational ones around 0.7. Bands: red 0.0–0.3, yellow 0.4–0.6, green
0.7–1.0 (judged on the score rounded to one decimal, as it is shown).

Every function returns what it computed together with the inputs it used, so a page can say
exactly how a number came about.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    RANGE = "range"


class Method(StrEnum):
    """How a key result score was computed (named on the page next to the score)."""

    PROGRESS = "progress"  # (current − baseline) / (target − baseline)
    FROM_ZERO = "from_zero"  # no baseline, higher is better: current / target
    MET = "met"  # no usable span: 1.0 when the target is reached, else 0.0
    NO_DATA = "no_data"  # no current value yet: 0.0


EXPECTED = {"committed": 1.0, "aspirational": 0.7}
CONFIDENCE_LOW = 3  # at or below: a key result is at risk whatever the trend


def shown(score: float) -> float:
    """The score as a page shows it: one decimal, halves rounded up (0.35 → 0.4), the way
    people round and Django's ``floatformat`` does."""
    return float(Decimal(repr(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class KeyResultScore:
    score: float
    method: Method
    baseline: float | None
    target: float
    current: float | None

    @property
    def shown(self) -> float:
        return shown(self.score)

    @property
    def band(self) -> str:
        return band(self.score)


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def reached(current: float, *, target: float, direction: str) -> bool:
    """Whether ``current`` is at ``target`` or beyond it in ``direction``."""
    return current <= target if direction == Direction.LOWER else current >= target


def key_result_score(
    *, baseline: float | None, target: float, current: float | None, direction: str
) -> KeyResultScore:
    """Progress from ``baseline`` to ``target``, clamped to 0.0–1.0.

    Without a baseline a higher-is-better result counts from zero; a lower-is-better one
    can only be met or not met, since there is no distance to measure progress on."""

    def result(score: float, method: Method) -> KeyResultScore:
        return KeyResultScore(_clamp(score), method, baseline, target, current)

    def met(value: float) -> KeyResultScore:
        hit = reached(value, target=target, direction=direction)
        return result(1.0 if hit else 0.0, Method.MET)

    if current is None:
        return result(0.0, Method.NO_DATA)
    if baseline is None:
        if direction == Direction.HIGHER and target > 0:
            return result(current / target, Method.FROM_ZERO)
        return met(current)
    span = target - baseline
    if span == 0 or (direction == Direction.HIGHER and span < 0):
        return met(current)
    if direction == Direction.LOWER and span > 0:
        return met(current)
    return result((current - baseline) / span, Method.PROGRESS)


def objective_score(scores: Sequence[float]) -> float | None:
    """The mean of the key result scores; ``None`` for an objective without key results."""
    if not scores:
        return None
    return sum(scores) / len(scores)


def band(score: float | None) -> str:
    """``red``, ``yellow`` or ``green`` on the score as shown (one decimal); ``none``."""
    if score is None:
        return "none"
    value = shown(score)
    if value <= 0.3:
        return "red"
    if value <= 0.6:
        return "yellow"
    return "green"


def expected_score(kind: str) -> float:
    return EXPECTED[kind]


# --- trends and risk ------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """A straight line through the values seen so far, extended to the cycle's end."""

    value: float
    score: float
    points: int


def project(
    points: Sequence[tuple[date, float]],
    *,
    end: date,
    baseline: float | None,
    target: float,
    direction: str,
) -> Projection | None:
    """Least-squares line through ``points`` (date, value), read off at ``end``.

    Needs two points on at least two different days; ``None`` otherwise."""
    if len(points) < 2 or len({day for day, _ in points}) < 2:
        return None
    origin = min(day for day, _ in points)
    xs = [(day - origin).days for day, _ in points]
    ys = [value for _, value in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    value = mean_y + slope * ((end - origin).days - mean_x)
    score = key_result_score(baseline=baseline, target=target, current=value, direction=direction)
    return Projection(value=value, score=score.score, points=n)


class Risk(StrEnum):
    CONFIDENCE_DROP = "confidence_drop"
    LOW_CONFIDENCE = "low_confidence"
    BEHIND_TREND = "behind_trend"


def risks(
    *,
    confidences: Sequence[int],
    committed: bool,
    projection: Projection | None,
) -> list[Risk]:
    """Why a key result is at risk (empty: it is not).

    Radical Focus: a drop in confidence between two check-ins is worth a conversation; a
    confidence of 3 or less is a warning on its own. A committed key result is expected at
    1.0, so a trend that ends below 1.0 is a risk too."""
    found = []
    if len(confidences) >= 2 and confidences[-1] < confidences[-2]:
        found.append(Risk.CONFIDENCE_DROP)
    if confidences and confidences[-1] <= CONFIDENCE_LOW:
        found.append(Risk.LOW_CONFIDENCE)
    if committed and projection is not None and projection.score < 1.0:
        found.append(Risk.BEHIND_TREND)
    return found


@dataclass(frozen=True)
class Trend:
    """The change of a metric over a window: ``first`` → ``last``; ``good`` says whether
    the change goes the metric's way (``None`` when flat or unknown)."""

    first: float
    last: float
    change: float
    relative: float | None
    arrow: str
    good: bool | None


def trend(
    values: Sequence[float],
    *,
    direction: str,
    low: float | None = None,
    high: float | None = None,
) -> Trend | None:
    if len(values) < 2:
        return None
    first, last = values[0], values[-1]
    change = last - first
    relative = change / abs(first) if first else None
    flat = math.isclose(change, 0.0, abs_tol=1e-12) or (
        relative is not None and abs(relative) < 0.005
    )
    arrow = "→" if flat else ("↑" if change > 0 else "↓")
    good: bool | None
    if direction == Direction.RANGE:
        good = None if low is None or high is None else low <= last <= high
    elif flat:
        good = None
    else:
        good = (change > 0) == (direction == Direction.HIGHER)
    return Trend(first, last, change, relative, arrow, good)


def in_range(value: float, *, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)
