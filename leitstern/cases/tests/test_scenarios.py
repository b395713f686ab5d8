"""Scenarios with one click: a conservative and an optimistic copy of a case, equal to it
except for the uncertain estimates moved to one half of their spread, made by editors only,
in one transaction with activity entries, and compared with the case."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, TestCase

from leitstern.activity.models import ActivityEntry
from leitstern.cases import scenarios
from leitstern.cases.models import BusinessCase, ComparisonRun
from leitstern.cases.tests.factory import make_actual, make_case, make_event, make_line

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(case: BusinessCase) -> dict:
    skip = {"id", "case_id"}
    return {
        "phases": [
            {k: v for k, v in row.items() if k not in skip}
            for row in case.phases.order_by("key").values()
        ],
        "events": [
            {k: v for k, v in row.items() if k not in skip}
            for row in case.events.order_by("key").values()
        ],
        "correlations": [
            {k: v for k, v in row.items() if k not in skip}
            for row in case.correlations.order_by("first", "second").values()
        ],
        "actuals": [
            {k: v for k, v in row.items() if k not in skip | {"recorded_at"}}
            for row in case.actuals.order_by("month").values()
        ],
        "lines": [
            {k: v for k, v in row.items() if k not in skip}
            for row in case.lines.order_by("key").values()
        ],
    }


def test_the_rule_moves_each_estimate_to_one_half_of_its_spread():
    wide = {"lower": 10.0, "upper": 30.0}
    assert scenarios.shifted(wide, high_is_good=False, hopeful=False) == {
        "lower": 20.0,
        "upper": 30.0,
    }
    assert scenarios.shifted(wide, high_is_good=True, hopeful=False) == {
        "lower": 10.0,
        "upper": 20.0,
    }
    assert scenarios.shifted(wide, high_is_good=True, hopeful=True) == {
        "lower": 20.0,
        "upper": 30.0,
    }
    three = {"low": 2.0, "likely": 3.0, "high": 7.0, "shape": "triangular"}
    assert scenarios.shifted(three, high_is_good=False, hopeful=False) == {
        "low": 3.0,
        "likely": 5.0,
        "high": 7.0,
        "shape": "triangular",
    }
    assert scenarios.shifted(three, high_is_good=False, hopeful=True) == {
        "low": 2.0,
        "likely": 2.5,
        "high": 3.0,
        "shape": "triangular",
    }
    assert scenarios.shifted({"low": 2, "likely": 2, "high": 5}, high_is_good=True,
                             hopeful=False) == {"point": 2}  # fmt: skip
    assert scenarios.shifted({"point": 12}, high_is_good=True, hopeful=True) == {"point": 12}
    assert scenarios.shifted(None, high_is_good=True, hopeful=True) is None


def test_copies_equal_the_case_except_for_the_shifted_estimates(world):
    case = make_case(world, name="Assistant", question="Build it?")
    make_event(case, world.owner, name="Audit")
    make_line(case, world.owner, kind="benefit", driver="amount", category="savings",
              name="Saved hours", values={"amount": {"lower": 1000, "upper": 3000}},
              lag_months={"lower": 2, "upper": 6})  # fmt: skip
    make_actual(case, world.owner)
    case.refresh_from_db()
    conservative, optimistic = scenarios.scenarios_make(actor=world.editor, case=case)

    assert conservative.name == "Assistant — conservative"
    assert optimistic.name == "Assistant — optimistic"
    for copy, scenario in ((conservative, "conservative"), (optimistic, "optimistic")):
        assert copy.scenario_of == case and copy.scenario == scenario
        for field in ("question", "horizon_months", "discount_rate", "currency", "trials",
                      "seed", "template"):  # fmt: skip
            assert getattr(copy, field) == getattr(case, field)
        original, copied = _rows(case), _rows(copy)
        for what in ("phases", "events", "correlations", "actuals"):
            assert copied[what] == original[what], what
        assert len(copied["lines"]) == len(original["lines"])
        for before, after in zip(original["lines"], copied["lines"], strict=True):
            moved = {"values", "step_ups", "lag_months", "ramp_months"}
            assert {k: v for k, v in before.items() if k not in moved} == {
                k: v for k, v in after.items() if k not in moved
            }
    cost = case.lines.get(key="ml_engineers")
    gloomy = conservative.lines.get(key="ml_engineers").values["fte"]
    sunny = optimistic.lines.get(key="ml_engineers").values["fte"]
    fte = cost.values["fte"]
    if "lower" in fte:
        middle = (fte["lower"] + fte["upper"]) / 2
        assert gloomy == {**fte, "lower": middle} and sunny == {**fte, "upper": middle}
    saved = conservative.lines.get(name="Saved hours")
    assert saved.values["amount"] == {"lower": 1000, "upper": 2000}
    assert saved.lag_months == {"lower": 4, "upper": 6}  # later is worse
    hopeful = optimistic.lines.get(name="Saved hours")
    assert hopeful.values["amount"] == {"lower": 2000, "upper": 3000}
    assert hopeful.lag_months == {"lower": 2, "upper": 4}

    kinds = ActivityEntry.objects.filter(kind="cases.scenario").values_list("target_id", flat=True)
    assert sorted(kinds) == sorted([case.pk, conservative.pk, optimistic.pk])
    with pytest.raises(ValidationError, match="has its scenarios already"):
        scenarios.scenarios_make(actor=world.editor, case=case)
    with pytest.raises(ValidationError, match="is a scenario itself"):
        scenarios.scenarios_make(actor=world.editor, case=conservative)


def test_an_editor_makes_them_with_one_click_and_lands_on_the_comparison(world):
    case = make_case(world, name="Assistant")
    client = _client(world.editor)
    url = f"/w/{world.workspace.slug}/cases/{case.pk}/"
    assert "Make scenarios" in client.get(url).content.decode()
    assert "Make scenarios" not in _client(world.viewer).get(url).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = client.post(url + "scenarios/")
    assert answer.status_code == 302
    conservative = BusinessCase.objects.get(scenario_of=case, scenario="conservative")
    optimistic = BusinessCase.objects.get(scenario_of=case, scenario="optimistic")
    assert answer["Location"] == (
        f"/w/{world.workspace.slug}/cases/compare/"
        f"?case={case.pk}&case={conservative.pk}&case={optimistic.pk}#compared"
    )
    page = client.get(answer["Location"].split("#")[0]).content.decode()
    assert "Assistant — conservative" in page and "Chance of the higher NPV" in page
    assert ComparisonRun.objects.get().result is not None
    # The case links its scenarios, a scenario its case; no second set is offered.
    again = client.get(url).content.decode()
    assert "Make scenarios" not in again and "Assistant — optimistic" in again
    copy = client.get(f"/w/{world.workspace.slug}/cases/{conservative.pk}/").content.decode()
    assert "The conservative scenario of" in copy and "Make scenarios" not in copy
    # A second click makes nothing and says why.
    refused = client.post(url + "scenarios/", follow=True).content.decode()
    assert "has its scenarios already" in refused
    assert BusinessCase.objects.filter(scenario_of=case).count() == 2


@pytest.mark.parametrize("role", ["viewer", "contributor", "outsider"])
def test_below_editor_nothing_is_made(world, role):
    case = make_case(world, name="Assistant")
    answer = _client(getattr(world, role)).post(
        f"/w/{world.workspace.slug}/cases/{case.pk}/scenarios/"
    )
    assert answer.status_code in (403, 404)
    api = _client(getattr(world, role)).post(
        f"/api/v1/workspaces/{world.workspace.slug}/cases/{case.pk}/scenarios",
        content_type="application/json",
    )
    assert api.status_code in (403, 404)
    assert not BusinessCase.objects.filter(scenario_of=case).exists()


def test_the_api_makes_them_and_refuses_a_second_set_with_json(world):
    case = make_case(world, name="Assistant")
    client = _client(world.editor)
    url = f"/api/v1/workspaces/{world.workspace.slug}/cases/{case.pk}/scenarios"
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = client.post(url, content_type="application/json")
    assert answer.status_code == 201, answer.content
    data = answer.json()
    made = BusinessCase.objects.filter(scenario_of=case)
    assert {data["conservative_id"], data["optimistic_id"]} == set(
        made.values_list("pk", flat=True)
    )
    assert data["comparison"]["state"] in ("queued", "done")  # answered before the commit
    read = client.get(
        f"/api/v1/workspaces/{world.workspace.slug}/cases/{case.pk}/comparison"
        f"?case={data['conservative_id']}&case={data['optimistic_id']}"
    ).json()
    assert read["state"] == "done"
    data["comparison"] = read
    assert [o["case_id"] for o in data["comparison"]["options"]] == [
        case.pk, data["conservative_id"], data["optimistic_id"]
    ]  # fmt: skip
    npv = {o["case_id"]: o["npv"]["mean"] for o in data["comparison"]["options"]}
    assert npv[data["conservative_id"]] < npv[case.pk] < npv[data["optimistic_id"]]
    again = client.post(url, content_type="application/json")
    assert again.status_code == 422
    assert "has its scenarios already" in again.content.decode()


def test_german_names_and_page(world):
    world.editor.language = "de"
    world.editor.save()
    case = make_case(world, name="Assistent")
    client = _client(world.editor)
    page = client.get(f"/w/{world.workspace.slug}/cases/{case.pk}/").content.decode()
    assert "Szenarien erstellen" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = client.post(f"/w/{world.workspace.slug}/cases/{case.pk}/scenarios/")
    names = set(BusinessCase.objects.filter(scenario_of=case).values_list("name", flat=True))
    assert names == {"Assistent — konservativ", "Assistent — optimistisch"}
    compared = client.get(answer["Location"].split("#")[0]).content.decode()
    assert "Assistent — konservativ" in compared
