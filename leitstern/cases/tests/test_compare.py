"""Cases side by side: the page and the API read through the access lookups, answer bad
choices by field, and show the numbers of one joint simulation (common random numbers)."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.cases import comparison, services
from leitstern.cases.tests.factory import make_case, make_line

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pair(world):
    build = make_case(world, name="Build it ourselves", trials=2000)
    buy = make_case(world, name="Buy a service", trials=2000)
    # Buying adds a licence on top of the same template: it can only cost more.
    make_line(
        buy, world.owner, name="Vendor licence", values={"amount": {"lower": 2000, "upper": 5000}}
    )
    buy.refresh_from_db()
    return build, buy


def test_the_page_shows_both_cases_and_the_chance_that_one_beats_the_other(world):
    build, buy = _pair(world)
    url = f"/w/{world.workspace.slug}/cases/compare/?case={build.pk}&case={buy.pk}"
    page = _client(world.viewer).get(url).content.decode()
    assert "Build it ourselves" in page and "Buy a service" in page
    assert "Chance of the higher NPV" in page
    assert "NPV of “Build it ourselves” minus NPV of “Buy a service”" in page
    compared = comparison.compare([build, buy])
    pair = next(p for p in compared.pairs if p.first == build)
    # Same draws for the shared inputs and an extra cost: building wins in every future
    # where the licence costs anything, and never loses.
    assert pair.probability_first_better == pytest.approx(1 - pair.probability_equal)
    assert pair.probability_first_better > 0.5
    reverse = next(p for p in compared.pairs if p.first == buy)
    assert reverse.probability_first_better == 0
    assert pair.difference["percentiles"]["5"] >= 0
    # The same cases and assumptions give the same numbers.
    again = comparison.compare([build, buy])
    assert again.pairs[0].probability_first_better == compared.pairs[0].probability_first_better


def test_the_page_speaks_german_with_german_numbers(world):
    build, buy = _pair(world)
    world.viewer.language = "de"
    world.viewer.save()
    url = f"/w/{world.workspace.slug}/cases/compare/?case={build.pk}&case={buy.pk}"
    page = _client(world.viewer).get(url).content.decode()
    assert "Business Cases vergleichen" in page
    assert "Chance auf den höheren Kapitalwert" in page
    mean = comparison.compare([build, buy]).options[0].npv["mean"]
    assert f"{round(mean):,}".replace(",", ".") in page


def test_bad_choices_are_answered_by_field_and_nothing_is_simulated(world):
    build, _buy = _pair(world)
    other = make_case(world, name="In dollars", trials=2000)
    services.case_update(actor=world.owner, case=other, currency="USD", why="US market")
    client = _client(world.viewer)
    base = f"/w/{world.workspace.slug}/cases/compare/"
    one = client.get(f"{base}?case={build.pk}").content.decode()
    assert "Chance of the higher NPV" not in one  # one case: the form, preselected
    both = client.get(f"{base}?case={build.pk}&case={other.pk}").content.decode()
    assert "different currencies (EUR, USD)" in both
    twice = client.get(f"{base}?case={build.pk}&case={build.pk}").content.decode()
    assert "Choose each case only once." in twice
    foreign = make_case_elsewhere(world)
    elsewhere = client.get(f"{base}?case={build.pk}&case={foreign.pk}").content.decode()
    assert "is not one of the available choices" in elsewhere
    assert client.get(f"{base}?case={build.pk}&case=abc").status_code == 200


def make_case_elsewhere(world):
    from leitstern.cases.services import case_create

    return case_create(
        actor=world.outsider, workspace=world.other_workspace, name="Theirs", template="blank"
    )


def test_the_api_compares_and_refuses_bad_input_with_json_errors(world):
    build, buy = _pair(world)
    client = _client(world.viewer)
    base = f"/api/v1/workspaces/{world.workspace.slug}/cases/{build.pk}/comparison"
    answer = client.get(f"{base}?case={buy.pk}")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert [o["case_id"] for o in data["options"]] == [build.pk, buy.pk]
    first = next(p for p in data["pairs"] if p["first_id"] == build.pk)
    assert first["probability_first_better"] > 0.5
    assert data["trials"] == 2000 and data["currency"] == "EUR"

    # None named: the workspace's other cases in the same currency.
    assert [o["case_id"] for o in client.get(base).json()["options"]] == [build.pk, buy.pk]
    twice = client.get(f"{base}?case={buy.pk}&case={buy.pk}")
    assert twice.status_code == 422
    assert twice.json()["errors"] == [{"field": "case", "reason": "Choose each case only once."}]
    too_many = client.get(base + "?" + "&".join(f"case={buy.pk}" for _ in range(6)))
    assert too_many.status_code == 422
    foreign = make_case_elsewhere(world)
    assert client.get(f"{base}?case={foreign.pk}").status_code == 404
    assert _client(world.outsider).get(f"{base}?case={buy.pk}").status_code == 404
    theirs = f"/api/v1/workspaces/{world.other_workspace.slug}/cases/{foreign.pk}/comparison"
    lonely = _client(world.outsider).get(theirs)
    assert lonely.status_code == 422
    assert lonely.json()["errors"] == [
        {"field": "case", "reason": "Choose 2 to 6 cases to compare."}
    ]
