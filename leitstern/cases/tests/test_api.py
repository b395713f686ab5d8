"""The cases' API: the same services and rules as the pages, JSON errors by field, If-Match."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.cases.models import CaseLine
from leitstern.cases.tests.factory import make_case

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _api(world, user):
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _base(world) -> str:
    return f"/api/v1/workspaces/{world.workspace.slug}"


def test_create_a_case_add_a_range_compute_and_read_the_result(
    world, django_capture_on_commit_callbacks
):
    api = _api(world, world.editor)
    created = api.post(_base(world) + "/cases", {"name": "Assistant", "template":
                       "ai-initiative", "trials": 2000}, JSON)  # fmt: skip
    assert created.status_code == 201
    case = created.json()
    assert len(case["lines"]) == 14 and len(case["phases"]) == 4
    line = api.post(
        _base(world) + f"/cases/{case['id']}/lines",
        {"kind": "benefit", "driver": "savings", "name": "Tickets", "category": "savings",
         "values": {"hours": {"lower": 500, "upper": 2000}, "rate": {"point": 40},
                    "adoption": {"low": 0.2, "likely": 0.4, "high": 0.7}},
         "phase": "production", "lag_months": {"lower": 1, "upper": 4}},
        JSON,
    )  # fmt: skip
    assert line.status_code == 201, line.content
    assert api.get(_base(world) + f"/cases/{case['id']}/result").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(_base(world) + f"/cases/{case['id']}/compute").status_code == 202
    result = api.get(_base(world) + f"/cases/{case['id']}/result").json()
    assert result["current"] is True
    assert set(result["npv"]["percentiles"]) == {"5", "10", "25", "50", "75", "90", "95"}
    assert result["sensitivity"] and "evpi" in result["sensitivity"][0]
    assert 0 <= result["probability_of_loss"] <= 1


def test_bad_input_answers_json_errors_by_field_and_saves_nothing(world):
    case = make_case(world)
    api = _api(world, world.editor)
    url = _base(world) + f"/cases/{case.pk}/lines"
    body = {
        "kind": "cost",
        "driver": "staff",
        "name": "Bad",
        "category": "people",
        "values": {"fte": {"lower": 2, "upper": 1}, "monthly_cost": {"point": 1}},
    }
    answer = api.post(url, body, JSON)
    assert answer.status_code == 422
    assert any("fte" in str(e["field"]) for e in answer.json()["errors"])
    body["values"]["fte"] = {"point": -1}
    answer = api.post(url, body, JSON)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "fte"
    assert not CaseLine.objects.filter(case=case, name="Bad").exists()


def test_a_stale_if_match_answers_409(world):
    case = make_case(world)
    api = _api(world, world.editor)
    url = _base(world) + f"/cases/{case.pk}"
    assert api.patch(url, {"name": "First"}, JSON, headers={"If-Match": '"1"'}).status_code == 200
    conflict = api.patch(url, {"name": "Second"}, JSON, headers={"If-Match": '"1"'})
    assert conflict.status_code == 409


def test_a_viewer_reads_but_does_not_write(world):
    case = make_case(world)
    api = _api(world, world.viewer)
    assert api.get(_base(world) + f"/cases/{case.pk}").status_code == 200
    assert api.post(_base(world) + f"/cases/{case.pk}/compute").status_code in (403, 404)
