"""Between hypotheses and experiments and the statistics engine: units, field messages for
impossible numbers (never clipped), and verdicts equal to the engine's own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from leitstern.discovery import services, verdicts
from leitstern.discovery.models import Experiment, Hypothesis
from leitstern.discovery.tests.factory import (
    make_experiment,
    make_hypothesis,
    make_results,
)
from leitstern.engines import stats
from leitstern.strategy.services import metric_values_record
from leitstern.strategy.tests.factory import make_metric

pytestmark = pytest.mark.django_db


def _hypothesis(**fields) -> Hypothesis:
    values = {"metric_kind": "rate", "direction": "higher", "alpha": 0.05, "power": 0.8}
    values.update(fields)
    return Hypothesis(**values)


def test_ten_to_eleven_and_a_half_percent_needs_6693_per_group():
    size = verdicts.sample_size(_hypothesis(baseline=10, target=11.5))
    assert size.n_per_arm == 6693


def test_a_relative_minimum_effect_in_percent_gives_the_same_size():
    size = verdicts.sample_size(
        _hypothesis(baseline=10, minimum_effect=15, effect_scale="relative", weekly_traffic=4000)
    )
    assert (size.n_per_arm, size.weeks) == (6693, 4)


def test_a_lower_is_better_rate_is_sized_downwards():
    down = verdicts.sample_size(_hypothesis(baseline=11.5, target=10, direction="lower"))
    assert down.target == pytest.approx(0.10)
    assert down.n_per_arm == 6693


def test_an_average_needs_its_standard_deviation():
    assert verdicts.sample_size(_hypothesis(metric_kind="mean", baseline=50, target=55)) is None
    size = verdicts.sample_size(_hypothesis(metric_kind="mean", baseline=50, target=55, sd=10))
    assert size.n_per_arm == 64  # half a standard deviation, G*Power's answer


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"baseline": 10, "target": 10}, "target"),
        ({"baseline": 120, "target": 130}, "baseline"),
        ({"baseline": 10, "target": 0}, "target"),
        ({"baseline": 10, "target": 12, "direction": "lower"}, "target"),
        ({"metric_kind": "mean", "baseline": 5, "target": 6, "sd": 0}, "sd"),
        ({"metric_kind": "mean", "baseline": 5, "target": 6, "sd": -2}, "sd"),
        ({"baseline": 10, "minimum_effect": -1}, "minimum_effect"),
        ({"baseline": 10, "target": 11, "alpha": 1.5}, "alpha"),
        ({"baseline": 10, "target": 11, "power": 0}, "power"),
        ({"baseline": 10, "target": 11, "weekly_traffic": -100}, "weekly_traffic"),
        ({"baseline": 95, "minimum_effect": 10}, "minimum_effect"),
        ({"minimum_effect": 10, "effect_scale": "relative"}, "baseline"),
    ],
)
def test_impossible_rules_are_refused_on_their_field(fields, field):
    problems = dict(verdicts.rule_problems(_hypothesis(**fields)))
    assert field in problems, problems
    assert problems[field]


def test_a_rule_without_numbers_is_no_rule_and_no_problem():
    h = _hypothesis(statement="Shoppers want it")
    assert verdicts.rule_problems(h) == []
    assert not verdicts.has_rule(h)


def test_the_minimum_effect_defaults_to_the_distance_from_baseline_to_target():
    assert verdicts.minimum_effect(_hypothesis(baseline=61, target=64)) == (3, "absolute")
    rule = verdicts.engine_rule(_hypothesis(baseline=61, target=64))
    assert rule.minimum_effect == pytest.approx(0.03)  # points → a fraction for counts
    means = verdicts.engine_rule(_hypothesis(baseline=61, target=64), result_kind="means")
    assert means.minimum_effect == 3  # the metric's own unit


def test_saving_a_hypothesis_with_baseline_equal_to_target_names_the_target(world):
    with pytest.raises(ValidationError) as refused:
        services.hypothesis_create(
            actor=world.owner, product=world.product, statement="x", baseline=10, target=10
        )
    assert "target" in refused.value.message_dict
    assert not Hypothesis.objects.exists()


@pytest.mark.parametrize(
    "counts,field",
    [
        ({"conversions_a": 1200, "visitors_a": 1000}, "conversions_a"),
        ({"conversions_b": 900, "visitors_b": 800}, "conversions_b"),
        ({"visitors_a": -5, "conversions_a": 0}, "visitors_a"),
        ({"conversions_b": -1}, "conversions_b"),
    ],
)
def test_impossible_counts_get_a_field_message_and_nothing_is_saved(world, counts, field):
    experiment = make_experiment(world)
    values = {"conversions_a": 100, "visitors_a": 1000, "conversions_b": 120, "visitors_b": 1000}
    values.update(counts)
    with pytest.raises(ValidationError) as refused:
        services.experiment_update(actor=world.owner, experiment=experiment, **values)
    assert field in refused.value.message_dict
    stored = Experiment.objects.get(pk=experiment.pk)
    assert (stored.visitors_a, stored.conversions_a, stored.status) == (None, None, "planned")


def test_conversions_above_visitors_say_both_numbers(world):
    experiment = make_experiment(world)
    with pytest.raises(ValidationError) as refused:
        services.experiment_update(
            actor=world.owner, experiment=experiment, conversions_a=1200, visitors_a=1000,
            conversions_b=10, visitors_b=1000,
        )  # fmt: skip
    (message,) = refused.value.message_dict["conversions_a"]
    assert "1,200" in message and "1,000" in message


@pytest.mark.parametrize(
    "means,field",
    [
        ({"sd_a": 0}, "sd_a"),
        ({"sd_b": -3}, "sd_b"),
        ({"n_a": -10}, "n_a"),
        ({"n_b": 1}, "n_b"),
    ],
)
def test_impossible_averages_get_a_field_message(world, means, field):
    experiment = make_experiment(world, result_kind="means")
    values = {"mean_a": 50, "sd_a": 10, "n_a": 200, "mean_b": 52, "sd_b": 10, "n_b": 200}
    values.update(means)
    with pytest.raises(ValidationError) as refused:
        services.experiment_update(actor=world.owner, experiment=experiment, **values)
    assert field in refused.value.message_dict


def test_half_entered_results_ask_for_the_rest(world):
    experiment = make_experiment(world)
    with pytest.raises(ValidationError) as refused:
        services.experiment_update(
            actor=world.owner, experiment=experiment, conversions_a=10, visitors_a=100
        )
    assert {"conversions_b", "visitors_b"} <= set(refused.value.message_dict)


def test_a_planned_split_outside_0_and_100_is_refused(world):
    experiment = make_experiment(world)
    with pytest.raises(ValidationError) as refused:
        services.experiment_update(actor=world.owner, experiment=experiment, share_b=100)
    assert "share_b" in refused.value.message_dict


def test_the_verdict_is_the_engines_own(world):
    experiment = make_results(world, conversions_a=700, visitors_a=7000, conversions_b=812,
                              visitors_b=7012)  # fmt: skip
    (hypothesis,) = experiment.hypotheses.all()
    ours = verdicts.decide(experiment, hypothesis)
    rule = stats.DecisionRule(
        direction="higher", minimum_effect=0.15, scale="relative",
        planned_n_per_arm=hypothesis.planned_n_per_arm, planned_split=(50, 50),
    )  # fmt: skip
    theirs = stats.decide(
        rule=rule,
        comparison=stats.compare_proportions(
            conversions_a=700, visitors_a=7000, conversions_b=812, visitors_b=7012
        ),
    )
    assert ours.as_dict() == theirs.as_dict()
    assert ours.outcome == "met"


def test_an_uneven_planned_split_is_what_the_sample_ratio_check_expects(world):
    experiment = make_experiment(world, share_b=20)
    experiment = services.experiment_update(
        actor=world.owner, experiment=experiment, conversions_a=800, visitors_a=8000,
        conversions_b=220, visitors_b=2000,
    )  # fmt: skip
    (hypothesis,) = experiment.hypotheses.all()
    verdict = verdicts.decide(experiment, hypothesis)
    assert verdict.srm is not None and not verdict.srm.mismatch
    assert verdict.rule.planned_split == (80.0, 20.0)


def test_before_and_after_read_the_metrics_values_around_the_change(world):
    metric = make_metric(world.product, world.owner, "Checkout conversion")
    start = date(2026, 1, 1)
    metric_values_record(
        actor=world.owner,
        metric=metric,
        values=[
            (start + timedelta(days=d), 60.0 + (d % 3) + (2 if d >= 30 else 0), "")
            for d in range(60)
        ],
    )
    hypothesis = make_hypothesis(world, metric_kind="mean", baseline=61, target=63,
                                 minimum_effect=1, effect_scale="absolute")  # fmt: skip
    experiment = make_experiment(world, hypothesis=hypothesis, kind="data_analysis")
    experiment = services.experiment_update(
        actor=world.owner, experiment=experiment, result_metric=metric, before_from=start,
        change_on=start + timedelta(days=30), after_to=start + timedelta(days=59),
    )  # fmt: skip
    before, after = verdicts.before_after_values(experiment)
    assert (len(before), len(after)) == (30, 30)
    verdict = verdicts.decide(experiment, hypothesis)
    assert verdict.comparison.kind == "before_after"
    assert verdict.comparison.difference.estimate == pytest.approx(2.0)
    assert "no_control_group" in verdict.codes


def test_a_before_after_period_without_values_is_refused_on_a_field(world):
    metric = make_metric(world.product, world.owner, "Empty metric")
    experiment = make_experiment(world, kind="data_analysis")
    with pytest.raises(ValidationError) as refused:
        services.experiment_update(
            actor=world.owner, experiment=experiment, result_metric=metric,
            before_from=date(2026, 1, 1), change_on=date(2026, 2, 1), after_to=date(2026, 3, 1),
        )  # fmt: skip
    assert set(refused.value.message_dict) & {"before_from", "after_to"}
