"""Frozen results of the forecast entry points, each with ``as_dict()`` for JSON.

Percentile tables are keyed by the confidence as a string (``"50"``, ``"85"``, ``"97.5"``).
Conventions: *how many* at c is the largest count reached with probability ≥ c (an 85%
answer is a small number); *when* at c is the earliest date by which the items are done with
probability ≥ c (an 85% answer is a late date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .calibration import Calibration
from .errors import ForecastWarning
from .history import Window
from .honesty import Honesty
from .scenarios import Scenario

__all__ = ["ChanceForecast", "HowManyForecast", "WhenAnswer", "WhenForecast"]


@dataclass(frozen=True)
class WhenAnswer:
    """``days`` counts calendar days after the as-of date; ``date`` is that day."""

    days: int
    date: date

    def as_dict(self) -> dict[str, object]:
        return {"days": self.days, "date": self.date.isoformat()}


def _when_table(table: dict[str, WhenAnswer | None]) -> dict[str, object]:
    return {k: (v.as_dict() if v else None) for k, v in table.items()}


@dataclass(frozen=True, eq=False)
class HowManyForecast:
    """How many items will be done in the ``days`` after ``scenario.as_of`` (through
    ``end``). ``probabilities[i]`` is P(exactly ``counts[i]``); ``at_least[i]`` is
    P(at least ``counts[i]``)."""

    days: int
    end: date
    steps: int
    scenario: Scenario
    windows: tuple[Window, ...]
    engine: str
    counts: np.ndarray
    probabilities: np.ndarray
    at_least: np.ndarray
    plain: dict[str, int]
    calibrated: dict[str, int]
    calibration: Calibration
    warnings: tuple[ForecastWarning, ...]
    truncated: float = 0.0
    honesty: Honesty | None = None

    @property
    def window(self) -> Window:
        return self.windows[0]

    def as_dict(self) -> dict[str, object]:
        return {
            "question": "how-many",
            "days": self.days,
            "end": self.end.isoformat(),
            "engine": self.engine,
            "convention": "largest count reached with at least this probability",
            "plain": self.plain,
            "calibrated": self.calibrated,
            "calibration": self.calibration.as_dict([float(k) / 100 for k in self.plain]),
            "hit_rates": self.calibration.hit_rates,
            "window": self.window.as_dict(),
            "windows": [w.as_dict() for w in self.windows],
            "scenario": self.scenario.as_dict(),
            "distribution": {
                "counts": self.counts.tolist(),
                "probabilities": [float(f"{p:.6g}") for p in self.probabilities],
                "at_least": [float(f"{p:.6g}") for p in self.at_least],
            },
            "warnings": [w.as_dict() for w in self.warnings],
            "honesty": self.honesty.as_dict() if self.honesty else None,
        }


@dataclass(frozen=True, eq=False)
class WhenForecast:
    """When ``items`` items will be done. ``days[i]`` (calendar days after the as-of date)
    and ``dates[i]`` belong to forecast step ``i + 1``; ``probabilities[i]`` is P(done on
    that step) and ``cumulative[i]`` P(done by it). ``unfinished`` is the probability of
    not being done within the horizon looked at."""

    items: int
    scenario: Scenario
    windows: tuple[Window, ...]
    engine: str
    days: np.ndarray
    dates: np.ndarray
    probabilities: np.ndarray
    cumulative: np.ndarray
    unfinished: float
    plain: dict[str, WhenAnswer | None]
    calibrated: dict[str, WhenAnswer | None]
    calibration: Calibration
    warnings: tuple[ForecastWarning, ...]
    truncated: float = 0.0
    honesty: Honesty | None = None

    @property
    def window(self) -> Window:
        return self.windows[0]

    def as_dict(self) -> dict[str, object]:
        return {
            "question": "when",
            "items": self.items,
            "engine": self.engine,
            "convention": "earliest date by which done with at least this probability",
            "plain": _when_table(self.plain),
            "calibrated": _when_table(self.calibrated),
            "calibration": self.calibration.as_dict([float(k) / 100 for k in self.plain]),
            "hit_rates": self.calibration.hit_rates,
            "window": self.window.as_dict(),
            "windows": [w.as_dict() for w in self.windows],
            "scenario": self.scenario.as_dict(),
            "distribution": {
                "days": self.days.tolist(),
                "dates": [str(d) for d in self.dates],
                "probabilities": [float(f"{p:.6g}") for p in self.probabilities],
                "cumulative": [float(f"{p:.6g}") for p in self.cumulative],
                "unfinished": float(f"{self.unfinished:.6g}"),
            },
            "warnings": [w.as_dict() for w in self.warnings],
            "honesty": self.honesty.as_dict() if self.honesty else None,
        }


@dataclass(frozen=True, eq=False)
class ChanceForecast:
    """The chance of ``items`` items done by ``by``: ``probability`` from the model and
    ``calibrated_probability``, how often history met forecasts of that probability."""

    items: int
    by: date
    days: int
    probability: float
    calibrated_probability: float
    when: WhenForecast

    @property
    def warnings(self) -> tuple[ForecastWarning, ...]:
        return self.when.warnings

    def as_dict(self) -> dict[str, object]:
        out = self.when.as_dict()
        out.update(
            question="chance",
            by=self.by.isoformat(),
            days=self.days,
            probability=round(self.probability, 6),
            calibrated_probability=round(self.calibrated_probability, 6),
        )
        return out
