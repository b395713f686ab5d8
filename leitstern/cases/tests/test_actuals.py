"""Actual costs by category: recorded per month (pages and API), refused when the split does
not add up, set beside the plan per category, and kept fixed when the case is simulated."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.cases import actuals, mapping
from leitstern.cases.models import CaseActual
from leitstern.cases.tasks import compute_case
from leitstern.cases.tests.factory import make_case, make_line
from leitstern.engines import cases as engine

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _small_case(world):
    """Two cost lines of known monthly amounts: people 5000, inference 1000, for 12 months."""
    case = make_case(world, template="blank", horizon_months=12, discount_rate=0.0)
    make_line(case, world.owner, name="Team", category="people",
              values={"amount": {"point": 5000}})  # fmt: skip
    make_line(case, world.owner, name="Tokens", category="inference",
              values={"amount": {"lower": 500, "upper": 1500}})  # fmt: skip
    case.refresh_from_db()
    return case


def test_a_split_without_a_total_is_recorded_as_its_sum(world):
    case = _small_case(world)
    split = {"people": 5200, "inference": 1400}
    actual = actuals.actual_record(
        actor=world.owner, case=case, month=1, benefit=0, cost_by_category=split
    )
    assert actual.cost == 6600
    assert CaseActual.objects.get(pk=actual.pk).cost_by_category == {
        "people": 5200,
        "inference": 1400,
    }
    engine_actual = mapping.engine_case(case).actuals[0]
    assert engine_actual.cost_by_category == {"people": 5200, "inference": 1400}


def test_a_split_that_does_not_add_up_is_refused_and_nothing_is_saved(world):
    case = _small_case(world)
    with pytest.raises(ValidationError) as error:
        actuals.actual_record(actor=world.owner, case=case, month=1, cost=7000, benefit=0,
                              cost_by_category={"people": 5200, "inference": 1400})  # fmt: skip
    assert "add up to 6600" in " ".join(error.value.message_dict["cost"])
    assert not CaseActual.objects.filter(case=case).exists()


def test_plan_and_actual_per_category_over_the_split_months(world):
    case = _small_case(world)
    for month, people in ((1, 5200), (2, 4800)):
        actuals.actual_record(actor=world.owner, case=case, month=month, benefit=0,
                              cost_by_category={"people": people, "inference": 900})  # fmt: skip
    actuals.actual_record(actor=world.owner, case=case, month=3, cost=6000, benefit=0)
    rows = {
        row["category"]: row
        for row in actuals.plan_by_category(
            case, list(case.phases.all()), list(case.lines.all()), list(case.actuals.all())
        )
    }
    # Months 1 and 2 only (month 3 was recorded as one number); the range's base value is
    # its median, the engine's deterministic plan.
    assert rows["people"]["plan"] == pytest.approx(10000)
    assert rows["people"]["actual"] == 10000
    plan = engine.deterministic(mapping.engine_case(case, actuals=[]))
    tokens = next(flow for flow in plan.lines if flow.category == "inference")
    assert rows["inference"]["plan"] == pytest.approx(float(tokens.monthly[:2].sum()))
    assert rows["inference"]["difference"] == pytest.approx(1800 - rows["inference"]["plan"])


def test_recorded_months_stay_fixed_when_the_case_is_simulated_again(world):
    case = _small_case(world)
    for month in range(1, 13):
        actuals.actual_record(actor=world.owner, case=case, month=month, benefit=0,
                              cost_by_category={"people": 5000, "inference": 1000})  # fmt: skip
    case.refresh_from_db()
    assert compute_case.call(case_id=case.pk, revision=case.revision)
    case.refresh_from_db()
    npv = case.result["npv"]
    # Every month is known: no uncertainty is left, the NPV is the recorded cash flow.
    assert npv["percentiles"]["5"] == pytest.approx(-72000)
    assert npv["percentiles"]["95"] == pytest.approx(-72000)
    assert case.result["costs"]["by_category"]["people"] == pytest.approx(60000)


def test_the_page_records_a_split_and_shows_plan_and_actual_by_category(world):
    case = _small_case(world)
    client = Client()
    client.force_login(world.editor)
    url = f"/w/{world.workspace.slug}/cases/{case.pk}/actuals/new/"
    empty = client.post(url, {"month": 1, "benefit": 0})
    assert "cost" in empty.context["form"].errors
    bad = client.post(url, {"month": 1, "cost": 10, "benefit": 0, "cost_people": 5000})
    assert "add up" in " ".join(bad.context["form"].errors["cost"])
    done = client.post(
        url, {"month": 1, "benefit": 0, "cost_people": 5100, "cost_inference": "900"}
    )
    assert done.status_code == 302
    html = client.get(f"/w/{world.workspace.slug}/cases/{case.pk}/").content.decode()
    assert "Cost by category: plan and actual" in html
    assert "6,000 EUR" in html


def test_the_api_takes_the_cost_by_category(world):
    case = _small_case(world)
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    url = f"/api/v1/workspaces/{world.workspace.slug}/cases/{case.pk}/actuals"
    answer = api.post(url, {"month": 1, "cost_by_category": {"people": 10, "data": 5}}, JSON)
    assert answer.status_code == 200, answer.content
    assert answer.json()["cost"] == 15
    assert answer.json()["cost_by_category"] == {"people": 10, "data": 5}
    wrong = api.post(url, {"month": 2, "cost": 1, "cost_by_category": {"people": 10}}, JSON)
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "cost"
    assert api.post(url, {"month": 2, "cost_by_category": {"moon": 1}}, JSON).status_code == 422
