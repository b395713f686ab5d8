"""How many units a test needs, and how much power a finished test had.

``sample_size_proportions`` and ``sample_size_means`` answer "how many per arm, and with the
current weekly traffic how many weeks"; ``power_proportions`` and ``power_means`` answer "how
likely was a test of this size to find the effect we said matters". The effect is given as a
``target`` (the value we believe B reaches) or as ``mde`` (the minimum detectable effect),
absolute or, with ``relative=True``, as a fraction of the baseline (0.15 = +15%).
"""

from __future__ import annotations

import math
from typing import NoReturn

from . import _core
from ._checks import count, number, positive, unit
from .errors import Problems, StatsInputError
from .results import SampleSize

__all__ = ["power_means", "power_proportions", "sample_size_means", "sample_size_proportions"]


def sample_size_proportions(
    *,
    baseline: float,
    target: float | None = None,
    mde: float | None = None,
    relative: bool = False,
    alpha: float = 0.05,
    power: float = 0.8,
    weekly_traffic: float | None = None,
) -> SampleSize:
    """Visitors per arm for a two-sided two-proportion z-test (two equal arms).

    Uses the pooled variance under "no difference" (Fleiss): for 10% → 11.5% at α = 0.05 and
    80% power that is 6,693 per arm (the unpooled formula would say 6,690).
    """
    p1, p2, alpha, power, traffic = _sample_size_proportions_iv(
        baseline=baseline, target=target, mde=mde, relative=relative, alpha=alpha,
        power=power, weekly_traffic=weekly_traffic,
    )  # fmt: skip
    n = _core.n_proportions(p1, p2, alpha, power)
    if n is None:
        _too_small_effect("mde" if target is None else "target")
    notes: tuple[str, ...] = ()
    if n * min(p1, 1 - p1, p2, 1 - p2) < 10:
        notes = ("normal_approximation_doubtful",)
    return _result(
        kind="proportions", method="pooled_z", n=n, alpha=alpha, power=power,
        achieved=_core.power_proportions(p1, p2, n, n, alpha), baseline=p1, target=p2,
        mde=p2 - p1, mde_relative=p2 / p1 - 1, sd_a=None, sd_b=None, traffic=traffic,
        notes=notes,
    )  # fmt: skip


def sample_size_means(
    *,
    sd: float,
    sd_b: float | None = None,
    baseline: float | None = None,
    target: float | None = None,
    mde: float | None = None,
    relative: bool = False,
    alpha: float = 0.05,
    power: float = 0.8,
    weekly_traffic: float | None = None,
) -> SampleSize:
    """Units per arm for a two-sided Welch t-test (two equal arms), exact with the noncentral
    t distribution: for a difference of half a standard deviation, 64 per arm.

    ``sd`` is the standard deviation of the metric per unit in A (and in B unless ``sd_b`` is
    given). ``baseline`` is needed with ``target`` or ``relative=True``.
    """
    delta, sd_a, sd_b_, base, alpha, power, traffic = _sample_size_means_iv(
        sd=sd, sd_b=sd_b, baseline=baseline, target=target, mde=mde, relative=relative,
        alpha=alpha, power=power, weekly_traffic=weekly_traffic,
    )  # fmt: skip
    n = _core.n_means(delta, sd_a, sd_b_, alpha, power)
    if n is None:
        _too_small_effect("mde" if target is None else "target")
    # below 30 per arm the t-test leans on the metric being roughly normal
    notes = ("small_samples_normality_assumed",) if n < 30 else ()
    return _result(
        kind="means", method="welch_noncentral_t", n=n, alpha=alpha, power=power,
        achieved=_core.power_means(delta, sd_a, sd_b_, n, n, alpha), baseline=base,
        target=None if base is None else base + delta, mde=delta,
        mde_relative=None if base is None or base <= 0 else delta / base, sd_a=sd_a,
        sd_b=sd_b_, traffic=traffic, notes=notes,
    )  # fmt: skip


def power_proportions(
    *,
    baseline: float,
    target: float | None = None,
    mde: float | None = None,
    relative: bool = False,
    n_a: int,
    n_b: int | None = None,
    alpha: float = 0.05,
) -> float:
    """The power the pooled two-proportion z-test has with ``n_a`` and ``n_b`` (default:
    ``n_a``) visitors to find the effect from ``baseline`` to ``target`` (or ``mde``)."""
    p = Problems()
    na = count(p, "n_a", n_a, minimum=1)
    nb = na if n_b is None else count(p, "n_b", n_b, minimum=1)
    p1, p2, alpha_ = _proportion_effect_iv(p, baseline, target, mde, relative, alpha)
    p.raise_if_any()
    assert na is not None and nb is not None  # raise_if_any refused every missing count
    return _core.power_proportions(p1, p2, na, nb, alpha_)


def power_means(
    *,
    sd: float,
    sd_b: float | None = None,
    baseline: float | None = None,
    target: float | None = None,
    mde: float | None = None,
    relative: bool = False,
    n_a: int,
    n_b: int | None = None,
    alpha: float = 0.05,
) -> float:
    """The power Welch's t-test has with ``n_a`` and ``n_b`` (default: ``n_a``) units to find
    the effect ``mde`` (or ``target − baseline``) when the metric's sd is ``sd`` (``sd_b``)."""
    p = Problems()
    na = count(p, "n_a", n_a, minimum=2)
    nb = na if n_b is None else count(p, "n_b", n_b, minimum=2)
    delta, sd_a, sd_b_, _, alpha_ = _mean_effect_iv(
        p, sd, sd_b, baseline, target, mde, relative, alpha
    )
    p.raise_if_any()
    assert na is not None and nb is not None  # raise_if_any refused every missing count
    return _core.power_means(delta, sd_a, sd_b_, na, nb, alpha_)


