"""From what a run collected to the frozen results."""

from __future__ import annotations

import math

import numpy as np

from ._compile import Model
from ._evaluate import Tables, evaluate, gates_and_stops, line_flows
from ._montecarlo import Raw
from .errors import CaseWarning
from .finance import irr, payback_months
from .model import BENEFIT_KINDS, COST_CATEGORIES
from .results import (
    Breakdown,
    CaseResult,
    Deterministic,
    Difference,
    FanChart,
    Histogram,
    InputSensitivity,
    LineFlow,
    Payback,
    PhaseReach,
    Summary,
)

NPV_LEVELS = (5, 10, 25, 50, 75, 90, 95)
FAN_LEVELS = (5, 25, 50, 75, 95)
PAYBACK_LEVELS = (50, 75, 90)
HISTOGRAM_BINS = 40
RECOMMENDED_TRIALS = 10_000
COST_TOLERANCE = 1e-6


def summary(samples: np.ndarray, levels=NPV_LEVELS) -> Summary:
    n = len(samples)
    sd = float(np.std(samples, ddof=1)) if n > 1 else 0.0
    values = np.percentile(samples, levels)
    return Summary(
        mean=float(np.mean(samples)),
        sd=sd,
        se=sd / math.sqrt(n),
        percentiles={f"{q:g}": float(v) for q, v in zip(levels, values, strict=True)},
        count=n,
    )


def histogram(samples: np.ndarray, bins: int = HISTOGRAM_BINS) -> Histogram:
    lo, hi = (float(v) for v in np.percentile(samples, [0.5, 99.5]))
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    width = (hi - lo) / bins
    # Align the edges on zero so that the loss side is whole bars.
    first, last = math.floor(lo / width), math.ceil(hi / width)
    edges = np.arange(first, last + 1) * width
    counts, _ = np.histogram(samples, bins=edges)
    return Histogram(
        edges=edges,
        counts=counts,
        below=int(np.count_nonzero(samples < edges[0])),
        above=int(np.count_nonzero(samples > edges[-1])),
    )


def deterministic_result(model: Model) -> Deterministic:
    values = [inp.dist.base for inp in model.inputs]
    flows, _ = line_flows(model, values)
    is_cost = np.array([line.kind == "cost" for line in model.lines], dtype=bool)
    monthly_cost = flows[is_cost].sum(axis=0) + model.actual_cost
    monthly_benefit = flows[~is_cost].sum(axis=0) + model.actual_benefit
    net = monthly_benefit - monthly_cost
    cumulative = np.cumsum(net)
    pv_cost = float(monthly_cost @ model.discount)
    pv_benefit = float(monthly_benefit @ model.discount)
    payback = int(payback_months(cumulative)[0])
    discounted = int(payback_months(np.cumsum(net * model.discount))[0])
    reached, _ = gates_and_stops(model, values, 1)
    return Deterministic(
        npv=pv_benefit - pv_cost,
        roi=(pv_benefit - pv_cost) / pv_cost if pv_cost > COST_TOLERANCE else None,
        irr=irr(net),
        payback_month=payback or None,
        discounted_payback_month=discounted or None,
        pv_cost=pv_cost,
        pv_benefit=pv_benefit,
        total_cost=float(monthly_cost.sum()),
        total_benefit=float(monthly_benefit.sum()),
        monthly_cost=monthly_cost,
        monthly_benefit=monthly_benefit,
        cumulative=cumulative,
        phases_reached=tuple(g.key for g, r in zip(model.gates, reached, strict=True) if r),
        lines=tuple(
            LineFlow(line.key, line.name, line.kind, line.category, float(f.sum()), f)
            for line, f in zip(model.lines, flows, strict=True)
        ),
    )


def tornado(model: Model) -> list[tuple[int, float, float, float, float, float]]:
    """For each uncertain input: (index, base, low, high, npv_low, npv_high), one
    vectorised evaluation of every design row."""
    uncertain = model.uncertain
    rows = 1 + 2 * len(uncertain)
    values: list = []
    for inp in model.inputs:
        values.append(np.full(rows, inp.dist.base) if inp.uncertain else inp.dist.base)
    ends = []
    for j, i in enumerate(uncertain):
        dist = model.inputs[i].dist
        low, high = dist.at(0.1), dist.at(0.9)
        values[i][1 + 2 * j] = low
        values[i][2 + 2 * j] = high
        ends.append((dist.base, low, high))
    npv = evaluate(model, Tables(model), values, rows).npv
    return [
        (i, base, low, high, float(npv[1 + 2 * j]), float(npv[2 + 2 * j]))
        for j, (i, (base, low, high)) in enumerate(zip(uncertain, ends, strict=True))
    ]


