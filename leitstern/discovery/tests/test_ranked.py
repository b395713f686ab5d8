"""The ranked list and the tree as the pages render them in Python: the same rows,
formulas, overrides and counts a template would show, every text escaped, and a query count
that does not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitstern.discovery import services
from leitstern.discovery.tests.factory import (
    make_experiment,
    make_hypothesis,
    make_opportunity,
    make_outcome,
    make_results,
    make_solution,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ranked_url(world, query: str = "") -> str:
    page = reverse(
        "discovery:priorities",
        kwargs={"slug": world.workspace.slug, "product_id": world.product.pk},
    )
    return page + query


def scored(world, count: int) -> None:
    opportunity = make_opportunity(world)
    for n in range(count):
        solution = make_solution(world, opportunity, title=f"Idea {n}")
        services.score_set(
            actor=world.owner, item=solution, reach=100 * (n + 1), impact=1, effort=1
        )


def queries_of(client: Client, page: str) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(page).status_code == 200
    return len(seen)


@pytest.mark.parametrize("query", ["", "?kind=opportunity", "?method=wsjf"])
def test_the_ranked_list_costs_the_same_queries_for_more_rows(world, query):
    client = client_for(world.owner)
    scored(world, 2)
    client.get(ranked_url(world, query))  # the first request of a login saves its session
    few = queries_of(client, ranked_url(world, query))
    scored(world, 12)
    assert queries_of(client, ranked_url(world, query)) == few


def test_rows_come_best_first_with_their_rank_and_formula(world):
    scored(world, 3)
    html = client_for(world.viewer).get(ranked_url(world)).text
    assert html.index("Idea 2") < html.index("Idea 1") < html.index("Idea 0")
    assert '<td class="num">1</td>' in html and '<td class="num">3</td>' in html
    assert "300 × 1 × 20% ÷ 1 = 60" in html


def test_an_override_shows_its_escaped_reason_and_what_the_evidence_gives(world):
    solution = make_solution(world, title="Ship <b>fast</b>")
    services.score_set(
        actor=world.owner,
        item=solution,
        reach=10,
        impact=1,
        effort=1,
        confidence=65,
        confidence_reason="We <script>know</script>",
    )
    html = client_for(world.viewer).get(ranked_url(world)).text
    assert "Ship &lt;b&gt;fast&lt;/b&gt;" in html and "Ship <b>" not in html
    assert "overridden: We &lt;script&gt;know&lt;/script&gt;" in html
    assert "(evidence gives 20%)" in html
    assert "10 × 1 × 65% ÷ 1 = 6.5" in html


def test_an_item_missing_inputs_comes_last_without_a_rank(world):
    scored(world, 1)
    make_solution(world, title="Not scored yet")
    html = client_for(world.viewer).get(ranked_url(world)).text
    assert html.index("Idea 0") < html.index("Not scored yet")
    assert "missing: reach, impact, effort" in html
    assert '<td class="num">—</td>' in html


def test_a_validated_hypothesis_gives_full_confidence_in_the_row(world):
    solution = make_solution(world, title="Promise a date")
    experiment = make_results(world, make_experiment(world, make_hypothesis(world, solution)))
    services.experiment_close(
        actor=world.owner,
        experiment=experiment,
        believed="A promise helps.",
        observed="More shoppers paid.",
        learned="Certainty sells.",
        next_step="Ship it.",
    )
    assert experiment.hypotheses.get().status == "validated"
    services.score_set(actor=world.owner, item=solution, reach=10, impact=1, effort=1)
    html = client_for(world.viewer).get(ranked_url(world)).text
    assert "10 × 1 × 100% ÷ 1 = 10" in html
    assert "a hypothesis validated by an experiment" in html


def test_only_editors_get_the_score_links(world):
    scored(world, 1)
    link = "/score/"
    assert link not in client_for(world.viewer).get(ranked_url(world)).text
    assert link in client_for(world.editor).get(ranked_url(world)).text


def test_the_german_list_words_and_writes_numbers_in_german(world):
    scored(world, 12)
    world.viewer.language = "de"
    world.viewer.save()
    html = client_for(world.viewer).get(ranked_url(world)).text
    assert "1.200 × 1 × 20\u00a0% ÷ 1 = 240" in html
    assert "noch keine Belege" in html


def test_the_tree_counts_each_hypothesis_experiments(world):
    outcome = make_outcome(world)
    solution = make_solution(world, make_opportunity(world, outcome))
    tested = make_hypothesis(world, solution, statement="Tested twice")
    make_hypothesis(world, solution, statement="Never tested")
    make_experiment(world, tested)
    make_experiment(world, tested)
    page = reverse("discovery:outcome", kwargs={"slug": world.workspace.slug, "pk": outcome.pk})
    html = client_for(world.viewer).get(page).text
    tested_at = html.index("Tested twice")
    assert "2 experiments" in html[tested_at : html.index("</li>", tested_at)]
    untested_at = html.index("Never tested")
    assert "experiment" not in html[untested_at : html.index("</li>", untested_at)]
