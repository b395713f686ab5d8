from __future__ import annotations

import inspect
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leitstern.activity.models import ActivityEntry
from leitstern.products.tests.factory import make_product
from leitstern.strategy import services
from leitstern.strategy.models import CheckIn, MetricValue, Objective
from leitstern.strategy.periods import week_of
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_key_result,
    make_metric,
    make_objective,
    make_past_cycle,
)

pytestmark = pytest.mark.django_db


def test_a_product_has_only_one_north_star(world):
    make_metric(world.product, world.owner, role="north_star")
    with pytest.raises(ValidationError, match="already has a North Star"):
        make_metric(world.product, world.owner, role="north_star")


def test_an_input_metric_names_its_kind(world):
    with pytest.raises(ValidationError) as error:
        make_metric(world.product, world.owner, role="input")
    assert "input_kind" in error.value.error_dict


def test_values_are_stored_all_or_nothing_and_replace_a_day(world):
    metric = make_metric(world.product, world.owner)
    day = date(2026, 1, 5)
    services.metric_values_record(actor=world.owner, metric=metric, values=[(day, 1.0, "")])
    with pytest.raises(ValidationError):
        services.metric_values_record(
            actor=world.owner,
            metric=metric,
            values=[(day, 5.0, ""), (day + timedelta(1), float("nan"), "")],
        )
    assert list(metric.values.values_list("value", flat=True)) == [1.0]
    services.metric_values_record(actor=world.owner, metric=metric, values=[(day, 2.0, "fix")])
    assert list(metric.values.values_list("value", "note")) == [(2.0, "fix")]


def test_a_key_result_bound_to_a_metric_follows_its_data(world):
    metric = make_metric(world.product, world.owner)
    cycle = make_cycle(world.workspace, world.owner)
    kr = make_key_result(make_objective(cycle, world.owner), world.owner, metric=metric)
    assert kr.current_value is None
    services.metric_value_set(actor=world.owner, metric=metric, day=cycle.starts_on, value=15)
    assert kr.current_value == 15
    assert kr.score == pytest.approx(0.5)


def test_a_check_in_on_a_bound_key_result_adds_to_the_metric(world):
    metric = make_metric(world.product, world.owner)
    cycle = make_cycle(world.workspace, world.owner)
    kr = make_key_result(make_objective(cycle, world.owner), world.owner, metric=metric)
    check_in = services.check_in_record(
        actor=world.contributor, key_result=kr, confidence=6, value=18
    )
    assert check_in.week == week_of(timezone.localdate())
    assert MetricValue.objects.get(metric=metric).source == "check_in"
    assert kr.current_value == 18
    again = services.check_in_record(actor=world.contributor, key_result=kr, confidence=4)
    assert again.pk == check_in.pk and again.value == 18 and again.confidence == 4
    assert CheckIn.objects.count() == 1


def test_a_check_in_without_metric_updates_the_key_result(world):
    kr = make_key_result(
        make_objective(make_cycle(world.workspace, world.owner), world.owner), world.owner
    )
    services.check_in_record(actor=world.owner, key_result=kr, confidence=7, value=12)
    kr.refresh_from_db()
    assert kr.current == 12 and kr.score == pytest.approx(0.2)


def test_the_target_must_lie_in_the_chosen_direction(world):
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    with pytest.raises(ValidationError) as error:
        make_key_result(objective, world.owner, baseline=10, target=5, direction="higher")
    assert "target" in error.value.error_dict


def test_owners_must_be_members(world):
    cycle = make_cycle(world.workspace, world.owner)
    with pytest.raises(ValidationError) as error:
        make_objective(cycle, world.owner, owner=world.outsider)
    assert "owner" in error.value.error_dict


def test_a_product_of_another_workspace_is_refused(world):
    elsewhere = make_product(world.other_workspace, world.outsider)
    with pytest.raises(ValidationError):
        make_objective(make_cycle(world.workspace, world.owner), world.owner, product=elsewhere)


def test_an_objective_cannot_contribute_to_its_own_child(world):
    cycle = make_cycle(world.workspace, world.owner)
    parent = make_objective(cycle, world.owner)
    child = make_objective(cycle, world.owner, parent=parent)
    with pytest.raises(ValidationError):
        services.objective_update(actor=world.owner, objective=parent, parent=child)


def test_closing_needs_a_post_mortem_for_a_committed_objective_below_one(world):
    cycle = make_past_cycle(world.workspace, world.owner)
    committed = make_objective(cycle, world.owner, kind="committed")
    kr = make_key_result(committed, world.owner, current=15)
    with pytest.raises(ValidationError, match="post-mortem"):
        services.cycle_close(actor=world.owner, cycle=cycle)
    cycle.refresh_from_db()
    assert not cycle.is_closed
    services.cycle_close(
        actor=world.owner,
        cycle=cycle,
        learnings={committed.pk: "Slow start."},
        postmortems={committed.pk: "Hiring took longer."},
    )
    cycle.refresh_from_db()
    committed.refresh_from_db()
    kr.refresh_from_db()
    assert cycle.is_closed
    assert committed.final_score == pytest.approx(0.5) and committed.learnings == "Slow start."
    assert (kr.final_value, kr.final_score) == (15, 0.5)


