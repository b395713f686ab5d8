"""Delivery forecasts from a team's history of finished items (pure Python + numpy/scipy).

Read items with ``parse_items`` (bytes or a path), count them per day with ``daily_series``,
then ask ``how_many``, ``when``, ``chance``, ``backtest`` or ``cycle_time``. Every answer is a
frozen dataclass with the full distribution, plain and calibrated percentiles and the hit
rates measured on past forecasts. Problems raise ``ForecastInputError`` with a stable ``code``
(see ``errors``). This package never imports Django.
"""

from __future__ import annotations

from .backtest import BacktestCut, BacktestResult, backtest
from .calibration import Calibration, CalibrationMap
from .cycletime import CycleTimeForecast, cycle_time
from .errors import ForecastInputError, ForecastWarning, RowProblem
from .history import Calendar, DailySeries, Window, daily_series
from .questions import chance, how_many, when
from .readers import Item, OpenItem, ParseResult, parse_items, parse_records
from .results import ChanceForecast, HowManyForecast, WhenAnswer, WhenForecast
from .scenarios import Adjustment, Scenario

__all__ = [
    "Adjustment",
    "BacktestCut",
    "BacktestResult",
    "Calendar",
    "Calibration",
    "CalibrationMap",
    "ChanceForecast",
    "CycleTimeForecast",
    "DailySeries",
    "ForecastInputError",
    "ForecastWarning",
    "HowManyForecast",
    "Item",
    "OpenItem",
    "ParseResult",
    "RowProblem",
    "Scenario",
    "WhenAnswer",
    "WhenForecast",
    "Window",
    "backtest",
    "chance",
    "cycle_time",
    "daily_series",
    "how_many",
    "parse_items",
    "parse_records",
    "when",
]
