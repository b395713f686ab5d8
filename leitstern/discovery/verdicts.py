"""Between the models and the statistics engine (``leitstern.engines.stats``).

The pages take rates in percent and relative effects in percent of the baseline; the
engine takes fractions. This module turns a hypothesis into the engine's ``DecisionRule``
and sample size, an experiment's results into a ``Comparison``, and both into a verdict. It
never computes statistics itself, and it never clips: what the engine refuses comes back
as ``(field, message)`` pairs on the model's own fields (``wording.problem_text``).

Units of a hypothesis' minimum effect: relative effects are percent of A's value; an
absolute effect is in percentage points when the experiment's results are counts (the
engine compares rates as fractions), and in the metric's own unit otherwise (averages,
before/after values)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from leitstern.discovery import wording
from leitstern.discovery.results import BEFORE_AFTER_FIELDS, COUNT_FIELDS, MEAN_FIELDS
from leitstern.engines import stats
from leitstern.engines.stats import StatsInputError

if TYPE_CHECKING:
    from leitstern.discovery.models import Experiment, Hypothesis

# The engine's argument names for a hypothesis' fields.
HYPOTHESIS_FIELDS = {
    "baseline": "baseline",
    "target": "target",
    "mde": "minimum_effect",
    "minimum_effect": "minimum_effect",
    "relative": "effect_scale",
    "scale": "effect_scale",
    "sd": "sd",
    "sd_b": "sd",
    "weekly_traffic": "weekly_traffic",
    "alpha": "alpha",
    "power": "power",
    "direction": "direction",
    "criterion": "criterion",
    "planned_n_per_arm": "weekly_traffic",
}
# … and for an experiment's results.
EXPERIMENT_FIELDS = {
    **{name: name for name in ("conversions_a", "visitors_a", "conversions_b", "visitors_b")},
    **{name: name for name in ("mean_a", "sd_a", "n_a", "mean_b", "sd_b", "n_b")},
    "before": "before_from",
    "after": "after_to",
    "planned_split[0]": "share_b",
    "planned_split[1]": "share_b",
    "planned_split": "share_b",
}


def _problems(
    error: StatsInputError, fields: dict[str, str], default: str, *, kind: str
) -> list[tuple[str, str]]:
    out = []
    for problem in error.problems:
        field = fields.get(problem.field, default)
        out.append((field, wording.problem_text(problem, field=field, kind=kind)))
    return _unique(out)


def _unique(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, out = set(), []
    for pair in pairs:
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


# --- hypotheses ------------------------------------------------------------------------


def _fraction(value: float | None) -> float | None:
    return None if value is None else value / 100.0


def minimum_effect(h: Hypothesis) -> tuple[float | None, str]:
    """The minimum effect as entered, or the distance from baseline to target when it was
    left empty; with its scale."""
    if h.minimum_effect is not None:
        return h.minimum_effect, h.effect_scale
    if h.baseline is not None and h.target is not None and h.target != h.baseline:
        return abs(h.target - h.baseline), "absolute"
    return None, h.effect_scale


def has_rule(h: Hypothesis) -> bool:
    """Whether the hypothesis says enough to be judged by statistics."""
    return minimum_effect(h)[0] is not None


def engine_rule(
    h: Hypothesis,
    *,
    result_kind: str = "counts",
    planned_split: tuple[float, float] = (50.0, 50.0),
) -> stats.DecisionRule:
    """The hypothesis' decision rule in the engine's units for results of ``result_kind``
    (and the experiment's planned split, for the sample-ratio check). Raises
    ``StatsInputError`` for an impossible rule, ``ValueError`` without one."""
    effect, scale = minimum_effect(h)
    if effect is None:
        raise ValueError("The hypothesis has no minimum effect and no baseline and target.")
    if scale == "relative" or result_kind == "counts":
        effect = effect / 100.0
    return stats.DecisionRule(
        direction=h.direction,
        minimum_effect=effect,
        scale=scale,
        alpha=h.alpha,
        power=h.power,
        criterion=h.criterion,
        planned_n_per_arm=h.planned_n_per_arm,
        planned_split=planned_split,
    )


def sample_size(h: Hypothesis) -> stats.SampleSize | None:
    """Units per group (and weeks at the weekly traffic) the hypothesis' test needs, or
    ``None`` when it does not say enough (a rate needs its baseline; an average its
    standard deviation). Raises ``StatsInputError`` for impossible numbers."""
    effect, scale = minimum_effect(h)
    if effect is None:
        return None
    relative = scale == "relative"
    if h.metric_kind == "rate":
        if h.baseline is None:
            return None
        mde = effect / 100.0
        return stats.sample_size_proportions(
            baseline=h.baseline / 100.0,
            mde=mde if h.direction == "higher" else -mde,
            relative=relative,
            alpha=h.alpha,
            power=h.power,
            weekly_traffic=h.weekly_traffic,
        )
    if h.sd is None or (relative and h.baseline is None):
        return None
    mde = effect / 100.0 if relative else effect
    return stats.sample_size_means(
        sd=h.sd,
        baseline=h.baseline,
        mde=mde if h.direction == "higher" else -mde,
        relative=relative,
        alpha=h.alpha,
        power=h.power,
        weekly_traffic=h.weekly_traffic,
    )


def rule_problems(h: Hypothesis) -> list[tuple[str, str]]:
    """Everything wrong with a hypothesis' numbers, on its fields (empty when fine)."""
    out: list[tuple[str, str]] = []
    kind = h.metric_kind
    for field in ("baseline", "target"):
        value = getattr(h, field)
        if kind == "rate" and value is not None and not 0 < value < 100:
            out.append((field, wording.field_text("rate_range")))
    if h.baseline is not None and h.target is not None:
        if h.target == h.baseline:
            out.append(("target", wording.field_text("target_equals_baseline")))
        elif h.direction == "higher" and h.target < h.baseline:
            out.append(("target", wording.field_text("target_below_baseline")))
        elif h.direction == "lower" and h.target > h.baseline:
            out.append(("target", wording.field_text("target_above_baseline")))
    if h.minimum_effect is not None and h.minimum_effect <= 0:
        out.append(("minimum_effect", wording.field_text("minimum_effect_positive")))
    if h.effect_scale == "relative" and h.minimum_effect is not None and h.baseline is None:
        out.append(("baseline", wording.field_text("relative_needs_baseline")))
    if h.sd is not None and h.sd <= 0:
        out.append(("sd", wording.field_text("sd_positive")))
    if h.weekly_traffic is not None and h.weekly_traffic <= 0:
        out.append(("weekly_traffic", wording.field_text("traffic_positive")))
    for field in ("alpha", "power"):
        value = getattr(h, field)
        if value is None or not 0 < value < 1:
            out.append((field, wording.field_text("unit_interval")))
    if out:
        return _unique(out)
    # The engine has the last word on everything the simple checks above let through.
    try:
        if has_rule(h):
            engine_rule(h)
        sample_size(h)
    except StatsInputError as error:
        out.extend(_problems(error, HYPOTHESIS_FIELDS, "minimum_effect", kind=kind))
    return _unique(out)


# --- experiments -----------------------------------------------------------------------

STATISTICAL = ("counts", "means", "before_after")


def _given(e: Experiment, names: Iterable[str]) -> list[str]:
    return [name for name in names if getattr(e, name) not in (None, "")]


def _group(e: Experiment) -> list[str]:
    return {
        "counts": COUNT_FIELDS,
        "means": MEAN_FIELDS,
        "before_after": [
            name + ("_id" if name == "result_metric" else "") for name in BEFORE_AFTER_FIELDS
        ],
        "judgement": ["judgement"],
    }[e.result_kind]


def has_results(e: Experiment) -> bool:
    """Whether every number of the experiment's result kind is entered."""
    group = _group(e)
    return len(_given(e, group)) == len(group)


def before_after_values(e: Experiment) -> tuple[list[float], list[float]]:
    """The result metric's values before the change day and from it to ``after_to``, in
    day order."""
    from leitstern.strategy.models import MetricValue

    rows = MetricValue.objects.filter(
        metric_id=e.result_metric_id, day__gte=e.before_from, day__lte=e.after_to
    ).order_by("day")
    before, after = [], []
    for day, value in rows.values_list("day", "value"):
        (before if day < e.change_on else after).append(value)
    return before, after


def comparison(e: Experiment, *, alpha: float = 0.05) -> stats.Comparison:
    """The comparison of the experiment's results at ``alpha``; ``StatsInputError`` when the
    engine refuses them, ``ValueError`` when they are incomplete or not statistical."""
    if e.result_kind not in STATISTICAL or not has_results(e):
        raise ValueError("The experiment has no complete statistical results.")
    if e.result_kind == "counts":
        return stats.compare_proportions(
            conversions_a=e.conversions_a,
            visitors_a=e.visitors_a,
            conversions_b=e.conversions_b,
            visitors_b=e.visitors_b,
            alpha=alpha,
        )
    if e.result_kind == "means":
        return stats.compare_means(
            mean_a=e.mean_a, sd_a=e.sd_a, n_a=e.n_a, mean_b=e.mean_b, sd_b=e.sd_b, n_b=e.n_b,
            alpha=alpha,
        )  # fmt: skip
    before, after = before_after_values(e)
    return stats.compare_before_after(before=before, after=after, alpha=alpha)


def result_problems(e: Experiment) -> list[tuple[str, str]]:
    """Everything wrong with an experiment's results, on its fields (empty when fine)."""
    out: list[tuple[str, str]] = []
    if e.share_b is None or not 0 < e.share_b < 100:
        out.append(("share_b", wording.field_text("share_range")))
    if e.result_kind == "before_after":
        if e.before_from and e.change_on and e.change_on <= e.before_from:
            out.append(("change_on", wording.field_text("change_after_start")))
        if e.change_on and e.after_to and e.after_to < e.change_on:
            out.append(("after_to", wording.field_text("after_not_before_change")))
    group = _group(e)
    given = _given(e, group)
    if given and len(given) < len(group) and e.result_kind != "judgement":
        for name in group:
            if name not in given:
                out.append((name.removesuffix("_id"), wording.field_text("result_missing")))
    if out or not has_results(e) or e.result_kind not in STATISTICAL:
        return _unique(out)
    try:
        comparison(e)
        if e.result_kind != "before_after":
            stats.srm_check(observed=(_size(e, "a"), _size(e, "b")), planned=e.planned_split)
    except StatsInputError as error:
        default = "after_to" if e.result_kind == "before_after" else group[-1]
        out.extend(_problems(error, EXPERIMENT_FIELDS, default, kind=e.result_kind))
    return _unique(out)


def _size(e: Experiment, arm: str) -> int:
    return getattr(e, ("visitors_" if e.result_kind == "counts" else "n_") + arm)


def decide(e: Experiment, h: Hypothesis) -> stats.Verdict:
    """The engine's verdict on hypothesis ``h`` from experiment ``e``'s results: the
    comparison at the rule's α, the sample-ratio check against the planned split."""
    rule = engine_rule(h, result_kind=e.result_kind, planned_split=e.planned_split)
    return stats.decide(rule=rule, comparison=comparison(e, alpha=rule.alpha))


# What each outcome means for the hypothesis.
HYPOTHESIS_STATUS = {
    "met": "validated",
    "refuted": "invalidated",
    "inconclusive": "inconclusive",
    "invalid": "inconclusive",
    "judged_validated": "validated",
    "judged_invalidated": "invalidated",
    "judged_inconclusive": "inconclusive",
}
