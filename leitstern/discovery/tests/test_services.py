"""The rules of discovery's writes: pre-registered decision rules, verdicts that update
hypotheses and opportunities, proposals, moves, merges, deletes, scores and sessions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leitstern.activity.models import ActivityEntry
from leitstern.discovery import services
from leitstern.discovery.models import (
    DiscoverySettings,
    Hypothesis,
    Opportunity,
    Score,
    Solution,
    Verdict,
)
from leitstern.discovery.tests.factory import (
    closed_experiment,
    make_experiment,
    make_hypothesis,
    make_opportunity,
    make_outcome,
    make_results,
    make_session,
    make_solution,
)

pytestmark = pytest.mark.django_db

CARD = {"believed": "b", "observed": "o", "learned": "l", "next_step": "n"}


def test_a_hypothesis_keeps_the_size_its_test_needs(world):
    hypothesis = make_hypothesis(world)
    assert hypothesis.planned_n_per_arm == 6693
    services.hypothesis_update(actor=world.owner, hypothesis=hypothesis, minimum_effect=30.0)
    hypothesis.refresh_from_db()
    assert hypothesis.planned_n_per_arm < 6693


def test_an_experiment_with_results_starts_and_fixes_the_rule(world):
    hypothesis = make_hypothesis(world)
    experiment = make_results(world, make_experiment(world, hypothesis))
    hypothesis.refresh_from_db()
    assert experiment.status == "running"
    assert hypothesis.rule_is_fixed and hypothesis.status == "testing"


def test_a_fixed_rule_cannot_change_but_the_words_can(world):
    hypothesis = make_hypothesis(world)
    services.experiment_start(actor=world.owner, experiment=make_experiment(world, hypothesis))
    hypothesis.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.hypothesis_update(actor=world.owner, hypothesis=hypothesis, target=13.0)
    assert "target" in refused.value.message_dict
    assert Hypothesis.objects.get(pk=hypothesis.pk).target == 11.5
    services.hypothesis_update(actor=world.owner, hypothesis=hypothesis, audience="mobile shoppers")
    assert Hypothesis.objects.get(pk=hypothesis.pk).audience == "mobile shoppers"


def test_a_statistical_test_needs_a_rule_before_it_starts(world):
    vague = services.hypothesis_create(
        actor=world.owner, product=world.product, statement="Shoppers like it"
    )
    experiment = make_experiment(world, vague)
    with pytest.raises(ValidationError) as refused:
        services.experiment_start(actor=world.owner, experiment=experiment)
    assert "hypotheses" in refused.value.message_dict
    vague.refresh_from_db()
    assert not vague.rule_is_fixed


def test_closing_needs_the_whole_learning_card_and_results(world):
    experiment = make_experiment(world)
    with pytest.raises(ValidationError) as refused:
        services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    assert "__all__" in refused.value.message_dict
    experiment = make_results(world, experiment)
    with pytest.raises(ValidationError) as refused:
        services.experiment_close(
            actor=world.owner, experiment=experiment, **{**CARD, "learned": "  "}
        )
    assert list(refused.value.message_dict) == ["learned"]
    assert not Verdict.objects.exists()


def test_a_clear_win_validates_the_hypothesis_and_its_opportunity(world):
    opportunity = make_opportunity(world, make_outcome(world))
    hypothesis = make_hypothesis(world, make_solution(world, opportunity))
    experiment = make_results(world, make_experiment(world, hypothesis))
    services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    (verdict,) = Verdict.objects.all()
    assert (verdict.outcome, verdict.reason) == ("met", "met_interval_excludes_zero")
    assert verdict.data["comparison"]["a"]["conversions"] == 700
    hypothesis.refresh_from_db()
    opportunity.refresh_from_db()
    assert hypothesis.status == "validated"
    assert opportunity.stage == "validated"
    experiment.refresh_from_db()
    assert experiment.is_closed and experiment.learned == "l"
    assert ActivityEntry.objects.filter(kind="discovery.experiment.closed").count() == 1


def test_a_clear_loss_invalidates_and_an_opportunity_with_only_losses_follows(world):
    opportunity = make_opportunity(world)
    hypothesis = make_hypothesis(world, make_solution(world, opportunity))
    experiment = make_results(
        world, make_experiment(world, hypothesis),
        conversions_a=1400, visitors_a=14000, conversions_b=1250, visitors_b=14000,
    )  # fmt: skip
    services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    hypothesis.refresh_from_db()
    opportunity.refresh_from_db()
    assert hypothesis.status == "invalidated"
    assert Verdict.objects.get().reason == "refuted_opposite_direction"
    assert opportunity.stage == "invalidated"


def test_an_open_bet_keeps_the_opportunity_where_the_team_put_it(world):
    opportunity = make_opportunity(world, stage="now")
    solution = make_solution(world, opportunity)
    make_hypothesis(world, solution)  # still open
    hypothesis = make_hypothesis(world, solution)
    experiment = make_results(
        world, make_experiment(world, hypothesis),
        conversions_a=1400, visitors_a=14000, conversions_b=1250, visitors_b=14000,
    )  # fmt: skip
    services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    opportunity.refresh_from_db()
    assert opportunity.stage == "now"


def test_a_sample_ratio_mismatch_makes_the_verdict_invalid(world):
    hypothesis = make_hypothesis(world)
    experiment = make_results(
        world, make_experiment(world, hypothesis),
        conversions_a=800, visitors_a=8000, conversions_b=1000, visitors_b=9000,
    )  # fmt: skip
    services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    verdict = Verdict.objects.get()
    assert (verdict.outcome, verdict.reason) == ("invalid", "sample_ratio_mismatch")
    hypothesis.refresh_from_db()
    assert hypothesis.status == "inconclusive"


def test_an_underpowered_test_is_inconclusive_and_says_so(world):
    experiment = make_results(
        world, conversions_a=50, visitors_a=500, conversions_b=58, visitors_b=500
    )
    services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    verdict = Verdict.objects.get()
    assert (verdict.outcome, verdict.reason) == ("inconclusive", "inconclusive_underpowered")
    codes = [m["code"] for m in verdict.data["messages"]]
    assert "stopped_before_planned_sample" in codes


def test_a_judged_experiment_records_the_teams_judgement(world):
    hypothesis = services.hypothesis_create(
        actor=world.owner, product=world.product, statement="Merchants want weekly guidance"
    )
    experiment = make_experiment(world, hypothesis, kind="interviews")
    assert experiment.result_kind == "judgement"
    services.experiment_update(actor=world.owner, experiment=experiment, judgement="validated")
    services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    verdict = Verdict.objects.get()
    assert verdict.outcome == "judged_validated" and verdict.is_judgement
    hypothesis.refresh_from_db()
    assert hypothesis.status == "validated"


def test_a_closed_experiment_no_longer_changes(world):
    experiment = closed_experiment(world)
    with pytest.raises(ValidationError):
        services.experiment_update(actor=world.owner, experiment=experiment, visitors_a=1)
    with pytest.raises(ValidationError):
        services.experiment_delete(actor=world.owner, obj=experiment)
    again = services.experiment_close(actor=world.owner, experiment=experiment, **CARD)
    assert again.pk == experiment.pk and Verdict.objects.count() == 1


def test_a_started_experiments_hypotheses_are_fixed(world):
    experiment = make_results(world)
    other = make_hypothesis(world)
    with pytest.raises(ValidationError) as refused:
        services.experiment_update(actor=world.owner, experiment=experiment, hypotheses=[other])
    assert "hypotheses" in refused.value.message_dict


def test_an_experiment_tests_only_hypotheses_of_its_product(world):
    from leitstern.testing import make_product

    elsewhere = make_product(world.workspace, world.owner, "Checkout")
    foreign = services.hypothesis_create(actor=world.owner, product=elsewhere, statement="x")
    with pytest.raises(ValidationError):
        services.experiment_create(
            actor=world.owner, product=world.product, title="t", hypotheses=[foreign]
        )


# --- tree -----------------------------------------------------------------------------


def test_a_contributors_proposal_waits_for_an_editor(world):
    proposal = services.opportunity_propose(
        actor=world.contributor, product=world.product, title="Delivery dates are vague"
    )
    assert proposal.review == "proposed"
    services.opportunity_decide(actor=world.editor, opportunity=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.review == "accepted"
    with pytest.raises(ValidationError):
        services.opportunity_decide(actor=world.editor, opportunity=proposal, accept=False)


def test_declining_a_proposal_moves_what_is_below_it_up(world):
    parent = make_opportunity(world)
    proposal = services.opportunity_propose(
        actor=world.contributor, product=world.product, title="Vague", parent=parent
    )
    child = make_opportunity(world, parent=proposal)
    services.opportunity_decide(actor=world.editor, opportunity=proposal, accept=False)
    child.refresh_from_db()
    assert child.parent_id == parent.pk
    assert not Opportunity.objects.in_tree().filter(pk=proposal.pk).exists()


def test_moving_an_opportunity_to_another_tree_moves_everything_below_it(world):
    first, second = make_outcome(world), make_outcome(world)
    top = make_opportunity(world, first)
    middle = make_opportunity(world, first, parent=top)
    leaf = make_opportunity(world, first, parent=middle)
    services.opportunity_update(actor=world.owner, opportunity=middle, outcome=second)
    for o in (middle, leaf):
        o.refresh_from_db()
    assert (middle.outcome_id, middle.parent_id) == (second.pk, None)
    assert (leaf.outcome_id, leaf.parent_id) == (second.pk, middle.pk)


def test_an_opportunity_cannot_become_part_of_itself(world):
    outcome = make_outcome(world)
    top = make_opportunity(world, outcome)
    below = make_opportunity(world, outcome, parent=top)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_update(actor=world.owner, opportunity=top, parent=below)
    assert "parent" in refused.value.message_dict


def test_tested_work_cannot_be_deleted(world):
    opportunity = make_opportunity(world)
    solution = make_solution(world, opportunity)
    hypothesis = make_hypothesis(world, solution)
    services.experiment_start(actor=world.owner, experiment=make_experiment(world, hypothesis))
    for delete, obj in [
        (services.hypothesis_delete, hypothesis),
        (services.solution_delete, solution),
        (services.opportunity_delete, opportunity),
    ]:
        obj.refresh_from_db()
        with pytest.raises(ValidationError):
            delete(actor=world.owner, obj=obj)
    assert Hypothesis.objects.filter(pk=hypothesis.pk).exists()


def test_deleting_an_opportunity_lifts_its_children(world):
    top = make_opportunity(world)
    middle = make_opportunity(world, parent=top)
    leaf = make_opportunity(world, parent=middle)
    services.opportunity_delete(actor=world.owner, obj=middle)
    leaf.refresh_from_db()
    assert leaf.parent_id == top.pk


def test_deleting_an_outcome_keeps_its_opportunities_unplaced(world):
    outcome = make_outcome(world)
    opportunity = make_opportunity(world, outcome)
    services.outcome_delete(actor=world.owner, obj=outcome)
    opportunity.refresh_from_db()
    assert opportunity.outcome_id is None


def test_merging_solutions_keeps_the_hypotheses(world):
    opportunity = make_opportunity(world)
    keep = make_solution(world, opportunity, title="Delivery promise")
    duplicate = make_solution(world, opportunity, title="Promise a delivery date", description="X")
    hypothesis = make_hypothesis(world, duplicate)
    services.solution_merge(actor=world.owner, source=duplicate, target=keep)
    hypothesis.refresh_from_db()
    keep.refresh_from_db()
    assert hypothesis.solution_id == keep.pk
    assert "Promise a delivery date" in keep.description
    assert not Solution.objects.filter(pk=duplicate.pk).exists()


def test_merging_opportunities_moves_solutions_and_children(world):
    outcome = make_outcome(world)
    keep = make_opportunity(world, outcome)
    duplicate = make_opportunity(world, outcome)
    child = make_opportunity(world, outcome, parent=duplicate)
    solution = make_solution(world, duplicate)
    services.opportunity_merge(actor=world.owner, source=duplicate, target=keep)
    child.refresh_from_db()
    solution.refresh_from_db()
    assert child.parent_id == keep.pk and solution.opportunity_id == keep.pk
    with pytest.raises(ValidationError):
        services.opportunity_merge(actor=world.owner, source=keep, target=child)


# --- scores and settings ------------------------------------------------------------------


def test_scoring_an_unscored_item_with_nothing_writes_nothing(world):
    solution = make_solution(world)
    assert services.score_set(actor=world.owner, item=solution) is None
    assert not Score.objects.exists()


def test_an_overridden_confidence_needs_a_reason(world):
    solution = make_solution(world)
    with pytest.raises(ValidationError) as refused:
        services.score_set(actor=world.owner, item=solution, reach=100, confidence=90)
    assert "confidence_reason" in refused.value.message_dict
    score = services.score_set(
        actor=world.owner, item=solution, reach=100, confidence=90, confidence_reason="Pilot data"
    )
    assert score.confidence == 90


def test_a_zero_effort_is_refused_because_the_score_divides_by_it(world):
    with pytest.raises(ValidationError) as refused:
        services.score_set(actor=world.owner, item=make_solution(world), reach=10, effort=0)
    assert "effort" in refused.value.message_dict


def test_settings_are_written_only_when_they_differ_from_the_defaults(world):
    services.settings_update(actor=world.owner, product=world.product, scoring_method="rice")
    assert not DiscoverySettings.objects.exists()
    services.settings_update(actor=world.owner, product=world.product, scoring_method="wsjf")
    assert DiscoverySettings.objects.get().scoring_method == "wsjf"


def test_viewers_do_not_score_in_sessions(world):
    session = make_session(world)
    (solution,) = session.solutions.all()
    with pytest.raises(ValidationError):
        services.vote_record(
            actor=world.viewer, session=session, solution=solution, reach=1, impact=1, effort=1
        )


def test_closing_a_session_can_apply_the_medians(world):
    session = make_session(world)
    (solution,) = session.solutions.all()
    for user, reach in [(world.owner, 100), (world.editor, 300), (world.contributor, 1000)]:
        services.vote_record(
            actor=user, session=session, solution=solution, reach=reach, impact=2, effort=4
        )
    services.vote_record(
        actor=world.owner, session=session, solution=solution, reach=200, impact=2, effort=4
    )  # a second vote replaces the first
    services.session_close(actor=world.owner, session=session, apply_medians=True)
    score = Score.objects.get(solution=solution)
    assert (score.reach, score.impact, score.effort) == (300, 2, 4)
    with pytest.raises(ValidationError):
        services.vote_record(
            actor=world.editor, session=session, solution=solution, reach=1, impact=1, effort=1
        )


def test_a_vote_missing_an_input_of_the_method_is_refused(world):
    session = make_session(world)
    (solution,) = session.solutions.all()
    with pytest.raises(ValidationError) as refused:
        services.vote_record(actor=world.owner, session=session, solution=solution, reach=5)
    assert {"impact", "effort"} <= set(refused.value.message_dict)


def test_a_score_saved_unchanged_keeps_who_scored_it_and_its_version(world):
    solution = make_solution(world)
    score = services.score_set(actor=world.owner, item=solution, reach=100, impact=1, effort=2)
    version = score.version
    again = services.score_set(actor=world.editor, item=solution, reach=100, impact=1, effort=2)
    again.refresh_from_db()
    assert (again.scored_by, again.version) == (world.owner, version)
    changed = services.score_set(actor=world.editor, item=solution, reach=200)
    changed.refresh_from_db()
    assert (changed.scored_by, changed.reach) == (world.editor, 200)
