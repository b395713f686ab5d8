"""Plain helpers for the case engine tests: small cases built by hand, and finance formulas
written here independently of the engine (numpy-financial's conventions)."""

from __future__ import annotations

import numpy as np

from leitstern.engines.cases import Amount, BenefitLine, Case, CostLine, Phase


def monthly_rate(annual: float) -> float:
    return (1.0 + annual) ** (1.0 / 12.0) - 1.0


def ref_npv(flows, annual: float) -> float:
    """numpy-financial's ``npv(rate, values)``: ``values[t] / (1 + rate) ** t`` from t = 0.
    Our months are paid at their end, so month m is t = m and t = 0 holds nothing."""
    rate = monthly_rate(annual)
    values = [0.0, *flows]
    return float(sum(v / (1.0 + rate) ** t for t, v in enumerate(values)))


def ref_irr(flows) -> float | None:
    """numpy's former ``irr``: the real positive roots x of sum(values[t] x**t), x = 1/(1+r),
    the rate nearest zero; returned as an annual rate."""
    values = np.array([0.0, *flows], dtype=np.float64)
    roots = np.roots(values[::-1])
    real = roots[(np.abs(roots.imag) < 1e-9) & (roots.real > 0)].real
    if real.size == 0:
        return None
    rates = 1.0 / real - 1.0
    monthly = rates[np.argmin(np.abs(rates))]
    return (1.0 + monthly) ** 12 - 1.0


def ref_payback(flows) -> int | None:
    """First month (1-based) from which the cumulative cash stays at or above zero."""
    total = 0.0
    cumulative = []
    for f in flows:
        total += f
        cumulative.append(total)
    for m in range(len(cumulative)):
        if all(c >= -1e-6 for c in cumulative[m:]):
            return m + 1
    return None


def ramp_average(month: int, start: int, lag: float, ramp: float, steps: int = 20_000) -> float:
    """Average over ``month`` of the ramp curve (0 until ``lag`` months after the start of
    month ``start``, then linear to 1 over ``ramp`` months), by the midpoint rule."""
    t = (month - start) + (np.arange(steps) + 0.5) / steps
    # A ramp of 0 is a step at the lag.
    curve = (t >= lag).astype(float) if ramp == 0 else np.clip((t - lag) / ramp, 0.0, 1.0)
    return float(curve.mean())


def one_off(key: str, amount, month: int = 1, *, phase: str | None = None, event=None) -> CostLine:
    return CostLine(
        key=key,
        name=key,
        category="other",
        driver=Amount(amount=amount),
        recurring=False,
        start_month=month,
        phase=phase,
        event=event,
    )


def monthly_benefit(key: str, amount, start: int = 1, end: int | None = None, **kw):
    return BenefitLine(
        key=key,
        name=key,
        driver=Amount(amount=amount),
        start_month=start,
        end_month=end if end is not None else start,
        **kw,
    )


def bet(*, cost: float, gain, horizon: int = 1, rate: float = 0.0, **kw) -> Case:
    """Pay ``cost`` in month 1, gain ``gain`` (an estimate) in month 1: NPV = gain - cost at
    rate 0."""
    return Case(
        horizon_months=horizon,
        discount_rate=rate,
        costs=(one_off("cost", cost),),
        benefits=(monthly_benefit("gain", gain),),
        **kw,
    )


def two_phases(p_production: float = 1.0, if_missed: str = "stop") -> tuple[Phase, Phase]:
    return (
        Phase(key="pilot", name="Pilot", start_month=1, end_month=6),
        Phase(
            key="production",
            name="Production",
            start_month=7,
            end_month=24,
            probability=p_production,
            if_missed=if_missed,
        ),
    )
