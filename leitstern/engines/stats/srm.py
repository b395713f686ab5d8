"""Sample-ratio mismatch: did the randomisation split the units as planned?

Pearson's chi-square goodness-of-fit test of the units per arm against the planned shares.
A p-value below the threshold (0.001 by default, strict because the check runs on every
experiment and a false alarm throws away a good test) means the assignment or the counting is
broken — a bug, a bot filter on one arm, a redirect that loses people — and no comparison of
the arms can be trusted, however clear it looks.
"""

from __future__ import annotations

from collections.abc import Sequence

from scipy import special

from ._checks import count, number, unit
from .errors import Problems
from .results import SrmCheck

__all__ = ["SRM_THRESHOLD", "srm_check"]

SRM_THRESHOLD = 0.001


def srm_check(
    *,
    observed: Sequence[int],
    planned: Sequence[float] = (0.5, 0.5),
    threshold: float = SRM_THRESHOLD,
) -> SrmCheck:
    """Chi-square test of ``observed`` units per arm against the ``planned`` split.

    ``planned`` holds positive weights, one per arm, in any scale (``(1, 1)``, ``(50, 50)``
    and ``(0.5, 0.5)`` are the same plan).
    """
    counts, weights, threshold = _srm_check_iv(
        observed=observed, planned=planned, threshold=threshold
    )
    total = sum(counts)
    scale = sum(weights)
    shares = tuple(w / scale for w in weights)
    expected = tuple(total * s for s in shares)
    chi2 = sum((o - e) ** 2 / e for o, e in zip(counts, expected, strict=True))
    df = len(counts) - 1
    p_value = float(special.chdtrc(df, chi2))
    return SrmCheck(
        observed=tuple(counts),
        planned=shares,
        expected=expected,
        chi2=float(chi2),
        df=df,
        p_value=p_value,
        threshold=threshold,
        mismatch=p_value < threshold,
    )


def _srm_check_iv(*, observed, planned, threshold):
    p = Problems()
    counts: list[int] = []
    weights: list[float] = []
    if isinstance(observed, (str, bytes)) or not hasattr(observed, "__len__"):
        p.add("observed", "wrong_type", "observed must be a list of counts.", expected="list")
    else:
        for i, value in enumerate(observed):
            c = count(p, f"observed[{i}]", value)
            counts.append(0 if c is None else c)
    if isinstance(planned, (str, bytes)) or not hasattr(planned, "__len__"):
        p.add("planned", "wrong_type", "planned must be a list of weights.", expected="list")
    else:
        for i, value in enumerate(planned):
            w = number(p, f"planned[{i}]", value)
            if w is not None and w <= 0:
                p.add(
                    f"planned[{i}]", "not_positive",
                    f"Every planned share must be greater than zero (got {w:g}).", value=w,
                )  # fmt: skip
            weights.append(1.0 if w is None else w)
    threshold = unit(p, "threshold", threshold)
    if not p:
        if len(counts) < 2:
            p.add(
                "observed", "too_few_values", "Give the units of at least two arms.",
                count=len(counts), minimum=2,
            )  # fmt: skip
        elif len(counts) != len(weights):
            p.add(
                "planned", "length_mismatch",
                f"There are {len(counts)} observed arms but {len(weights)} planned shares.",
                lengths=[len(counts), len(weights)],
            )  # fmt: skip
        elif sum(counts) == 0:
            p.add("observed", "too_small", "No unit was observed in any arm.", value=0, minimum=1)
    p.raise_if_any()
    return counts, weights, threshold
