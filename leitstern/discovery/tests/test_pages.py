"""Discovery pages: what they show to whom, field messages for impossible numbers, German,
and the tree's query count."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leitstern.discovery import services
from leitstern.discovery.models import Experiment, Hypothesis, Opportunity
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


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world, name: str, **kwargs) -> str:
    return reverse(f"discovery:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def populate(world, opportunities: int = 2, solutions: int = 2):
    outcome = make_outcome(world)
    for n in range(opportunities):
        top = make_opportunity(world, outcome, title=f"Need {n}")
        below = make_opportunity(world, outcome, parent=top, title=f"Smaller need {n}")
        for s in range(solutions):
            solution = make_solution(world, below, title=f"Idea {n}.{s}")
            make_hypothesis(world, solution)
    return outcome


def test_every_page_renders_for_the_owner(world):
    outcome = populate(world)
    experiment = closed_experiment(world)
    running = make_results(world)
    session = make_session(world)
    opportunity = Opportunity.objects.filter(outcome=outcome).first()
    solution = opportunity.children.first().solutions.first()
    hypothesis = Hypothesis.objects.filter(solution=solution).first()
    client = client_for(world.owner)
    pages = [
        url(world, "index"),
        url(world, "product", product_id=world.product.pk),
        url(world, "settings_edit", product_id=world.product.pk),
        url(world, "outcome", pk=outcome.pk),
        url(world, "outcome_edit", pk=outcome.pk),
        url(world, "outcome_new", product_id=world.product.pk),
        url(world, "unplaced", product_id=world.product.pk),
        url(world, "opportunity", pk=opportunity.pk),
        url(world, "opportunity_edit", pk=opportunity.pk),
        url(world, "opportunity_new", product_id=world.product.pk),
        url(world, "opportunity_merge", pk=opportunity.pk),
        url(world, "opportunity_score_edit", pk=opportunity.pk),
        url(world, "solution", pk=solution.pk),
        url(world, "solution_new", pk=opportunity.pk),
        url(world, "solution_edit", pk=solution.pk),
        url(world, "solution_score_edit", pk=solution.pk),
        url(world, "hypothesis", pk=hypothesis.pk),
        url(world, "hypothesis_new", product_id=world.product.pk) + f"?solution={solution.pk}",
        url(world, "hypothesis_edit", pk=hypothesis.pk),
        url(world, "assumptions", product_id=world.product.pk),
        url(world, "experiments", product_id=world.product.pk),
        url(world, "experiment_new", product_id=world.product.pk),
        url(world, "experiment", pk=experiment.pk),
        url(world, "experiment", pk=running.pk),
        url(world, "results_edit", pk=running.pk),
        url(world, "experiment_edit", pk=running.pk),
        url(world, "priorities", product_id=world.product.pk),
        url(world, "priorities", product_id=world.product.pk) + "?kind=opportunity&method=wsjf",
        url(world, "backlog", product_id=world.product.pk),
        url(world, "session", pk=session.pk),
        url(world, "session_new", product_id=world.product.pk),
        url(world, "session_edit", pk=session.pk),
        url(world, "sample_size"),
        url(world, "sample_size")
        + "?metric_kind=rate&baseline=10&target=11.5&alpha=0.05&power=0.8",
        url(world, "hints") + "?statement=We+launch+it&baseline=10",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page


def test_a_viewer_sees_no_edit_links(world):
    outcome = populate(world, opportunities=1)
    client = client_for(world.viewer)
    html = client.get(url(world, "outcome", pk=outcome.pk)).text
    assert "Add an opportunity" not in html and "Propose an opportunity" not in html
    opportunity = Opportunity.objects.filter(outcome=outcome).first()
    html = client.get(url(world, "opportunity", pk=opportunity.pk)).text
    assert "/edit/" not in html and "/delete/" not in html


def test_a_contributor_is_offered_to_propose(world):
    outcome = populate(world, opportunities=1)
    html = client_for(world.contributor).get(url(world, "outcome", pk=outcome.pk)).text
    assert "Propose an opportunity" in html and "Add an opportunity" not in html


def test_a_contributor_proposes_and_an_editor_accepts(world):
    response = client_for(world.contributor).post(
        url(world, "opportunity_new", product_id=world.product.pk),
        {"title": "I never know when my parcel arrives", "description": "", "outcome": ""},
    )
    assert response.status_code == 302
    proposal = Opportunity.objects.get()
    assert proposal.review == "proposed"
    client_for(world.editor).post(
        url(world, "opportunity_decide", pk=proposal.pk), {"decision": "accept"}
    )
    proposal.refresh_from_db()
    assert proposal.review == "accepted"


def test_the_tree_shows_the_nesting_and_the_verdicts(world):
    outcome = make_outcome(world)
    top = make_opportunity(world, outcome, title="Shoppers doubt delivery")
    below = make_opportunity(world, outcome, parent=top, title="Dates are vague")
    solution = make_solution(world, below, title="Promise a date")
    hypothesis = make_hypothesis(world, solution)
    experiment = make_results(world, make_experiment(world, hypothesis))
    services.experiment_close(
        actor=world.owner, experiment=experiment, believed="b", observed="o", learned="l",
        next_step="n",
    )  # fmt: skip
    html = client_for(world.viewer).get(url(world, "outcome", pk=outcome.pk)).text
    assert (
        html.index("Shoppers doubt delivery")
        < html.index("Dates are vague")
        < html.index("Promise a date")
    )
    assert html.count("<details open>") == 3  # three levels with something below them
    assert "validated" in html


@pytest.mark.parametrize("size", [1, 5])
def test_the_tree_page_keeps_its_query_count(world, size, django_assert_max_num_queries):
    outcome = populate(world, opportunities=size, solutions=size)
    client = client_for(world.owner)
    with django_assert_max_num_queries(20):
        response = client.get(url(world, "outcome", pk=outcome.pk))
    assert response.status_code == 200


def test_results_with_more_conversions_than_visitors_are_refused_on_the_form(world):
    experiment = make_experiment(world)
    page = url(world, "results_edit", pk=experiment.pk)
    response = client_for(world.owner).post(
        page,
        {
            "result_kind": "counts",
            "share_b": "50",
            "conversions_a": "1200",
            "visitors_a": "1000",
            "conversions_b": "100",
            "visitors_b": "1000",
        },
    )
    assert response.status_code == 200
    assert "More conversions (1,200) than visitors (1,000)" in response.text
    experiment.refresh_from_db()
    assert experiment.conversions_a is None


def test_a_negative_n_is_refused_with_a_message(world):
    experiment = make_experiment(world, result_kind="means")
    response = client_for(world.owner).post(
        url(world, "results_edit", pk=experiment.pk),
        {
            "result_kind": "means",
            "share_b": "50",
            "mean_a": "50",
            "sd_a": "10",
            "n_a": "-20",
            "mean_b": "52",
            "sd_b": "0",
            "n_b": "200",
        },
    )
    assert response.status_code == 200
    assert "A count cannot be negative." in response.text
    assert "A standard deviation must be greater than zero." in response.text


def test_a_baseline_equal_to_the_target_is_refused_on_the_form(world):
    response = client_for(world.owner).post(
        url(world, "hypothesis_new", product_id=world.product.pk),
        {
            "statement": "A promise helps",
            "metric_kind": "rate",
            "baseline": "10",
            "target": "10",
            "category": "desirability",
            "importance": "3",
            "evidence": "1",
            "direction": "higher",
            "effect_scale": "absolute",
            "alpha": "0.05",
            "power": "0.8",
            "criterion": "interval_excludes_zero",
        },
    )
    assert response.status_code == 200
    assert "The target equals the baseline" in response.text
    assert not Hypothesis.objects.exists()


def test_the_hypothesis_form_shows_the_sample_size_while_typing(world):
    response = client_for(world.owner).get(
        url(world, "hints")
        + "?metric_kind=rate&baseline=10&target=11.5&alpha=0.05&power=0.8&weekly_traffic=4000"
    )
    assert "6,693" in response.text
    assert "about 4 weeks" in response.text


def test_the_calculator_speaks_german(world):
    world.owner.language = "de"
    world.owner.save()
    response = client_for(world.owner).get(
        url(world, "sample_size") + "?metric_kind=rate&baseline=10&target=11,5&alpha=0,05&power=0,8"
    )
    assert "6.693" in response.text
    assert "Stichprobengröße" in response.text


def test_the_experiment_page_words_the_verdict_with_its_interval(world):
    experiment = make_results(world)
    html = client_for(world.viewer).get(url(world, "experiment", pk=experiment.pk)).text
    assert "The decision rule is met" in html
    assert "95% interval" in html
    assert "significant" not in html.lower()
    closed = closed_experiment(world)
    html = client_for(world.viewer).get(url(world, "experiment", pk=closed.pk)).text
    assert "We learned" in html and "Certainty sells." in html


def test_closing_through_the_page_stores_the_verdict(world):
    experiment = make_results(world)
    response = client_for(world.owner).post(
        url(world, "experiment_close", pk=experiment.pk),
        {"believed": "b", "observed": "o", "learned": "l", "next_step": "n"},
    )
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.is_closed and experiment.verdicts.count() == 1


def test_an_incomplete_learning_card_is_shown_again_with_messages(world):
    experiment = make_results(world)
    response = client_for(world.owner).post(
        url(world, "experiment_close", pk=experiment.pk),
        {"believed": "b", "observed": "", "learned": "l", "next_step": "n"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Experiment.objects.get(pk=experiment.pk).is_closed


def test_the_ranked_list_shows_the_formula(world):
    solution = make_solution(world, title="Delivery promise")
    services.score_set(actor=world.owner, item=solution, reach=2000, impact=2, effort=4)
    html = client_for(world.viewer).get(url(world, "priorities", product_id=world.product.pk)).text
    assert "2,000 × 2 × 20% ÷ 4 = 200" in html
    assert "no evidence yet" in html


def test_the_session_hides_others_until_one_has_scored(world):
    session = make_session(world)
    (solution,) = session.solutions.all()
    services.vote_record(
        actor=world.editor, session=session, solution=solution, reach=500, impact=1, effort=2
    )
    client = client_for(world.contributor)
    html = client.get(url(world, "session", pk=session.pk)).text
    assert "appear once you have scored every solution" in html
    prefix = f"s{solution.pk}-"
    response = client.post(
        url(world, "session", pk=session.pk),
        {prefix + "reach": "5000", prefix + "impact": "2", prefix + "effort": "2"},
    )
    assert response.status_code == 302
    html = client.get(url(world, "session", pk=session.pk)).text
    assert "talk about it" in html


def test_a_viewer_on_an_open_scoring_session_is_told_why_nothing_is_to_score(world):
    session = make_session(world)
    page = client_for(world.viewer).get(url(world, "session", pk=session.pk)).content.decode()
    assert "You can read this scoring session but not score in it" in page
    assert "Save my scores" not in page
    contributor = client_for(world.contributor).get(url(world, "session", pk=session.pk))
    assert "You can read this scoring session" not in contributor.content.decode()
