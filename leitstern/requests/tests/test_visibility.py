"""Revenue at stake and deal amounts are for contributors, editors and owners (the people
who work with customers and the roadmap), never for read-only members: on the module's
pages, in the panels on other modules' pages and in the API alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leitstern.accounts.services import api_token_create
from leitstern.requests import services
from leitstern.requests.models import Status
from leitstern.requests.tests.factory import make_request
from leitstern.roadmap.tests.factory import make_item, make_roadmap

pytestmark = pytest.mark.django_db

ARR = "987654"  # distinctive: it appears nowhere else on a page
SHOWN = ("987,654", "987654")


@pytest.fixture
def asked(world):
    request = make_request(world, arr=ARR)
    request.accounts.update(amount="876543")
    item = make_item(make_roadmap(world), world.owner)
    services.request_triage(
        actor=world.editor, request=request, status=Status.PLANNED, roadmap_item=item
    )
    return request, item


def _pages(world, request, item) -> list[str]:
    slug = world.workspace.slug
    organisation = request.accounts.first().organisation_id
    return [
        reverse("requests:index", args=[slug]),
        reverse("requests:detail", args=[slug, request.pk]),
        reverse("requests:accounts", args=[slug]),
        reverse("requests:account", args=[slug, organisation]),
        reverse("requests:rollups", args=[slug]),
        reverse("roadmap:item", args=[slug, item.pk]),
    ]


def _api_paths(request) -> list[str]:
    organisation = request.accounts.first().organisation_id
    return [
        "/requests",
        f"/requests/{request.pk}",
        f"/sales-accounts/{organisation}",
        "/revenue-at-stake",
    ]


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor", "owner"])
def test_pages_show_revenue_to_contributors_and_up_only(client, world, asked, role):
    request, item = asked
    client.force_login(getattr(world, role))
    for url in _pages(world, request, item):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        seen = any(amount in html for amount in SHOWN)
        assert seen == (role != "viewer"), (role, url)
        assert ("876,543" in html or "876543" in html) == (
            role != "viewer"
            and url == reverse("requests:detail", args=[world.workspace.slug, request.pk])
        ), (role, url)


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_the_api_answers_revenue_to_contributors_and_up_only(client, world, asked, role):
    request, _item = asked
    token = api_token_create(actor=getattr(world, role), workspace=world.workspace, name="t")[1]
    for path in _api_paths(request):
        response = client.get(
            f"/api/v1/workspaces/{world.workspace.slug}{path}",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, path
        body = response.content.decode()
        assert (ARR in body) == (role == "contributor"), (role, path, body)
        assert ("876543" in body) == (role == "contributor" and path.startswith("/requests/")), (
            role,
            path,
        )
