"""Plain-text output for the command line: tables and a small text histogram."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .backtest import BacktestResult
from .calibration import Calibration
from .cycletime import CycleTimeForecast
from .errors import ForecastWarning
from .flow import AgingWip, FlowDay
from .history import Window
from .honesty import Honesty
from .results import ChanceForecast, HowManyForecast, WhenAnswer, WhenForecast

BAR = 40
PAST = "met in past forecasts (plain -> calibrated)"


def histogram(values: np.ndarray, probabilities: np.ndarray, *, unit: str, bins: int = 12) -> str:
    """Bars for the values holding the middle 99% of the probability, grouped in bins."""
    if len(values) == 0 or probabilities.sum() <= 0:
        return ""
    cum = np.cumsum(probabilities) / probabilities.sum()
    lo = int(np.searchsorted(cum, 0.005))
    hi = min(int(np.searchsorted(cum, 0.995)), len(values) - 1)
    values, probabilities = values[lo : hi + 1], probabilities[lo : hi + 1]
    width = max(1, int(np.ceil(len(values) / bins)))
    rows = []
    for start in range(0, len(values), width):
        chunk = probabilities[start : start + width]
        first, last = int(values[start]), int(values[min(start + width, len(values)) - 1])
        rows.append((f"{first}" if first == last else f"{first}-{last}", float(chunk.sum())))
    peak = max(p for _, p in rows) or 1.0
    pad = max(len(name) for name, _ in rows)
    lines = [
        f"  {name:>{pad}} {unit} {'#' * round(BAR * p / peak):<{BAR}} {p:6.1%}" for name, p in rows
    ]
    return "\n".join(lines)


def _window(windows: Sequence[Window]) -> str:
    parts = []
    for w in windows:
        parts.append(
            f"{w.start} to {w.end} ({w.days} days, {w.days_with_completions} with completions, "
            f"{w.items} items)"
        )
    return "History: " + ("; ".join(parts) if len(parts) == 1 else " + ".join(parts))


def _rate(hit_rates: dict[str, dict[str, float]], key: str) -> str:
    plain = hit_rates.get("plain", {}).get(key)
    cal = hit_rates.get("calibrated", {}).get(key)
    if plain is None or cal is None:
        return ""
    return f"{plain:.0%} -> {cal:.0%}"


def _calibration(cal: Calibration) -> str:
    where = {
        "own": f"this history's own past forecasts ({cal.cuts} of them)",
        "reference": "a reference learned on public open-source histories",
        "widened": "a fixed conservative widening",
        "none": "none (plain levels)",
    }[cal.source]
    return f"Calibration: {where}."


def _honesty(honesty: Honesty | None) -> list[str]:
    """One line per limit, or the evidence that the calibrated answer holds."""
    if honesty is None:
        return []
    if honesty.checked:
        rates = honesty.hit_rates
        return [
            f"Checked: on real histories it was not learned on, calibrated forecasts up to "
            f"{honesty.horizon_days} days ahead came true {rates['85']:.0%} of the time at "
            f'"85%" and {rates["95"]:.0%} at "95%".'
        ]
    return [f"Rough: {w.message}" for w in honesty.limits]


def _column(honesty: Honesty | None) -> str:
    return "calibrated" if honesty is None or honesty.checked else "rough"


def _warnings(warnings: Sequence[ForecastWarning]) -> list[str]:
    return [f"warning: {w.message}" for w in warnings]


def how_many(f: HowManyForecast) -> str:
    lines = [
        f"How many items in the {f.days} days after {f.scenario.as_of} (through {f.end})?",
        _window(f.windows) + f"; {f.engine} engine.",
        'Reading: "85%" = at least this many items, with 85% probability. The higher the '
        "confidence, the smaller the number.",
        "",
        f"{'confidence':>10}  {'plain':>7}  {_column(f.honesty):>10}  {PAST}",
    ]
    for key, value in f.plain.items():
        lines.append(
            f"{key + '%':>10}  {value:>7}  {f.calibrated[key]:>10}  "
            f"{_rate(f.calibration.hit_rates, key)}"
        )
    lines += ["", _calibration(f.calibration), *_honesty(f.honesty)]
    lines += ["", f"Items done in {f.days} days:"]
    lines.append(histogram(f.counts, f.probabilities, unit="items"))
    return "\n".join(lines + _warnings(f.warnings))


def _answer(a: WhenAnswer | None) -> str:
    return f"{a.date} ({a.days:>4} d)" if a else "beyond horizon"


def when(f: WhenForecast, *, title: str | None = None) -> str:
    lines = [
        title or f"When will {f.items} items be done (counting from {f.scenario.as_of})?",
        _window(f.windows) + f"; {f.engine} engine.",
        'Reading: "85%" = done by this date with 85% probability. The higher the confidence, '
        "the later the date.",
        "",
        f"{'confidence':>10}  {'plain':>19}  {_column(f.honesty):>19}  {PAST}",
    ]
    for key, value in f.plain.items():
        lines.append(
            f"{key + '%':>10}  {_answer(value):>19}  {_answer(f.calibrated[key]):>19}  "
            f"{_rate(f.calibration.hit_rates, key)}"
        )
    lines += ["", _calibration(f.calibration), *_honesty(f.honesty), "", "Days until done:"]
    lines.append(histogram(f.days, f.probabilities, unit="d"))
    return "\n".join(lines + _warnings(f.warnings))


def chance(f: ChanceForecast) -> str:
    head = (
        f"Chance of {f.items} items done by {f.by} ({f.days} days after {f.when.scenario.as_of}): "
        f"{f.probability:.0%} plain, {f.calibrated_probability:.0%} calibrated "
        "(how often forecasts like this came true)."
    )
    return when(f.when, title=head)


def backtest(b: BacktestResult) -> str:
    used = len(b.cuts)
    lines = [
        f"Backtest of 'how many in {b.days} days' at {used} weekly cut dates "
        f"({b.cuts[0].cut} to {b.cuts[-1].cut}; {b.skipped} skipped for too little history).",
        "A forecast at a confidence level came true when at least that many items were done.",
        "",
        f"{'confidence':>10}  {'plain':>7}  {'calibrated':>10}",
    ]
    for key in b.hit_rates["plain"]:
        lines.append(
            f"{key + '%':>10}  {b.hit_rates['plain'][key]:>7.0%}  "
            f"{b.hit_rates['calibrated'][key]:>10.0%}"
        )
    lines += [
        "",
        f"CRPS (mean, in items; lower is better): plain {b.crps['plain']:.2f}, "
        f"calibrated {b.crps['calibrated']:.2f}",
    ]
    return "\n".join(lines + _warnings(b.warnings))


def cycle_time(f: CycleTimeForecast) -> str:
    what = "start" if f.measured_from == "started" else "creation (no start dates: lead time)"
    lines = [
        f"Cycle time of {f.items} items finished {f.start} to {f.end}, from {what} to done.",
        "",
        f"{'share':>6}  finished within",
    ]
    for key, value in f.percentiles.items():
        lines.append(f"{key + '%':>6}  {value} days")
    if f.item is not None:
        lines += ["", f"An item started on {f.item_started} will be done:"]
        for key, answer in f.item.items():
            lines.append(f"{key + '%':>6}  {_answer(answer)}")
    lines += ["", "Days per item:", histogram(f.days, f.probabilities, unit="d")]
    return "\n".join(lines + _warnings(f.warnings))


def aging(a: AgingWip) -> str:
    lines = [f"Work in progress on {a.as_of}: {a.in_progress} items started, "
             f"{a.not_started} not started."]  # fmt: skip
    if a.percentiles:
        shown = ", ".join(f"{level}%: {days} days" for level, days in a.percentiles.items())
        lines.append(
            f"Cycle times of {a.cycle_items} items finished {a.window_start} to {a.as_of}: {shown}."
        )
    elif a.reason == "no_start_dates":
        lines.append("Cycle time cannot be computed: the finished items have no start dates.")
    else:
        lines.append(f"No items were finished from {a.window_start} to {a.as_of}.")
    if a.items:
        lines += ["", f"{'age':>5}  {'passed':>6}  key  title"]
        for i in a.items:
            passed = f"{i.passed}%" if i.passed else ""
            lines.append(f"{i.age:>5}  {passed:>6}  {i.key}  {i.title}".rstrip())
    return "\n".join(lines)


def flow(days: Sequence[FlowDay]) -> str:
    lines = [f"{'day':<10}  {'arrived':>7}  {'started':>7}  {'done':>7}  {'in progress':>11}"]
    for d in days:
        lines.append(
            f"{d.day.isoformat():<10}  {d.arrived:>7}  {d.started:>7}  {d.done:>7}  "
            f"{d.in_progress:>11}"
        )
    return "\n".join(lines)
