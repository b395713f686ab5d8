from __future__ import annotations

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_key_result,
    make_metric,
    make_objective,
)

pytestmark = pytest.mark.django_db


def api(world, user=None):
    user = user or world.editor
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    return client, base


def test_values_are_pushed_in_bulk_and_read_back(world):
    metric = make_metric(world.product, world.owner)
    client, base = api(world)
    response = client.post(
        f"{base}/metrics/{metric.pk}/values",
        {"values": [{"date": "2026-01-05", "value": 3.5}, {"date": "2026-01-12", "value": 4}]},
        content_type="application/json",
    )
    assert response.json() == {"stored": 2}
    values = client.get(f"{base}/metrics/{metric.pk}/values").json()
    assert [(v["date"], v["value"], v["source"]) for v in values] == [
        ("2026-01-05", 3.5, "api"),
        ("2026-01-12", 4.0, "api"),
    ]
    assert client.get(f"{base}/metrics/{metric.pk}").json()["latest_value"] == 4.0


def test_a_bad_push_stores_nothing_and_says_why(world):
    metric = make_metric(world.product, world.owner)
    client, base = api(world)
    response = client.post(
        f"{base}/metrics/{metric.pk}/values",
        {"values": [{"date": "2026-01-05", "value": 1}, {"date": "2026-01-05", "value": 2}]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "values", "reason": "Row 2: the date appears twice."}
    ]
    assert not metric.values.exists()


def test_an_okr_is_created_scored_and_checked_in_through_the_api(world):
    metric = make_metric(world.product, world.owner, "Conversion", unit="%")
    cycle = make_cycle(world.workspace, world.owner)
    client, base = api(world)
    objective = client.post(
        f"{base}/cycles/{cycle.pk}/objectives",
        {"title": "Paying is effortless", "product_id": world.product.pk, "kind": "aspirational"},
        content_type="application/json",
    ).json()
    assert objective["owner_id"] == world.editor.pk and objective["expected_score"] == 0.7
    kr = client.post(
        f"{base}/objectives/{objective['id']}/key-results",
        {"title": "Raise conversion from 60% to 64%", "metric_id": metric.pk,
         "baseline": 60, "target": 64},
        content_type="application/json",
    ).json()  # fmt: skip
    assert kr["score"] == 0.0 and kr["score_method"] == "no_data"
    check_in = client.post(
        f"{base}/key-results/{kr['id']}/check-ins",
        {"confidence": 6, "value": 63},
        content_type="application/json",
    )
    assert check_in.status_code == 201
    kr = client.get(f"{base}/key-results/{kr['id']}").json()
    assert (kr["current_value"], kr["score"], kr["band"], kr["confidence"]) == (
        63.0,
        0.75,
        "green",
        6,
    )
    listed = client.get(f"{base}/objectives", {"cycle_id": cycle.pk}).json()
    assert listed[0]["score"] == 0.75


def test_a_patch_changes_only_the_fields_sent(world):
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    kr = make_key_result(objective, world.owner, baseline=10.0, target=20.0, current=12.0)
    title = kr.title
    client, base = api(world)
    response = client.patch(
        f"{base}/key-results/{kr.pk}",
        {"baseline": None, "unit": "shops", "note": "No reliable start value."},
        content_type="application/json",
    )
    assert response.status_code == 200
    kr.refresh_from_db()
    assert (kr.baseline, kr.unit, kr.target, kr.current, kr.title) == (
        None,
        "shops",
        20.0,
        12.0,
        title,
    )
    entry = ActivityEntry.objects.get(kind="strategy.key_result.updated")
    assert set(entry.changes) == {"baseline", "unit"}
    assert entry.note == "No reliable start value."


def test_service_rules_come_back_as_structured_errors(world):
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    client, base = api(world)
    response = client.post(
        f"{base}/objectives/{objective.pk}/key-results",
        {"title": "Cut churn", "baseline": 5, "target": 8, "direction": "lower"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "target"


def test_a_contributor_checks_in_but_cannot_create(world):
    cycle = make_cycle(world.workspace, world.owner)
    client, base = api(world, world.contributor)
    response = client.post(
        f"{base}/cycles/{cycle.pk}/objectives", {"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_the_spec_lists_the_strategy_operations(world):
    client, _base = api(world)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/workspaces/{slug}/metrics/{metric_id}/values" in paths
    assert "/api/v1/workspaces/{slug}/key-results/{key_result_id}/check-ins" in paths
