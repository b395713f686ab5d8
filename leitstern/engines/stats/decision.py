"""Verdicts: a pre-registered decision rule applied to a comparison.

A rule is fixed before the data are seen: which way is better for the metric
(``direction``), the smallest effect worth having (``minimum_effect``, absolute or relative),
α, the planned power, and what counts as success (``criterion``). ``decide`` returns one of

* ``invalid`` — the sample-ratio check failed (A/B comparisons only): nothing else counts;
* ``met`` — there is evidence of an effect in the right direction (p < α *and* every interval
  shown lies on the good side of zero), and the criterion's size condition holds;
* ``refuted`` — the interval lies entirely below the minimum effect: an effect as large as the
  one that matters is ruled out (including "confidently worse");
* ``inconclusive`` — neither, with the reason: the test was underpowered for the minimum
  effect, the effect may be smaller than the minimum, or the interval spans both zero and the
  minimum.

With the default criterion (``interval_excludes_zero``) and a test of the planned size, "met"
and "refuted" have mirror-image error rates: with no true effect the chance of "met" is α/2,
with a true effect equal to the minimum the chance of "refuted" is about α/2 too, and each
outcome is reached with the planned power when the truth is the other one. ``docs/statistics.md``
explains the criteria and every message code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from . import _core
from ._checks import DIRECTIONS, choice, count, number, unit
from .bayes import bayes_for
from .errors import Problem, Problems, StatsInputError
from .results import Bayes, Comparison, Interval, Message, SrmCheck
from .srm import SRM_THRESHOLD, srm_check

__all__ = ["CRITERIA", "SCALES", "DecisionRule", "Verdict", "decide"]

CRITERIA = ("interval_excludes_zero", "estimate_reaches_minimum", "lower_bound_reaches_minimum")
SCALES = ("absolute", "relative")
OUTCOMES = ("met", "refuted", "inconclusive", "invalid")
# Below these sizes the normal approximation behind the tests is doubtful.
MIN_COUNT_PER_CELL = 10
MIN_N_FOR_MEANS = 30


@dataclass(frozen=True)
class DecisionRule:
    """What "we are right" means, fixed before the test starts.

    ``minimum_effect`` is a positive size in the good direction: 0.015 with ``scale=
    "absolute"`` means 1.5 percentage points (or 1.5 units of a mean); 0.1 with
    ``scale="relative"`` means 10% of A's value. It is the minimum detectable effect the test
    is planned for, the bar for refuting, and with the two stricter criteria the bar for
    success:

    * ``interval_excludes_zero`` (default): met when the interval lies on the good side of 0;
    * ``estimate_reaches_minimum``: and the estimate is at least the minimum ("relative lift
      ≥ 10% with the interval excluding 0"); at a true effect equal to the minimum this is met
      only about half the time, whatever the sample size;
    * ``lower_bound_reaches_minimum``: the whole interval lies at or above the minimum.

    ``planned_n_per_arm`` (optional) is the size the test was planned for; ``planned_split``
    the share of units per arm (A, B). Invalid values raise ``StatsInputError``.
    """

    direction: str
    minimum_effect: float
    scale: str = "absolute"
    alpha: float = 0.05
    power: float = 0.8
    criterion: str = "interval_excludes_zero"
    planned_n_per_arm: int | None = None
    planned_split: tuple[float, float] = (0.5, 0.5)
    srm_threshold: float = SRM_THRESHOLD

    def __post_init__(self) -> None:
        for name, value in _rule_iv(self).items():
            object.__setattr__(self, name, value)

    def as_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "minimum_effect": self.minimum_effect,
            "scale": self.scale,
            "alpha": self.alpha,
            "power": self.power,
            "criterion": self.criterion,
            "planned_n_per_arm": self.planned_n_per_arm,
            "planned_split": list(self.planned_split),
            "srm_threshold": self.srm_threshold,
        }


@dataclass(frozen=True)
class Verdict:
    """The outcome of a rule on a comparison, and every number behind it.

    ``outcome`` is ``met``, ``refuted``, ``inconclusive`` or ``invalid``; ``reason`` the code
    of the message that explains it (also ``messages[0]``). ``effect`` is the interval on the
    rule's scale (B − A or B/A − 1, in the metric's own sign) and ``threshold`` the minimum
    effect in that sign (negative when lower is better). ``power`` is the power the test had
    at its observed size for the minimum effect (``None`` where it cannot be computed) and
    ``needed_n_per_arm`` the size that reaches the planned power at the observed spread.
    ``srm`` is ``None`` for before/after comparisons.
    """

    outcome: str
    reason: str
    messages: tuple[Message, ...]
    rule: DecisionRule
    comparison: Comparison
    effect: Interval
    threshold: float
    evidence_of_effect: bool
    power: float | None
    needed_n_per_arm: int | None
    bayes: Bayes
    srm: SrmCheck | None = field(default=None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.messages)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "reason": self.reason,
            "messages": [m.as_dict() for m in self.messages],
            "rule": self.rule.as_dict(),
            "comparison": self.comparison.as_dict(),
            "effect": self.effect.as_dict(),
            "threshold": self.threshold,
            "evidence_of_effect": self.evidence_of_effect,
            "power": self.power,
            "needed_n_per_arm": self.needed_n_per_arm,
            "bayes": self.bayes.as_dict(),
            "srm": None if self.srm is None else self.srm.as_dict(),
        }


def decide(*, rule: DecisionRule, comparison: Comparison) -> Verdict:
    """Apply a pre-registered ``rule`` to a ``comparison`` computed at the rule's α.

    For A/B comparisons (proportions, means) the sample-ratio check runs first, on the arms'
    sizes against ``rule.planned_split``. See the module documentation for the outcomes.
    """
    _decide_iv(rule=rule, comparison=comparison)
    c = comparison
    up = rule.direction == "higher"
    m = rule.minimum_effect
    effect = c.relative if rule.scale == "relative" else c.difference
    assert effect is not None  # _decide_iv refuses a relative rule without a relative lift
    good_est, good_lo, good_hi = _good(effect, up)
    _, abs_lo, abs_hi = _good(c.difference, up)
    evidence = c.p_value < rule.alpha and abs_lo > 0 and good_lo > 0
    worse = c.p_value < rule.alpha and abs_hi < 0

    srm = None
    if c.kind != "before_after":
        srm = srm_check(
            observed=(c.a.n, c.b.n), planned=rule.planned_split, threshold=rule.srm_threshold
        )
    mde = m if rule.scale == "absolute" else m * c.a.mean
    power, needed = _power(c, mde if up else -mde, rule)
    bayes = bayes_for(c, direction=rule.direction)

    numbers = _numbers(c, rule, effect, power, needed, bayes)
    caveats: list[Message] = []
    if srm is not None and srm.mismatch:
        outcome, reason = "invalid", "sample_ratio_mismatch"
        lead = Message(
            reason,
            {
                "p_value": srm.p_value,
                "threshold": srm.threshold,
                "observed": list(srm.observed),
                "shares": list(srm.shares),
                "planned": list(srm.planned),
            },
        )
    else:
        if rule.criterion == "interval_excludes_zero":
            met = evidence
        elif rule.criterion == "estimate_reaches_minimum":
            met = evidence and good_est >= m
        else:
            met = evidence and good_lo >= m
        underpowered = power is not None and power < rule.power
        if met:
            outcome = "met"
            reason = {
                "interval_excludes_zero": "met_interval_excludes_zero",
                "estimate_reaches_minimum": "met_estimate_reaches_minimum",
                "lower_bound_reaches_minimum": "met_lower_bound_reaches_minimum",
            }[rule.criterion]
            if good_hi < m:
                caveats.append(Message("effect_smaller_than_minimum", _bounds(effect, rule)))
            if underpowered:
                caveats.append(
                    Message(
                        "low_power_estimate_may_be_exaggerated",
                        {"power": power, "planned_power": rule.power},
                    )
                )
        elif good_hi < m:
            outcome = "refuted"
            reason = "refuted_opposite_direction" if worse else "refuted_below_minimum"
        else:
            outcome = "inconclusive"
            if evidence:
                reason = "inconclusive_effect_may_be_below_minimum"
            elif underpowered:
                reason = "inconclusive_underpowered"
            else:
                reason = "inconclusive_interval_spans_zero_and_minimum"
        params = _bounds(effect, rule)
        if reason == "inconclusive_underpowered":
            params.update(
                power=power,
                planned_power=rule.power,
                n_per_arm=min(c.a.n, c.b.n),
                needed_n_per_arm=needed,
            )
        lead = Message(reason, params)
        if srm is not None:
            caveats.append(Message("sample_ratio_ok", {"p_value": srm.p_value}))
    caveats.extend(_caveats(c, rule))
    return Verdict(
        outcome=outcome,
        reason=reason,
        messages=(lead, *numbers, *caveats),
        rule=rule,
        comparison=c,
        effect=effect,
        threshold=m if up else -m,
        evidence_of_effect=evidence,
        power=power,
        needed_n_per_arm=needed,
        bayes=bayes,
        srm=srm,
    )


def _good(interval: Interval, up: bool) -> tuple[float, float, float]:
    """Estimate, lower and upper bound turned so that bigger is better."""
    if up:
        return interval.estimate, interval.lower, interval.upper
    return -interval.estimate, -interval.upper, -interval.lower


def _bounds(effect: Interval, rule: DecisionRule) -> dict[str, Any]:
    return {
        "estimate": effect.estimate,
        "lower": effect.lower,
        "upper": effect.upper,
        "level": effect.level,
        "scale": rule.scale,
        "minimum": rule.minimum_effect if rule.direction == "higher" else -rule.minimum_effect,
    }


def _power(c: Comparison, delta: float, rule: DecisionRule) -> tuple[float | None, int | None]:
    """Power at the observed sizes for a true effect ``delta`` (B − A, absolute) from A's
    observed value and spread, and the per-arm size that would reach the planned power."""
    if c.kind == "proportions":
        p1 = c.a.mean
        p2 = p1 + delta
        if not 0.0 <= p2 <= 1.0:
            return None, None
        power = _core.power_proportions(p1, p2, c.a.n, c.b.n, rule.alpha)
        needed = None
        if 0.0 < p1 < 1.0 and 0.0 < p2 < 1.0:
            needed = _core.n_proportions(p1, p2, rule.alpha, rule.power)
        return power, needed
    sd_a, sd_b = c.a.sd, c.b.sd
    power = _core.power_means(delta, sd_a, sd_b, c.a.n_effective, c.b.n_effective, rule.alpha)
    needed = None
    if c.kind == "means":
        needed = _core.n_means(delta, sd_a, sd_b, rule.alpha, rule.power)
    return power, needed


def _numbers(c, rule, effect, power, needed, bayes) -> list[Message]:
    out = [
        Message(
            "difference_interval",
            {
                "estimate": c.difference.estimate,
                "lower": c.difference.lower,
                "upper": c.difference.upper,
                "level": c.difference.level,
            },
        )
    ]
    if c.relative is not None:
        out.append(
            Message(
                "relative_interval",
                {
                    "estimate": c.relative.estimate,
                    "lower": c.relative.lower,
                    "upper": c.relative.upper,
                    "level": c.relative.level,
                },
            )
        )
    out.append(Message("p_value", {"p_value": c.p_value, "alpha": rule.alpha, "test": c.test}))
    out.append(
        Message(
            "power",
            {
                "power": power,
                "planned_power": rule.power,
                "minimum": _bounds(effect, rule)["minimum"],
                "scale": rule.scale,
                "n_per_arm": min(c.a.n, c.b.n),
                "needed_n_per_arm": needed,
            },
        )
    )
    out.append(
        Message(
            "chance_to_win",
            {
                "probability": bayes.chance_to_win,
                "expected_loss_ship": bayes.expected_loss_ship,
                "expected_loss_keep": bayes.expected_loss_keep,
            },
        )
    )
    return out


def _caveats(c: Comparison, rule: DecisionRule) -> list[Message]:
    out: list[Message] = []
    n = min(c.a.n, c.b.n)
    if rule.planned_n_per_arm is not None and n < rule.planned_n_per_arm:
        out.append(
            Message(
                "stopped_before_planned_sample",
                {"n_per_arm": n, "planned_n_per_arm": rule.planned_n_per_arm},
            )
        )
    if c.kind == "proportions":
        assert c.a.conversions is not None and c.b.conversions is not None
        cells = (
            c.a.conversions,
            c.a.n - c.a.conversions,
            c.b.conversions,
            c.b.n - c.b.conversions,
        )
        if min(cells) < MIN_COUNT_PER_CELL:
            out.append(
                Message(
                    "normal_approximation_doubtful",
                    {"smallest": min(cells), "minimum": MIN_COUNT_PER_CELL},
                )
            )
    elif c.kind == "means" and n < MIN_N_FOR_MEANS:
        out.append(Message("small_samples_normality_assumed", {"n": n}))
    if c.kind == "before_after":
        out.append(Message("no_control_group", {}))
        ac = c.autocorrelation
        assert ac is not None
        if ac.adjusted:
            out.append(
                Message(
                    "autocorrelation_adjusted",
                    {
                        "rho_before": ac.rho_before,
                        "rho_after": ac.rho_after,
                        "n_effective_before": c.a.n_effective,
                        "n_effective_after": c.b.n_effective,
                    },
                )
            )
        elif any(r is not None and r > 0 for r in (ac.rho_before, ac.rho_after)):
            out.append(
                Message(
                    "autocorrelation_not_adjusted",
                    {"rho_before": ac.rho_before, "rho_after": ac.rho_after},
                )
            )
        if ac.floored:
            out.append(Message("strong_autocorrelation", {}))
        if ac.rho_before is None or ac.rho_after is None:
            out.append(Message("autocorrelation_not_checked", {"minimum": 10}))
    return out


# -- validation ------------------------------------------------------------------------------


def _rule_iv(rule: DecisionRule) -> dict[str, Any]:
    """Every field of a rule checked; returns the normalised values (floats, a tuple)."""
    p = Problems()
    out: dict[str, Any] = {}
    choice(p, "direction", rule.direction, DIRECTIONS)
    out["minimum_effect"] = number(p, "minimum_effect", rule.minimum_effect)
    if out["minimum_effect"] is not None and out["minimum_effect"] <= 0:
        p.add(
            "minimum_effect",
            "not_positive",
            "The minimum effect must be greater than zero; its sign comes from the direction.",
            value=out["minimum_effect"],
        )
    choice(p, "scale", rule.scale, SCALES)
    out["alpha"] = unit(p, "alpha", rule.alpha)
    out["power"] = unit(p, "power", rule.power)
    choice(p, "criterion", rule.criterion, CRITERIA)
    if rule.planned_n_per_arm is not None:
        out["planned_n_per_arm"] = count(p, "planned_n_per_arm", rule.planned_n_per_arm, minimum=1)
    split = rule.planned_split
    if isinstance(split, (str, bytes)) or not hasattr(split, "__len__") or len(split) != 2:
        p.add(
            "planned_split", "wrong_type", "The planned split needs two shares (A, B).",
            expected="pair",
        )  # fmt: skip
    else:
        shares = []
        for i, value in enumerate(split):
            w = number(p, f"planned_split[{i}]", value)
            if w is not None and w <= 0:
                p.add(
                    f"planned_split[{i}]", "not_positive",
                    f"Every planned share must be greater than zero (got {w:g}).", value=w,
                )  # fmt: skip
            shares.append(w)
        out["planned_split"] = tuple(shares)
    out["srm_threshold"] = unit(p, "srm_threshold", rule.srm_threshold)
    p.raise_if_any()
    return out


def _decide_iv(*, rule: DecisionRule, comparison: Comparison) -> None:
    problems: list[Problem] = []
    if not isinstance(rule, DecisionRule):
        problems.append(
            Problem("rule", "wrong_type", "rule must be a DecisionRule.", {"expected": "rule"})
        )
    if not isinstance(comparison, Comparison):
        problems.append(
            Problem(
                "comparison", "wrong_type", "comparison must come from a compare_… function.",
                {"expected": "comparison"},
            )
        )  # fmt: skip
    if problems:
        raise StatsInputError(problems)
    if not math.isclose(rule.alpha, comparison.alpha, rel_tol=0, abs_tol=1e-12):
        problems.append(
            Problem(
                "alpha", "alpha_mismatch",
                f"The comparison was computed at α = {comparison.alpha:g}, the rule uses "
                f"α = {rule.alpha:g}; compute it with alpha=rule.alpha.",
                {"rule": rule.alpha, "comparison": comparison.alpha},
            )
        )  # fmt: skip
    if rule.scale == "relative" and comparison.relative is None:
        problems.append(
            Problem(
                "scale", "relative_undefined",
                "No relative interval can be computed for these data (A's value must be "
                f"above zero, it is {comparison.a.mean:g}, and B must vary); use an absolute "
                "minimum effect.",
                {"value": comparison.a.mean},
            )
        )  # fmt: skip
    if problems:
        raise StatsInputError(problems)
