"""Two-group comparisons: counts (two-proportion z-test), means with standard deviations
(Welch's t-test) and two samples of metric values before and after a change (Welch's t-test,
widened for autocorrelation).

Each returns a ``Comparison`` with the difference B − A and the relative lift B/A − 1, each
with a two-sided (1 − α) confidence interval, the test statistic and the two-sided p-value.
The decision function reads these; nothing here says whether a result is good.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import special

from . import _core
from ._checks import count, number, positive, unit, values
from .errors import Problems
from .results import Arm, Autocorrelation, Comparison, Interval

__all__ = ["compare_before_after", "compare_means", "compare_proportions"]

# Below this many values per period the lag-1 autocorrelation is too noisy to act on.
MIN_VALUES_FOR_AUTOCORRELATION = 10


def compare_proportions(
    *,
    conversions_a: int,
    visitors_a: int,
    conversions_b: int,
    visitors_b: int,
    alpha: float = 0.05,
) -> Comparison:
    """Two-proportion z-test of B's conversion rate against A's.

    The test statistic uses the pooled rate (the variance if there were no difference), so
    its p-value equals Pearson's chi-square test of the 2×2 table without continuity
    correction. The interval for the difference is Wald's (unpooled standard error); the one
    for the relative lift uses the delta method:
    SE(p_b/p_a) = √(v_b/p_a² + p_b²·v_a/p_a⁴) with v = p(1 − p)/n.
    """
    ca, na, cb, nb, alpha = _compare_proportions_iv(
        conversions_a=conversions_a, visitors_a=visitors_a, conversions_b=conversions_b,
        visitors_b=visitors_b, alpha=alpha,
    )  # fmt: skip
    pa, pb = ca / na, cb / nb
    va, vb = pa * (1 - pa) / na, pb * (1 - pb) / nb
    se = math.sqrt(va + vb)
    pooled = (ca + cb) / (na + nb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    if se == 0.0:
        p = Problems()
        p.add(
            "conversions_b",
            "no_variation",
            "In each group either no visitor or every visitor converted, so the rates carry "
            "no spread and no interval can be given.",
            reason="all_or_none",
        )
        p.raise_if_any()
    diff = pb - pa
    z = _core.z_crit(alpha)
    stat = diff / se0
    return Comparison(
        kind="proportions",
        test="two_proportion_z",
        a=Arm(n=na, mean=pa, sd=math.sqrt(pa * (1 - pa)), n_effective=na, conversions=ca),
        b=Arm(n=nb, mean=pb, sd=math.sqrt(pb * (1 - pb)), n_effective=nb, conversions=cb),
        alpha=alpha,
        difference=Interval(diff, diff - z * se, diff + z * se, 1 - alpha),
        relative=_relative(pa, pb, va, vb, z, 1 - alpha),
        se=se,
        se_null=se0,
        statistic=stat,
        df=None,
        p_value=float(2 * special.ndtr(-abs(stat))),
    )


def compare_means(
    *,
    mean_a: float,
    sd_a: float,
    n_a: int,
    mean_b: float,
    sd_b: float,
    n_b: int,
    alpha: float = 0.05,
) -> Comparison:
    """Welch's t-test from each group's mean, standard deviation (n − 1 in the denominator)
    and size. The interval for the difference uses the same standard error and Welch's
    degrees of freedom, so it excludes zero exactly when p < α. The relative lift's interval
    uses the delta method with the same t quantile."""
    ma, sa, na, mb, sb, nb, alpha = _compare_means_iv(
        mean_a=mean_a, sd_a=sd_a, n_a=n_a, mean_b=mean_b, sd_b=sd_b, n_b=n_b, alpha=alpha
    )
    return _welch(
        kind="means",
        a=Arm(n=na, mean=ma, sd=sa, n_effective=na),
        b=Arm(n=nb, mean=mb, sd=sb, n_effective=nb),
        alpha=alpha,
        autocorrelation=None,
    )


def compare_before_after(
    *,
    before: Sequence[float],
    after: Sequence[float],
    alpha: float = 0.05,
    autocorrelation: bool = True,
) -> Comparison:
    """Compare a metric's values before a change (A) with its values after (B), each in time
    order (e.g. one value per day).

    The test is Welch's t-test on the two periods' means. Values of one metric on
    consecutive days tend to resemble each other, which makes a plain t-test too sure of
    itself; with ``autocorrelation=True`` (the default) each period with at least 10 values
    has its lag-1 autocorrelation ρ estimated, and where ρ > 0 its size counts as
    n·(1 − ρ)/(1 + ρ) independent values (the AR(1) effective sample size, held at ≥ 2).
    Negative ρ is not used to narrow the interval. With ``autocorrelation=False`` the result
    equals ``scipy.stats.ttest_ind(after, before, equal_var=False)``.

    A before/after comparison has no control group: anything else that changed between the
    periods (season, campaigns, other releases) is part of the difference.
    """
    xa, xb, alpha = _compare_before_after_iv(
        before=before, after=after, alpha=alpha, autocorrelation=autocorrelation
    )
    arms, rhos, floored = [], [], False
    for x in (xa, xb):
        n = len(x)
        rho = _lag1(x) if n >= MIN_VALUES_FOR_AUTOCORRELATION else None
        n_eff = float(n)
        if autocorrelation and rho is not None and rho > 0:
            n_eff = n * (1 - rho) / (1 + rho)
            if n_eff < 2:
                n_eff, floored = 2.0, True
        arms.append(Arm(n=n, mean=float(x.mean()), sd=float(x.std(ddof=1)), n_effective=n_eff))
        rhos.append(rho)
    adjusted = any(a.n_effective != a.n for a in arms)
    return _welch(
        kind="before_after",
        a=arms[0],
        b=arms[1],
        alpha=alpha,
        autocorrelation=Autocorrelation(rhos[0], rhos[1], adjusted, floored),
    )


def _welch(*, kind: str, a: Arm, b: Arm, alpha: float, autocorrelation) -> Comparison:
    va = a.sd * a.sd / a.n_effective
    vb = b.sd * b.sd / b.n_effective
    se = math.sqrt(va + vb)
    if se == 0.0 or not math.isfinite(se):
        p = Problems()
        field = "after" if kind == "before_after" else "sd_b"
        p.add(
            field,
            "no_variation",
            "The values carry no measurable spread (every value the same, or spreads too "
            "small or too large to compute with), so no interval can be given.",
            reason="constant_values" if se == 0.0 else "spread_out_of_range",
        )
        p.raise_if_any()
    df = _core.welch_df(va, vb, a.n_effective - 1, b.n_effective - 1)
    diff = b.mean - a.mean
    stat = diff / se
    crit = _core.t_crit(alpha, df)
    return Comparison(
        kind=kind,
        test="welch_t",
        a=a,
        b=b,
        alpha=alpha,
        difference=Interval(diff, diff - crit * se, diff + crit * se, 1 - alpha),
        relative=_relative(a.mean, b.mean, va, vb, crit, 1 - alpha),
        se=se,
        se_null=se,
        statistic=stat,
        df=df,
        p_value=float(2 * special.stdtr(df, -abs(stat))),
        autocorrelation=autocorrelation,
    )


def _relative(ma: float, mb: float, va: float, vb: float, crit: float, level: float):
    """B/A − 1 with the delta-method interval; ``None`` unless A's mean is above zero, the
    ratio is a finite number and its standard error is not zero (then the delta method has
    nothing to say: e.g. no conversion in B)."""
    if ma <= 0:
        return None
    ratio = mb / ma
    # √(v_b/m_a² + m_b²·v_a/m_a⁴), written so that tiny or huge means do not overflow
    se = math.sqrt(vb + ratio * ratio * va) / ma
    if not (math.isfinite(ratio) and math.isfinite(se)) or se == 0:
        return None
    r = ratio - 1
    return Interval(r, r - crit * se, r + crit * se, level)


def _lag1(x: np.ndarray) -> float:
    """The lag-1 autocorrelation; 0 for constant values (they add no spread to adjust)."""
    d = x - x.mean()
    denom = float(d @ d)
    if denom == 0:
        return 0.0
    return float(d[:-1] @ d[1:]) / denom


# -- validation ------------------------------------------------------------------------------


def _compare_proportions_iv(*, conversions_a, visitors_a, conversions_b, visitors_b, alpha):
    p = Problems()
    na = count(p, "visitors_a", visitors_a, minimum=1)
    nb = count(p, "visitors_b", visitors_b, minimum=1)
    ca = count(p, "conversions_a", conversions_a)
    cb = count(p, "conversions_b", conversions_b)
    for field, c, n in (("conversions_a", ca, na), ("conversions_b", cb, nb)):
        if c is not None and n is not None and c > n:
            p.add(
                field,
                "conversions_exceed_visitors",
                f"{field} ({c}) cannot exceed the visitors of that group ({n}).",
                conversions=c,
                visitors=n,
            )
    alpha = unit(p, "alpha", alpha)
    p.raise_if_any()
    return ca, na, cb, nb, alpha


def _compare_means_iv(*, mean_a, sd_a, n_a, mean_b, sd_b, n_b, alpha):
    p = Problems()
    ma = number(p, "mean_a", mean_a)
    sa = positive(p, "sd_a", sd_a)
    na = count(p, "n_a", n_a, minimum=2)
    mb = number(p, "mean_b", mean_b)
    sb = positive(p, "sd_b", sd_b)
    nb = count(p, "n_b", n_b, minimum=2)
    alpha = unit(p, "alpha", alpha)
    p.raise_if_any()
    return ma, sa, na, mb, sb, nb, alpha


def _compare_before_after_iv(*, before, after, alpha, autocorrelation):
    p = Problems()
    xa = values(p, "before", before, minimum=2)
    xb = values(p, "after", after, minimum=2)
    alpha = unit(p, "alpha", alpha)
    if not isinstance(autocorrelation, bool):
        p.add(
            "autocorrelation", "wrong_type", "autocorrelation must be true or false.",
            expected="bool",
        )  # fmt: skip
    p.raise_if_any()
    return xa, xb, alpha
