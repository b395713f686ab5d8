"""Discovery's API on the same services and rules: the sample-size calculator, results in,
verdicts out, a contributor's proposal and an editor's decision, impossible numbers as
field errors."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.discovery.models import Opportunity
from leitstern.discovery.tests.factory import make_experiment

pytestmark = pytest.mark.django_db


def api(world, user=None):
    user = user or world.editor
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    return client, f"/api/v1/workspaces/{world.workspace.slug}"


def test_the_sample_size_calculator_gives_the_known_answer(world):
    client, base = api(world, world.viewer)
    response = client.post(
        f"{base}/sample-size",
        {"baseline": 10, "target": 11.5, "weekly_traffic": 4000},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["n_per_arm"] == 6693
    assert body["weeks"] == 4


def test_results_in_a_verdict_out_and_impossible_counts_refused(world):
    experiment = make_experiment(world)
    client, base = api(world)
    url = f"{base}/experiments/{experiment.pk}/results"
    refused = client.put(
        url,
        {"conversions_a": 1200, "visitors_a": 1000, "conversions_b": 100, "visitors_b": 1000},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert any(e["field"] == "conversions_a" for e in refused.json()["errors"])
    saved = client.put(
        url,
        {"conversions_a": 700, "visitors_a": 7000, "conversions_b": 850, "visitors_b": 7010},
        content_type="application/json",
    )
    assert saved.status_code == 200
    verdicts = client.get(f"{base}/experiments/{experiment.pk}/verdicts").json()
    assert [v["outcome"] for v in verdicts] == ["met"]
    assert verdicts[0]["stored"] is False
    assert "interval" in verdicts[0]["messages"][0]["text"]


def test_a_contributor_proposes_and_an_editor_decides(world):
    contributor, base = api(world, world.contributor)
    response = contributor.post(
        f"{base}/products/{world.product.pk}/opportunities",
        {"title": "I cannot split the payment"},
        content_type="application/json",
    )
    assert response.status_code == 201
    proposal = Opportunity.objects.get(title="I cannot split the payment")
    assert proposal.review == "proposed"
    assert (
        contributor.post(
            f"{base}/opportunities/{proposal.pk}/decision",
            {"accept": True},
            content_type="application/json",
        ).status_code
        == 404
    )
    editor, _base = api(world)
    decided = editor.post(
        f"{base}/opportunities/{proposal.pk}/decision",
        {"accept": True},
        content_type="application/json",
    )
    assert decided.status_code == 200
    proposal.refresh_from_db()
    assert proposal.review == "accepted"