def case_result(raw: Raw, *, trials: int, sensitivity: bool) -> CaseResult:
    model = raw.model
    case = model.case
    warnings: list[CaseWarning] = []
    if trials < RECOMMENDED_TRIALS:
        warnings.append(CaseWarning(
            "few_trials",
            f"Only {trials:,} trials: percentiles and EVPI are rough; use at least "
            f"{RECOMMENDED_TRIALS:,}.",
            {"trials": trials, "recommended": RECOMMENDED_TRIALS},
        ))  # fmt: skip
    npv = raw.npv
    # Costs below a millionth of the currency unit count as none: ROI is undefined there.
    costly = raw.pv_cost > COST_TOLERANCE
    roi = np.full(trials, np.nan)
    np.divide(npv, raw.pv_cost, out=roi, where=costly)
    defined = np.isfinite(roi)
    if not defined.all():
        warnings.append(CaseWarning(
            "roi_undefined",
            f"{1 - defined.mean():.1%} of trials have no cost at all; ROI leaves them out.",
            {"share": round(float(1 - defined.mean()), 6)},
        ))  # fmt: skip
    loss = float(np.mean(npv < 0))
    fan_levels, clamped = raw.fan.percentiles(FAN_LEVELS)
    if clamped:
        warnings.append(CaseWarning(
            "fan_range",
            "Some fan chart percentiles fell at the edge of the histogram range and are "
            "approximate.", {"readings": clamped},
        ))  # fmt: skip

    paid = np.bincount(raw.payback, minlength=model.horizon + 1)
    by_month = np.cumsum(paid[1:]) / trials
    months = {}
    for level in PAYBACK_LEVELS:
        hit = np.flatnonzero(by_month >= level / 100.0 - 1e-12)
        months[f"{level:g}"] = int(hit[0]) + 1 if hit.size else None

    # Overall EVPI: E[max(NPV - b, 0)] - max(E[NPV - b], 0) as the mean of one term per trial,
    # b the NPV of stopping now (see docs/cases.md); its standard error from those terms.
    sens: tuple[InputSensitivity, ...] = ()
    relative = npv - raw.baseline
    go = 1.0 if relative.mean() > 0 else 0.0
    h = relative * ((relative > 0) - go)
    evpi_total = float(h.mean())
    evpi_se = float(np.std(h, ddof=1) / math.sqrt(trials)) if trials > 1 else 0.0
    if sensitivity and raw.evpi is not None:
        evpi, se = raw.evpi.evpi(float(relative.mean()), trials)
        items = []
        for j, (i, base, low, high, npv_low, npv_high) in enumerate(tornado(model)):
            ref = model.inputs[i].ref
            items.append(InputSensitivity(
                key=ref.key, label=ref.label, kind=ref.kind, owner=ref.owner, field=ref.field,
                base=base, low=low, high=high, npv_low=npv_low, npv_high=npv_high,
                swing=abs(npv_high - npv_low), evpi=float(evpi[j]), evpi_se=float(se[j]),
            ))  # fmt: skip
        sens = tuple(sorted(items, key=lambda s: (-s.swing, s.key)))

    return CaseResult(
        name=case.name,
        currency=case.currency,
        trials=trials,
        horizon_months=model.horizon,
        discount_rate=float(case.discount_rate),
        monthly_rate=model.monthly_rate,
        deterministic=deterministic_result(model),
        npv=summary(npv),
        roi=summary(roi[defined]) if defined.any() else None,
        probability_of_loss=loss,
        loss_se=math.sqrt(loss * (1 - loss) / trials),
        npv_histogram=histogram(npv),
        payback=Payback(float(by_month[-1]), by_month, months),
        fan=FanChart(np.arange(1, model.horizon + 1), fan_levels, raw.cumulative_sum / trials),
        mean_monthly_cost=raw.cost_sum / trials + model.actual_cost,
        mean_monthly_benefit=raw.benefit_sum / trials + model.actual_benefit,
        costs=_breakdown(model, raw, trials, "cost"),
        benefits=_breakdown(model, raw, trials, "benefit"),
        phases=tuple(
            PhaseReach(g.key, g.name, float(r / trials))
            for g, r in zip(model.gates, raw.reached_sum, strict=True)
        ),
        sensitivity=sens,
        evpi=max(evpi_total, 0.0),
        evpi_se=evpi_se,
        decision_baseline=raw.baseline,
        warnings=tuple(warnings),
        npv_samples=npv,
        roi_samples=roi,
        payback_samples=raw.payback,
    )


def _breakdown(model: Model, raw: Raw, trials: int, kind: str) -> Breakdown:
    order = COST_CATEGORIES if kind == "cost" else BENEFIT_KINDS
    by_category = dict.fromkeys(order, 0.0)
    by_line: dict[str, float] = {}
    staff = 0.0
    for line, total in zip(model.lines, raw.line_sum / trials, strict=True):
        if line.kind != kind:
            continue
        by_line[line.key] = float(total)
        by_category[line.category] += float(total)
        staff += float(total) if line.staff else 0.0
    if kind == "cost":
        for category, value in model.actual_by_category.items():
            by_category[category] = by_category.get(category, 0.0) + value
    elif model.fixed.any():
        by_category["recorded"] = float(model.actual_benefit.sum())
    total = sum(by_category.values())
    shares = {k: (v / total if total > 0 else 0.0) for k, v in by_category.items()}
    people = None
    if kind == "cost":
        people = (staff + model.actual_by_category.get("people", 0.0)) / total if total else 0.0
    return Breakdown(total, by_category, shares, by_line, people)


def difference(first: str, second: str, a: np.ndarray, b: np.ndarray) -> Difference:
    diff = a - b
    # Equal up to rounding: a millionth of the currency unit, relative to the amounts.
    tie = np.abs(diff) <= 1e-6 * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return Difference(
        first, second, float(np.mean((diff > 0) & ~tie)), float(np.mean(tie)), summary(diff),
        histogram(diff),
    )  # fmt: skip


__all__ = ["case_result", "deterministic_result", "difference", "summary"]
