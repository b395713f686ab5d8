"""Results flow back to strategy's pages through the kernel's contributions: the key
result's page, its objective's page and the check-in form show the bets and their verdicts,
while strategy imports nothing of discovery."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leitstern.discovery import services
from leitstern.discovery.tests.factory import make_hypothesis, make_opportunity, make_results
from leitstern.strategy.tests.factory import make_okr

pytestmark = pytest.mark.django_db


def _page(world, user, name: str, pk: int) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, kwargs={"slug": world.workspace.slug, "pk": pk}))
    assert response.status_code == 200
    return response.text


def _bet_with_verdict(world):
    key_result = make_okr(world)
    hypothesis = make_hypothesis(
        world, key_result=key_result, statement="A delivery promise lifts checkout conversion"
    )
    open_bet = make_hypothesis(
        world, key_result=key_result, statement="Express checkout lifts checkout conversion"
    )
    experiment = make_results(
        world,
        services.experiment_create(
            actor=world.owner, product=world.product, title="Promise test", hypotheses=[hypothesis]
        ),
    )
    services.experiment_close(
        actor=world.owner,
        experiment=experiment,
        believed="A promise helps.",
        observed="More shoppers paid.",
        learned="Certainty sells.",
        next_step="Ship it.",
    )
    return key_result, hypothesis, open_bet


def test_the_key_result_page_shows_its_bets_with_their_verdicts(world):
    key_result, hypothesis, _open_bet = _bet_with_verdict(world)
    html = _page(world, world.viewer, "strategy:key_result", key_result.pk)
    assert "Bets on this key result" in html
    assert "A delivery promise lifts checkout conversion" in html
    assert "Promise test" in html
    assert "The decision rule is met" in html  # the reason in words, not its code
    assert "met_interval_excludes_zero" not in html
    assert "Express checkout lifts checkout conversion" in html
    assert reverse("discovery:hypothesis", args=[world.workspace.slug, hypothesis.pk]) in html


def test_the_objective_page_lists_the_bets_under_each_key_result(world):
    key_result, _hypothesis, _open = _bet_with_verdict(world)
    html = _page(world, world.viewer, "strategy:objective", key_result.objective_id)
    assert "Bets on these key results" in html
    assert "A delivery promise lifts checkout conversion" in html


def test_the_check_in_form_shows_the_latest_verdicts_next_to_confidence(world):
    key_result, _hypothesis, _open = _bet_with_verdict(world)
    html = _page(world, world.contributor, "strategy:check_in", key_result.pk)
    confidence = html.index('name="confidence"')
    verdicts = html.index("Latest verdicts on this key result")
    assert confidence < verdicts < html.index('name="comment"')
    assert "A delivery promise lifts checkout conversion" in html[verdicts:]
    # An open bet has no verdict yet, so it is not among the latest verdicts.
    assert "Express checkout" not in html[verdicts : html.index('name="comment"')]


def test_a_key_result_without_bets_shows_no_panel(world):
    key_result = make_okr(world)
    assert "Bets on this key result" not in _page(
        world, world.viewer, "strategy:key_result", key_result.pk
    )


def test_many_bets_show_the_decided_first_and_count_the_rest(world):
    """A key result with many bets: its page shows the first 20 (decided first), its
    objective's page five, and both say how many there are in all — directly bound bets
    and bets through the tree's outcome alike."""
    from leitstern.discovery.tests.factory import make_outcome, make_solution

    key_result, _decided, _open = _bet_with_verdict(world)
    tree = make_solution(world, make_opportunity(world, make_outcome(world, key_result=key_result)))
    through_tree = make_hypothesis(world, tree, statement="Bet grown in the tree")
    for n in range(22):
        make_hypothesis(world, key_result=key_result, statement=f"Open bet number {n:02d}")
    # 2 + 1 + 22 bets on the key result; another key result's bet counts for neither.
    make_hypothesis(world, key_result=make_okr(world), statement="A bet elsewhere")

    html = _page(world, world.viewer, "strategy:key_result", key_result.pk)
    panel = html[html.index("Bets on this key result") :]
    assert "The 20 decided or most recently changed of 25 bets." in panel
    assert panel.count('href="/w/') >= 20
    assert panel.index("A delivery promise lifts") < panel.index("Open bet number 21")
    assert "Open bet number 21" in panel and "Open bet number 02" not in panel
    assert "A bet elsewhere" not in panel
    assert (
        reverse("discovery:outcome", args=[world.workspace.slug, tree.opportunity.outcome_id])
        in panel
    )
    assert through_tree.statement not in panel  # older than the twenty shown

    html = _page(world, world.viewer, "strategy:objective", key_result.objective_id)
    panel = html[html.index("Bets on these key results") :]
    assert "A delivery promise lifts" in panel
    assert "Open bet number 21" in panel and "Open bet number 17" not in panel
    assert "20 more bets on this key result" in panel