# -- validation ------------------------------------------------------------------------------


def _sample_size_proportions_iv(*, baseline, target, mde, relative, alpha, power, weekly_traffic):
    p = Problems()
    p1, p2, alpha = _proportion_effect_iv(p, baseline, target, mde, relative, alpha)
    power = unit(p, "power", power)
    traffic = _traffic(p, weekly_traffic)
    p.raise_if_any()
    return p1, p2, alpha, power, traffic


def _sample_size_means_iv(
    *, sd, sd_b, baseline, target, mde, relative, alpha, power, weekly_traffic
):
    p = Problems()
    delta, sd_a, sd_b, base, alpha = _mean_effect_iv(
        p, sd, sd_b, baseline, target, mde, relative, alpha
    )
    power = unit(p, "power", power)
    traffic = _traffic(p, weekly_traffic)
    p.raise_if_any()
    return delta, sd_a, sd_b, base, alpha, power, traffic


def _proportion_effect_iv(p: Problems, baseline, target, mde, relative, alpha):
    """Baseline and target rates from ``target`` or ``mde``; both strictly inside (0, 1)."""
    p1 = unit(p, "baseline", baseline)
    alpha = unit(p, "alpha", alpha)
    _relative_flag(p, relative)
    p2 = None
    if _one_of(p, target, mde):
        if target is not None:
            p2 = unit(p, "target", target)
            if p1 is not None and p2 is not None and p2 == p1:
                _equal(p, p1)
                p2 = None
        else:
            m = number(p, "mde", mde)
            if m == 0:
                _zero(p)
            elif m is not None and p1 is not None:
                p2 = p1 + (m * p1 if relative is True else m)
                if not 0.0 < p2 < 1.0:
                    p.add(
                        "mde",
                        "outside_unit_interval",
                        f"The baseline {p1:g} with this effect gives a rate of {p2:g}, which "
                        "must lie strictly between 0 and 1.",
                        value=p2,
                    )
                    p2 = None
    return p1, p2, alpha


def _mean_effect_iv(p: Problems, sd, sd_b, baseline, target, mde, relative, alpha):
    """The absolute difference to detect, from ``target − baseline`` or ``mde``."""
    sd_a = positive(p, "sd", sd)
    sd_b_ = sd_a if sd_b is None else positive(p, "sd_b", sd_b)
    alpha = unit(p, "alpha", alpha)
    _relative_flag(p, relative)
    base = None if baseline is None else number(p, "baseline", baseline)
    delta = None
    if _one_of(p, target, mde):
        if target is not None:
            t = number(p, "target", target)
            if baseline is None:
                _needs_baseline(p, "a target")
            elif t is not None and base is not None:
                if t == base:
                    _equal(p, base)
                else:
                    delta = t - base
        else:
            m = number(p, "mde", mde)
            if m == 0:
                _zero(p)
            elif m is not None and relative is True:
                if baseline is None:
                    _needs_baseline(p, "a relative effect")
                elif base is not None and base <= 0:
                    p.add(
                        "baseline",
                        "relative_undefined",
                        f"A relative effect needs a baseline above zero (got {base:g}).",
                        value=base,
                    )
                elif base is not None:
                    delta = m * base
            elif m is not None:
                delta = m
    return delta, sd_a, sd_b_, base, alpha


def _one_of(p: Problems, target, mde) -> bool:
    if (target is None) == (mde is None):
        given = [name for name, v in (("target", target), ("mde", mde)) if v is not None]
        p.add(
            "mde",
            "target_or_mde",
            "Give either the target value or the minimum detectable effect, not both and not "
            "neither.",
            given=given,
        )
        return False
    return True


def _relative_flag(p: Problems, relative) -> None:
    if not isinstance(relative, bool):
        p.add("relative", "wrong_type", "relative must be true or false.", expected="bool")


def _equal(p: Problems, value: float) -> None:
    p.add(
        "target",
        "target_equals_baseline",
        f"The target equals the baseline ({value:g}): there is no effect to detect.",
        value=value,
    )


def _zero(p: Problems) -> None:
    p.add(
        "mde",
        "zero_effect",
        "The minimum detectable effect must not be zero: there would be no effect to detect.",
        value=0,
    )


def _needs_baseline(p: Problems, what: str) -> None:
    p.add("baseline", "baseline_required", f"Give the baseline to use {what}.", what=what)


def _traffic(p: Problems, weekly_traffic) -> float | None:
    return None if weekly_traffic is None else positive(p, "weekly_traffic", weekly_traffic)


def _too_small_effect(field: str) -> NoReturn:
    p = Problems()
    p.add(
        field,
        "effect_too_small",
        f"The effect is too small to detect with fewer than {_core.MAX_N:,} units per arm.",
        maximum=_core.MAX_N,
    )
    raise StatsInputError(list(p))


def _result(*, kind, method, n, alpha, power, achieved, baseline, target, mde, mde_relative,
            sd_a, sd_b, traffic, notes) -> SampleSize:  # fmt: skip
    total = 2 * n
    weeks_exact = None if traffic is None else total / traffic
    return SampleSize(
        kind=kind,
        method=method,
        n_per_arm=n,
        total=total,
        alpha=alpha,
        power=power,
        achieved_power=achieved,
        baseline=baseline,
        target=target,
        mde=mde,
        mde_relative=mde_relative,
        sd_a=sd_a,
        sd_b=sd_b,
        weekly_traffic=traffic,
        weeks=None if weeks_exact is None else max(1, math.ceil(weeks_exact - 1e-12)),
        weeks_exact=weeks_exact,
        notes=notes,
    )
