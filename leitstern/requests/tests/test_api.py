"""The requests API: the same rules as the pages, structured errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from leitstern.accounts.services import api_token_create
from leitstern.customers.tests.factory import make_organisation
from leitstern.requests.models import CommitmentState, Request, Status
from leitstern.requests.tests.factory import make_commitment, make_request
from leitstern.testing import make_world

pytestmark = pytest.mark.django_db


def _api(client, world, user, method, path, body=None, **headers):
    token = api_token_create(actor=user, workspace=world.workspace, name="t")[1]
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    return getattr(client, method)(
        f"/api/v1/workspaces/{world.workspace.slug}{path}",
        headers={"Authorization": f"Bearer {token}", **headers},
        **kwargs,
    )


def test_a_contributor_submits_and_reads_a_request(client, world):
    a, b = (
        make_organisation(world.workspace, world.owner),
        make_organisation(world.workspace, world.owner),
    )
    response = _api(
        client,
        world,
        world.contributor,
        "post",
        f"/sales-accounts/{a.pk}/requests",
        {
            "title": "Invoice",
            "problem": "Pay later",
            "arr": "1000",
            "currency": "EUR",
            "also": [{"organisation_id": b.pk, "arr": "500"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["revenue"] == "1500.00" or float(body["revenue"]) == 1500
    assert {x["organisation_id"] for x in body["accounts"]} == {a.pk, b.pk}
    detail = _api(client, world, world.viewer, "get", f"/requests/{body['id']}")
    assert detail.status_code == 200 and detail["ETag"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"arr": "-5"}, "arr"),
        ({"arr": "10", "currency": "XYZ"}, "currency"),
        ({"arr": "10", "close_date": "2000-01-01"}, "close_date"),
    ],
)
def test_bad_input_answers_with_the_field(client, world, body, field):
    organisation = make_organisation(world.workspace, world.owner)
    response = _api(
        client,
        world,
        world.contributor,
        "post",
        f"/sales-accounts/{organisation.pk}/requests",
        {"title": "Invoice", "problem": "Pay later", **body},
    )
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Request.objects.exists()


def test_merging_a_request_of_another_workspace_is_refused_clearly(client, world):
    other = make_world()
    target, foreign = make_request(world), make_request(other)
    response = _api(
        client, world, world.editor, "post", f"/requests/{target.pk}/merge-from/{foreign.pk}"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "source_id"
    foreign.refresh_from_db()
    assert foreign.status == Status.NEW


def test_triage_and_commitment_decisions_are_for_editors(client, world):
    request = make_request(world)
    path = f"/requests/{request.pk}/triage"
    assert (
        _api(client, world, world.contributor, "post", path, {"status": "review"}).status_code
        == 404
    )
    answer = _api(client, world, world.editor, "post", path, {"status": "released"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "answer"
    commitment = make_commitment(world, request)
    decided = _api(
        client,
        world,
        world.editor,
        "post",
        f"/commitments/{commitment.pk}/decision",
        {"approve": True},
    )
    assert decided.json()["state"] == CommitmentState.COMMITTED
    again = _api(
        client,
        world,
        world.owner,
        "post",
        f"/commitments/{commitment.pk}/decision",
        {"approve": False},
    )
    assert again.status_code == 422


def test_a_stale_if_match_answers_409(client, world):
    request = make_request(world)
    first = _api(
        client,
        world,
        world.editor,
        "patch",
        f"/requests/{request.pk}",
        {"title": "A"},
        **{"If-Match": '"1"'},
    )
    assert first.status_code == 200
    stale = _api(
        client,
        world,
        world.editor,
        "patch",
        f"/requests/{request.pk}",
        {"title": "B"},
        **{"If-Match": '"1"'},
    )
    assert stale.status_code == 409


def test_account_page_and_rollups(client, world):
    organisation = make_organisation(world.workspace, world.owner)
    request = make_request(world, organisations=[organisation], arr="700")
    make_commitment(world, request, days=30)
    page = _api(client, world, world.viewer, "get", f"/sales-accounts/{organisation.pk}")
    assert page.status_code == 200
    body = page.json()
    assert [r["id"] for r in body["requests"]] == [request.pk]
    assert body["commitments"][0]["risk"] == "unknown"
    rollups = _api(client, world, world.viewer, "get", "/revenue-at-stake?by=opportunity")
    assert rollups.status_code == 200 and rollups.json() == []
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    created = _api(
        client,
        world,
        world.contributor,
        "post",
        f"/sales-accounts/{organisation.pk}/commitments",
        {"what": "Invoice", "due_on": due, "request_id": request.pk},
    )
    assert created.status_code == 201 and created.json()["state"] == "proposed"