def test_a_closed_cycle_stays_as_it_was(world):
    cycle = make_past_cycle(world.workspace, world.owner)
    objective = make_objective(cycle, world.owner, kind="aspirational")
    kr = make_key_result(objective, world.owner, current=20)
    services.cycle_close(actor=world.owner, cycle=cycle)
    with pytest.raises(ValidationError, match="closed"):
        services.key_result_update(actor=world.owner, key_result=kr, current=11)
    with pytest.raises(ValidationError, match="closed"):
        services.check_in_record(actor=world.owner, key_result=kr, confidence=3)
    # Learnings can still be written afterwards.
    services.objective_update(actor=world.owner, objective=objective, learnings="Later insight")
    kr.refresh_from_db()
    assert kr.score == 1.0


def test_aspirational_objectives_are_carried_forward_from_where_they_ended(world):
    past = make_past_cycle(world.workspace, world.owner)
    aspirational = make_objective(past, world.owner, kind="aspirational")
    make_key_result(aspirational, world.owner, title="Raise it from 10 to 20", current=14)
    make_key_result(aspirational, world.owner, title="Reach 20 shops", current=25)
    services.cycle_close(actor=world.owner, cycle=past, carry_forward=[aspirational.pk])
    copy = Objective.objects.get(carried_from=aspirational)
    assert copy.cycle.starts_on == past.ends_on + timedelta(days=1)
    (kr,) = copy.key_results.all()  # the achieved one is not carried
    # The title still says "from 10 to 20", so the baseline stays 10; the value it ended
    # with carries over, and the score continues from there instead of restarting at 0.
    assert (kr.title, kr.baseline, kr.target, kr.current) == ("Raise it from 10 to 20", 10, 20, 14)
    assert kr.score == pytest.approx(0.4)


def test_a_carried_key_result_of_a_metric_keeps_its_baseline_and_follows_the_metric(world):
    metric = make_metric(world.product, world.owner)
    past = make_past_cycle(world.workspace, world.owner)
    aspirational = make_objective(past, world.owner, kind="aspirational")
    make_key_result(aspirational, world.owner, metric=metric, baseline=22, target=30)
    services.metric_value_set(actor=world.owner, metric=metric, day=past.ends_on, value=25)
    services.cycle_close(actor=world.owner, cycle=past, carry_forward=[aspirational.pk])
    (kr,) = Objective.objects.get(carried_from=aspirational).key_results.all()
    assert (kr.baseline, kr.target, kr.current_value) == (22, 30, 25)
    assert kr.score == pytest.approx(3 / 8)


def test_committed_objectives_cannot_be_carried_by_closing(world):
    past = make_past_cycle(world.workspace, world.owner)
    committed = make_objective(past, world.owner, kind="committed")
    with pytest.raises(ValidationError):
        services.cycle_close(
            actor=world.owner,
            cycle=past,
            postmortems={committed.pk: "x"},
            carry_forward=[committed.pk],
        )


def test_writes_are_logged(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kr = make_key_result(
            make_objective(make_cycle(world.workspace, world.owner), world.owner), world.owner
        )
        services.check_in_record(actor=world.editor, key_result=kr, confidence=5, comment="ok")
    kinds = set(ActivityEntry.objects.values_list("kind", flat=True))
    assert {
        "strategy.cycle.created",
        "strategy.objective.created",
        "strategy.key_result.created",
        "strategy.check_in",
    } <= kinds


def _keys(changes) -> set[str]:
    return set(changes.__required_keys__ | changes.__optional_keys__)


def test_the_update_services_take_every_field_their_forms_edit():
    from leitstern.strategy.forms import (
        CycleForm,
        KeyResultForm,
        MetricForm,
        ObjectiveForm,
        ReviewForm,
    )
    from leitstern.strategy.models import KeyResult, Metric

    assert _keys(services.MetricChanges) == set(Metric.EDITABLE_FIELDS)
    assert _keys(services.MetricChanges) == set(MetricForm.edit_fields)
    assert _keys(services.MetricDefinition) == set(Metric.EDITABLE_FIELDS) - {"name"}
    review = set(Objective.REVIEW_FIELDS)
    assert _keys(services.ObjectiveChanges) == set(Objective.EDITABLE_FIELDS) | review
    assert set(ObjectiveForm.edit_fields) | set(ReviewForm.edit_fields) == _keys(
        services.ObjectiveChanges
    )
    assert _keys(services.KeyResultChanges) == set(KeyResult.EDITABLE_FIELDS)
    assert set(KeyResultForm.edit_fields) == _keys(services.KeyResultChanges)
    cycle_update = inspect.signature(services.cycle_update).parameters
    assert set(CycleForm.edit_fields) <= set(cycle_update)


def test_every_field_of_a_patch_reaches_its_service():
    from leitstern.strategy.schemas import KeyResultPatch, MetricPatch, ObjectivePatch

    log_only = {"note", "version"}
    by_id = {"owner_id": "owner", "product_id": "product", "team_id": "team"}
    assert set(MetricPatch.model_fields) - log_only <= _keys(services.MetricChanges)
    objective = {by_id.get(name, name) for name in ObjectivePatch.model_fields} - log_only
    assert objective <= _keys(services.ObjectiveChanges)
    assert set(KeyResultPatch.model_fields) - log_only <= _keys(services.KeyResultChanges)
