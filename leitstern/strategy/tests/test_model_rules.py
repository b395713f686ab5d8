"""Rules about one cycle, objective or key result, kept on the model and used by services,
selectors, forms and templates alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leitstern.strategy import scoring, selectors, services
from leitstern.strategy.models import CheckIn, Cycle, KeyResult, Objective
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_key_result,
    make_metric,
    make_objective,
    make_past_cycle,
)
from leitstern.workspaces.models import ROLE_LEVEL, Membership, Need, roles_reaching

CLOSED = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


def _cycle(*, closed: bool = False) -> Cycle:
    return Cycle(
        name="Q1 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        closed_at=CLOSED if closed else None,
    )


def _key_result(*, closed: bool = False, kind: str = "committed", **fields) -> KeyResult:
    objective = Objective(cycle=_cycle(closed=closed), kind=kind, title="Delight shoppers")
    fields.setdefault("target", 20.0)
    return KeyResult(objective=objective, title="Repeat purchases", **fields)


def _check_in(week: date, value: float | None, confidence: int = 5) -> CheckIn:
    return CheckIn(week=week, value=value, confidence=confidence)


# --- cycles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "closed", "running"),
    [
        (date(2026, 2, 10), False, True),
        (date(2026, 1, 1), False, True),  # its first day
        (date(2026, 3, 31), False, True),  # its last day
        (date(2025, 12, 31), False, False),  # not started yet
        (date(2026, 4, 1), False, False),  # over, though not closed yet
        (date(2026, 2, 10), True, False),  # closed early
    ],
)
def test_a_cycle_runs_while_open_and_within_its_dates(today, closed, running):
    assert _cycle(closed=closed).is_running(today) is running


@pytest.mark.django_db
def test_running_key_results_are_those_of_running_cycles(world):
    today = timezone.localdate()
    now = make_cycle(world.workspace, world.owner)
    past = make_past_cycle(world.workspace, world.owner)
    closed = make_cycle(world.workspace, world.owner)
    krs = [
        make_key_result(make_objective(cycle, world.owner, kind="aspirational"), world.owner)
        for cycle in (now, past, closed)
    ]
    services.cycle_close(actor=world.owner, cycle=closed)
    assert [kr.objective.cycle.is_running(today) for kr in krs] == [True, False, False]
    # The list form answers the same as the rule on one cycle.
    assert list(KeyResult.objects.running(today)) == [krs[0]]
    assert selectors.current_cycle(world.workspace, today=today) == now


# --- objectives -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "score", "meets", "postmortem"),
    [
        ("committed", 1.0, True, False),
        ("committed", 0.95, True, False),  # shown as 1.0
        ("committed", 0.94, False, True),  # shown as 0.9
        ("committed", None, None, True),  # no key results: nothing reached
        ("aspirational", 0.65, True, False),  # shown as 0.7, what is expected
        ("aspirational", 0.6, False, False),  # missed, but a stretch needs no post-mortem
        ("aspirational", None, None, False),
    ],
)
def test_an_objective_is_judged_on_its_score_as_shown(kind, score, meets, postmortem):
    objective = Objective(kind=kind)
    assert objective.meets_expectation(score) is meets
    assert objective.needs_postmortem(score) is postmortem


def test_only_aspirational_objectives_are_carried_forward():
    assert Objective(kind="aspirational").may_carry_forward
    assert not Objective(kind="committed").may_carry_forward


def test_an_objective_scores_the_mean_until_its_cycle_closes():
    running = Objective(cycle=_cycle(), final_score=0.1)
    assert running.score_from([0.2, 0.6]) == pytest.approx(0.4)
    assert running.score_from([]) is None
    closed = Objective(cycle=_cycle(closed=True), final_score=0.1)
    assert closed.score_from([0.2, 0.6]) == 0.1


def test_a_closed_cycles_objective_changes_only_its_review():
    open_one = Objective(cycle=_cycle())
    open_one.ensure_changeable(["title", "owner", "learnings"])
    closed = Objective(cycle=_cycle(closed=True))
    closed.ensure_changeable(["learnings", "postmortem"])
    closed.ensure_changeable([])
    with pytest.raises(ValidationError, match="closed"):
        closed.ensure_changeable(["title"])
    with pytest.raises(ValidationError, match="closed"):
        closed.ensure_changeable(["postmortem", "kind"])


@pytest.mark.django_db
def test_closing_asks_a_post_mortem_exactly_where_the_objective_says_so(world):
    cycle = make_past_cycle(world.workspace, world.owner)
    almost = make_objective(cycle, world.owner, kind="committed")
    make_key_result(almost, world.owner, baseline=0.0, target=100.0, current=95.0)
    missed = make_objective(cycle, world.owner, kind="committed")
    make_key_result(missed, world.owner, baseline=0.0, target=100.0, current=94.0)
    with pytest.raises(ValidationError) as refusal:
        services.cycle_close(actor=world.owner, cycle=cycle)
    (message,) = refusal.value.message_dict["postmortem"]
    assert missed.title in message and almost.title not in message
    assert not almost.needs_postmortem(0.95) and missed.needs_postmortem(0.94)


# --- key results ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "current", "reached"),
    [
        ("higher", 20.0, True),
        ("higher", 25.0, True),
        ("higher", 19.9, False),
        ("lower", 20.0, True),
        ("lower", 12.0, True),
        ("lower", 20.1, False),
        ("higher", None, False),
    ],
)
def test_a_key_result_reached_its_target_in_its_direction(direction, current, reached):
    kr = _key_result(direction=direction, current=current, target=20.0)
    assert kr.is_reached is reached


def test_a_closed_cycles_key_result_is_judged_on_its_frozen_value():
    kr = _key_result(closed=True, current=25.0, final_value=15.0, target=20.0)
    assert kr.has_final_value and kr.current_value == 15.0
    assert not kr.is_reached
    # Without a value at the close, nothing was frozen: it reads its value as before.
    unset = _key_result(closed=True, current=25.0, final_value=None, target=20.0)
    assert not unset.has_final_value and unset.is_reached


@pytest.mark.django_db
def test_a_key_result_following_a_metric_reaches_its_target_with_the_metric(world):
    metric = make_metric(world.product, world.owner)
    cycle = make_cycle(world.workspace, world.owner)
    kr = make_key_result(make_objective(cycle, world.owner), world.owner, metric=metric)
    assert not kr.is_reached
    services.metric_value_set(actor=world.owner, metric=metric, day=cycle.starts_on, value=20)
    assert kr.is_reached


def test_a_trend_runs_from_the_baseline_through_the_check_ins_while_the_cycle_runs():
    kr = _key_result(baseline=10.0, target=20.0)
    cycle = kr.objective.cycle
    check_ins = [_check_in(date(2026, 1, 12), 12.0), _check_in(date(2026, 1, 19), None)]
    during = kr.projection(check_ins, today=date(2026, 1, 20))
    expected = scoring.project(
        [(cycle.starts_on, 10.0), (date(2026, 1, 12), 12.0)],
        end=cycle.ends_on,
        baseline=10.0,
        target=20.0,
        direction="higher",
    )
    assert during == expected and during.points == 2
    assert kr.projection(check_ins, today=date(2026, 4, 1)) is None  # over
    closed = _key_result(closed=True, baseline=10.0, target=20.0)
    assert closed.projection(check_ins, today=date(2026, 1, 20)) is None


def test_a_key_result_is_at_risk_only_while_its_cycle_is_open():
    falling = [_check_in(date(2026, 1, 12), 12.0, 7), _check_in(date(2026, 1, 19), 13.0, 2)]
    kr = _key_result(baseline=10.0, target=20.0)
    assert kr.risks(falling, None) == [scoring.Risk.CONFIDENCE_DROP, scoring.Risk.LOW_CONFIDENCE]
    behind = scoring.Projection(value=15.0, score=0.5, points=3)
    assert scoring.Risk.BEHIND_TREND in kr.risks(falling, behind)
    stretch = _key_result(kind="aspirational", baseline=10.0, target=20.0)
    assert scoring.Risk.BEHIND_TREND not in stretch.risks(falling, behind)
    assert _key_result(closed=True, baseline=10.0, target=20.0).risks(falling, behind) == []


@pytest.mark.django_db
def test_who_checks_in_is_the_same_for_one_key_result_and_for_a_list(world):
    cycle = make_cycle(world.workspace, world.owner)
    mine = make_objective(cycle, world.editor)
    own = make_key_result(mine, world.owner)  # no owner: the objective's owner checks in
    delegated = make_key_result(mine, world.owner, owner=world.contributor)
    elsewhere = make_key_result(make_objective(cycle, world.owner), world.owner)
    krs = [own, delegated, elsewhere]
    for user in (world.editor, world.contributor, world.owner):
        by_rule = [kr for kr in krs if kr.responsible == user]
        assert list(KeyResult.objects.checked_in_by(user).order_by("pk")) == by_rule
    assert [kr.responsible for kr in krs] == [world.editor, world.contributor, world.owner]


# --- roles ------------------------------------------------------------------------------


@pytest.mark.parametrize("need", list(Need))
def test_roles_reaching_a_need_are_those_whose_members_can(need):
    assert sorted(roles_reaching(need)) == sorted(
        role for role in ROLE_LEVEL if Membership(role=role).can(need)
    )


def test_only_members_who_can_check_in_may_own_okrs():
    assert sorted(roles_reaching(Need.CONTRIBUTE)) == ["contributor", "editor", "owner"]
