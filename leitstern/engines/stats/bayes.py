"""Chance to win and expected loss from a normal posterior, in closed form.

With a flat prior and the normal approximation the tests already rest on, the posterior of
the true difference Δ = B − A is N(d, SE²): d the observed difference, SE its unpooled
standard error. ``G`` is Δ turned so that bigger is better (−Δ for a metric where lower is
better). Then P(G > 0) = Φ(g/SE) and, with φ the standard normal density,

    E[max(−G, 0)] = SE·φ(g/SE) − g·Φ(−g/SE)    (expected loss of shipping B)
    E[max(G, 0)]  = SE·φ(g/SE) + g·Φ(g/SE)     (expected loss of keeping A)

These numbers describe risk; verdicts follow the pre-registered rule, not them.
"""

from __future__ import annotations

from . import _core
from ._checks import DIRECTIONS, choice, number, positive
from .errors import Problems
from .results import Bayes, Comparison

__all__ = ["bayes_for", "bayes_normal"]


def bayes_normal(*, difference: float, se: float, direction: str = "higher") -> Bayes:
    """The normal posterior's chance to win and expected losses for an observed
    ``difference`` (B − A) with standard error ``se``; ``direction`` is ``"higher"`` or
    ``"lower"`` (which way is better for the metric)."""
    p = Problems()
    d = number(p, "difference", difference)
    s = positive(p, "se", se)
    direction_ = choice(p, "direction", direction, DIRECTIONS)
    p.raise_if_any()
    assert d is not None and s is not None and direction_ is not None  # all checked above
    g = d if direction_ == "higher" else -d
    win, ship, keep = _core.normal_losses(g, s)
    return Bayes(direction_, g, s, win, ship, keep)


def bayes_for(comparison: Comparison, *, direction: str = "higher") -> Bayes:
    """``bayes_normal`` for a comparison's difference and its unpooled standard error."""
    return bayes_normal(
        difference=comparison.difference.estimate, se=comparison.se, direction=direction
    )
