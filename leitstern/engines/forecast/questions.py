"""The forecast questions: how many, when, and the chance of a date.

Each entry point takes a ``DailySeries`` (or one per team sharing the backlog) and keyword
options, validates them in one ``_..._iv`` function and returns a frozen result with the
full distribution, plain and calibrated percentile tables, and the calibration's measured hit
rates. Nothing after the as-of date is ever read: the series is cut there first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np

from . import exact
from ._setup import CONFIDENCES, MAX_DAYS, Setup, setup_iv, split_targets
from .backtest import choose_calibration
from .calibration import label, read_at_least, read_by
from .errors import ForecastInputError, ForecastWarning
from .history import DailySeries
from .honesty import assess
from .results import ChanceForecast, HowManyForecast, WhenAnswer, WhenForecast
from .scenarios import Adjustment, Model

__all__ = ["chance", "how_many", "when"]

Series = DailySeries | Sequence[DailySeries]


def how_many(
    series: Series,
    *,
    days: int,
    as_of: date | None = None,
    window: int | None = 180,
    window_start: date | None = None,
    unit: str = "day",
    working_days: bool = False,
    holidays: Sequence[date] = (),
    adjustments: Sequence[Adjustment | tuple[date, float]] = (),
    engine: str = "exact",
    trials: int = 100_000,
    rng: np.random.Generator | None = None,
    confidences: Sequence[float] = CONFIDENCES,
    calibration: str = "auto",
    today: date | None = None,
) -> HowManyForecast:
    """How many items will be done in the ``days`` days after the as-of date.

    The answer at confidence c is the largest count reached with probability at least c,
    so the 85% answer is smaller than the 50% one.
    """
    setup, steps, warnings = _how_many_iv(
        series, days=days, as_of=as_of, window=window, window_start=window_start, unit=unit,
        working_days=working_days, holidays=holidays, adjustments=adjustments, engine=engine,
        trials=trials, rng=rng, confidences=confidences, calibration=calibration, today=today,
    )  # fmt: skip
    model = Model.build(setup.samples, setup.scenario, max_steps=max(steps, 1))
    if setup.engine == "exact":
        dist = exact.how_many_distribution(model, steps)
    else:
        from . import montecarlo  # only here: it brings the thread pool along

        assert setup.rng is not None
        dist = montecarlo.how_many_distribution(model, steps, trials=setup.trials, rng=setup.rng)
    probabilities = dist.probabilities
    at_least = np.minimum(np.cumsum(probabilities[::-1])[::-1], 1.0)
    cal = choose_calibration(setup, horizon_days=days)
    offset = dist.offset
    return HowManyForecast(
        days=days,
        end=setup.scenario.as_of + timedelta(days=days),
        steps=steps,
        scenario=setup.scenario,
        windows=setup.windows,
        engine=setup.engine,
        counts=offset + np.arange(len(probabilities)),
        probabilities=probabilities,
        at_least=at_least,
        plain={label(c): read_at_least(at_least, offset, c) for c in setup.confidences},
        calibrated={
            label(c): read_at_least(at_least, offset, cal.map.level(c)) for c in setup.confidences
        },
        calibration=cal,
        warnings=warnings,
        truncated=dist.truncated,
        honesty=assess(
            cal,
            windows=setup.windows,
            window_days=setup.scenario.window,
            horizon_days=days,
            unit=setup.scenario.unit,
        ),
    )


def _how_many_iv(series, *, days, **options) -> tuple[Setup, int, tuple[ForecastWarning, ...]]:
    if not isinstance(days, (int, np.integer)) or isinstance(days, bool) or days < 1:
        raise ForecastInputError(
            "invalid_days",
            f"The horizon must be a whole number of days, at least 1 (got {days!r}).",
            days=str(days),
        )
    setup = setup_iv(series, growth=False, split=None, **options)
    scenario = setup.scenario
    end = scenario.as_of + timedelta(days=int(days))
    steps = scenario.calendar.steps_until(scenario.as_of, end, unit=scenario.unit)
    warnings = list(setup.warnings)
    if scenario.unit == "week" and days % 7:
        warnings.append(
            ForecastWarning(
                "horizon_rounded",
                f"Weekly sampling counts whole weeks: {days} days are read as {steps} week(s).",
                {"days": days, "weeks": steps},
            )
        )
    return setup, steps, tuple(warnings)


def when(
    series: Series,
    *,
    items: int,
    done: int = 0,
    as_of: date | None = None,
    window: int | None = 180,
    window_start: date | None = None,
    unit: str = "day",
    working_days: bool = False,
    holidays: Sequence[date] = (),
    adjustments: Sequence[Adjustment | tuple[date, float]] = (),
    growth: bool = False,
    split: tuple[float, float] | None = None,
    max_days: int = MAX_DAYS,
    engine: str = "exact",
    trials: int = 100_000,
    rng: np.random.Generator | None = None,
    confidences: Sequence[float] = CONFIDENCES,
    calibration: str = "auto",
    today: date | None = None,
) -> WhenForecast:
    """When ``items`` items (less ``done`` already finished) will be done.

    The answer at confidence c is the earliest date by which they are done with probability
    at least c, so the 85% answer is later than the 50% one. With ``growth``, new items arrive
    as they did on the same historical day and "done" means the backlog reaches zero; with
    ``split=(low, high)`` every item turns into between ``low`` and ``high`` items (drawn once
    per trial). ``max_days`` bounds how far ahead the forecast looks.
    """
    setup, targets, weights, max_steps = _when_iv(
        series, items=items, done=done, as_of=as_of, window=window, window_start=window_start,
        unit=unit, working_days=working_days, holidays=holidays, adjustments=adjustments,
        growth=growth, split=split, max_days=max_days, engine=engine, trials=trials, rng=rng,
        confidences=confidences, calibration=calibration, today=today,
    )  # fmt: skip
    scenario = setup.scenario
    model = Model.build(setup.samples, scenario, max_steps=max_steps)
    if setup.engine == "exact":
        dist = exact.when_distribution(model, targets, weights, max_steps=max_steps)
    else:
        from . import montecarlo

        assert setup.rng is not None
        dist = montecarlo.when_distribution(
            model, targets, weights, max_steps=max_steps, trials=setup.trials, rng=setup.rng
        )
    probabilities = dist.probabilities
    if len(probabilities) == 0:
        probabilities = np.zeros(1)
    cumulative = np.minimum(np.cumsum(probabilities), 1.0)
    unfinished = max(0.0, 1.0 - float(cumulative[-1]))
    dates = scenario.calendar.step_dates(scenario.as_of, len(probabilities), unit=scenario.unit)
    days = (dates - np.datetime64(scenario.as_of, "D")).astype(np.int64)

    def answer(level: float) -> WhenAnswer | None:
        step = read_by(cumulative, level)
        if step is None:
            return None
        return WhenAnswer(int(days[step - 1]), dates[step - 1].astype(object))

    median = read_by(cumulative, 0.5)
    horizon = float(days[median - 1]) if median else float(max_days)
    cal = choose_calibration(setup, horizon_days=horizon)
    warnings = list(setup.warnings)
    if growth and model.mean_step(net=True) <= 0:
        warnings.append(
            ForecastWarning(
                "backlog_not_shrinking",
                "On average, more items arrived than were finished in the window: the backlog "
                "may never reach zero.",
                {"net": round(model.mean_step(net=True), 3)},
            )
        )
    top = max(cal.map.level(max(setup.confidences)), max(setup.confidences))
    if cumulative[-1] < top - 1e-12:
        warnings.append(
            ForecastWarning(
                "not_finished_within_horizon",
                f"Within {max_days} days the items are done with probability "
                f"{cumulative[-1]:.0%} only; answers above that are not given.",
                {"days": max_days, "probability": round(float(cumulative[-1]), 4)},
            )
        )
    return WhenForecast(
        items=int(items),
        scenario=scenario,
        windows=setup.windows,
        engine=setup.engine,
        days=days,
        dates=dates,
        probabilities=probabilities,
        cumulative=cumulative,
        unfinished=unfinished,
        plain={label(c): answer(c) for c in setup.confidences},
        calibrated={label(c): answer(cal.map.level(c)) for c in setup.confidences},
        calibration=cal,
        warnings=tuple(warnings),
        truncated=dist.truncated,
        honesty=assess(
            cal,
            windows=setup.windows,
            window_days=scenario.window,
            horizon_days=horizon,
            unit=scenario.unit,
        ),
    )


def _when_iv(series, *, items, done, max_days, **options):
    for name, value in (("items", items), ("done", done)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
            raise ForecastInputError(
                "invalid_items", f"The number of {name} must be a whole number (got {value!r}).",
                items=str(value),
            )  # fmt: skip
    if items <= 0:
        raise ForecastInputError(
            "invalid_items",
            f"The number of items must be at least 1 (got {items}).",
            items=int(items),
        )
    if done < 0:
        raise ForecastInputError(
            "invalid_items", f"Items already done cannot be negative (got {done}).", items=done
        )
    if done >= items:
        raise ForecastInputError(
            "target_met",
            f"The target of {items} items is already met ({done} done).",
            items=int(items),
            done=int(done),
        )
    if not isinstance(max_days, (int, np.integer)) or not 1 <= max_days <= 36500:
        raise ForecastInputError(
            "invalid_days", "The forecast horizon must be 1 to 36500 days.", days=str(max_days)
        )
    setup = setup_iv(series, **options)
    targets, weights = split_targets(int(items - done), setup.scenario.split)
    if setup.engine == "exact" and setup.scenario.growth and len(targets) > 1:
        raise ForecastInputError(
            "exact_unsupported",
            "The exact engine cannot combine backlog growth with a split range; use the Monte "
            "Carlo engine (--engine montecarlo).",
        )
    scenario = setup.scenario
    end = scenario.as_of + timedelta(days=int(max_days))
    max_steps = max(1, scenario.calendar.steps_until(scenario.as_of, end, unit=scenario.unit))
    return setup, targets, weights, max_steps


def chance(
    series: Series,
    *,
    items: int,
    by: date,
    **options: object,
) -> ChanceForecast:
    """The chance that ``items`` items are done by the end of day ``by``. Takes the same
    options as ``when``."""
    # The options are checked by ``when`` below; here they are only read for the horizon.
    today: Any = options.get("today") or date.today()
    as_of: Any = options.get("as_of") or (today - timedelta(days=1))
    if not isinstance(by, date) or by <= as_of:
        raise ForecastInputError(
            "invalid_option",
            f"The date must lie after the as-of date {as_of}.",
            option="by",
            value=str(by),
            reason="not after the as-of date",
        )
    options.setdefault("max_days", max(MAX_DAYS, (by - as_of).days))
    forecast = when(series, items=items, **options)  # type: ignore[arg-type]  # when() checks them
    scenario = forecast.scenario
    steps = scenario.calendar.steps_until(scenario.as_of, by, unit=scenario.unit)
    if steps == 0:
        probability = 0.0
    elif steps <= len(forecast.cumulative):
        probability = float(forecast.cumulative[steps - 1])
    else:
        probability = float(forecast.cumulative[-1])
    return ChanceForecast(
        items=items,
        by=by,
        days=(by - scenario.as_of).days,
        probability=probability,
        calibrated_probability=forecast.calibration.map.inverse(probability),
        when=forecast,
    )
