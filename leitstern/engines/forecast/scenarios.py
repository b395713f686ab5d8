"""What a forecast assumes, and the per-step distributions both engines draw from.

A ``Scenario`` is the set of choices a user makes (window, unit, working days, backlog
growth, split rate, throughput adjustments). ``Model`` turns the sampled history of one or
more teams plus those choices into what the engines need: for every forecast step, the
distribution of one step's progress.

Throughput adjustments must keep counts whole, so a factor ``f = m + r`` (``m`` whole,
``0 <= r < 1``) turns a historical unit with ``x`` completions into ``m*x + Binomial(x, r)``:
each item is kept ``m`` times plus once more with probability ``r``. Its mean is ``f*x``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .history import Calendar, Sample

__all__ = ["Adjustment", "Model", "Scenario"]


@dataclass(frozen=True)
class Adjustment:
    """From ``start`` on, throughput is multiplied by ``factor`` (0.8: one person of five
    fewer)."""

    start: date
    factor: float


@dataclass(frozen=True)
class Scenario:
    """The user's choices. ``split`` is a (low, high) range of items each item turns into,
    drawn once per trial; ``growth`` adds arrivals sampled from the same historical unit."""

    as_of: date
    window: int | None = 180
    window_start: date | None = None
    unit: str = "day"
    calendar: Calendar = field(default_factory=Calendar)
    growth: bool = False
    split: tuple[float, float] | None = None
    adjustments: tuple[Adjustment, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window,
            "window_start": self.window_start.isoformat() if self.window_start else None,
            "unit": self.unit,
            "working_days": self.calendar.working_days,
            "holidays": [d.isoformat() for d in self.calendar.holidays],
            "growth": self.growth,
            "split": list(self.split) if self.split else None,
            "adjustments": [
                {"from": a.start.isoformat(), "factor": a.factor} for a in self.adjustments
            ],
        }


@dataclass(frozen=True, eq=False)
class Model:
    """Teams' samples plus the step-by-step factor. ``segments`` lists ``(first_step,
    factor)`` with 0-based steps, the first starting at 0."""

    teams: tuple[Sample, ...]
    segments: tuple[tuple[int, float], ...]
    growth: bool

    @classmethod
    def build(cls, teams: tuple[Sample, ...], scenario: Scenario, *, max_steps: int) -> Model:
        dates = scenario.calendar.step_dates(scenario.as_of, max_steps, unit=scenario.unit)
        segments: list[tuple[int, float]] = [(0, 1.0)]
        for adjustment in sorted(scenario.adjustments, key=lambda a: a.start):
            first = int(np.searchsorted(dates, np.datetime64(adjustment.start, "D")))
            if first >= max_steps:
                continue
            segments = [s for s in segments if s[0] < first]
            segments.append((first, adjustment.factor))
        return cls(teams, tuple(segments), scenario.growth)

    def periods(self, steps: int) -> list[tuple[float, int]]:
        """``(factor, number_of_steps)`` covering steps ``0..steps-1``."""
        out = []
        bounds = [s[0] for s in self.segments[1:]] + [math.inf]
        for (first, factor), nxt in zip(self.segments, bounds, strict=True):
            if first >= steps:
                break
            out.append((factor, int(min(nxt, steps) - first)))
        return out

    def factor_at(self, step: int) -> float:
        factor = 1.0
        for first, f in self.segments:
            if first <= step:
                factor = f
        return factor

    def kernel(self, factor: float, *, net: bool) -> tuple[int, np.ndarray]:
        """``(offset, pmf)`` of one step's progress summed over teams: completions, less
        arrivals when ``net`` and the scenario has backlog growth."""
        offset, pmf = 0, np.ones(1)
        for team in self.teams:
            o, p = _team_kernel(team, factor, net=net and self.growth)
            offset += o
            pmf = np.convolve(pmf, p)
        return offset, pmf

    def mean_step(self, factor: float = 1.0, *, net: bool = True) -> float:
        offset, pmf = self.kernel(factor, net=net)
        return float(offset + np.dot(np.arange(len(pmf)), pmf))


def _team_kernel(sample: Sample, factor: float, *, net: bool) -> tuple[int, np.ndarray]:
    done = sample.done
    arrived = sample.arrived if net else np.zeros_like(done)
    m, r = divmod(factor, 1.0)
    m = int(m)
    if r < 1e-12:
        values = m * done - arrived
        offset = int(values.min())
        pmf = np.bincount(values - offset).astype(float)
        return offset, pmf / pmf.sum()
    # Mix over distinct historical units (x done, a arrived): m*x + Binomial(x, r) - a.
    # Imported here: scipy.stats takes longer to import than most forecasts take to run,
    # and only fractional throughput factors need it.
    from scipy import stats

    pairs, weights = np.unique(np.stack([done, arrived]), axis=1, return_counts=True)
    lows = m * pairs[0] - pairs[1]
    highs = (m + 1) * pairs[0] - pairs[1]
    offset = int(lows.min())
    pmf = np.zeros(int(highs.max()) - offset + 1)
    for x, low, w in zip(pairs[0], lows, weights, strict=True):
        pmf[low - offset : low - offset + x + 1] += w * stats.binom.pmf(np.arange(x + 1), x, r)
    return offset, pmf / pmf.sum()
