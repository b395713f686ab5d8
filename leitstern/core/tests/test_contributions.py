"""Contributions: a higher module's panel on a lower module's page, in order, only for the
roles that may see it, and its htmx fragment from the page's own URL."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from leitstern.core import contributions
from leitstern.teams.services import team_create
from leitstern.workspaces.models import Membership, Need

pytestmark = pytest.mark.django_db


def test_every_contribution_goes_to_a_declared_slot():
    declared = contributions.declared()
    assert {"teams.team", "teams.links"} <= set(declared)
    undeclared = [
        (c.slot, c.template) for c in contributions.contributions() if c.slot not in declared
    ]
    assert undeclared == []


@pytest.fixture
def slot(monkeypatch):
    """A slot of its own, with the registry restored after the test."""
    monkeypatch.setattr(contributions, "_SLOTS", dict(contributions._SLOTS))
    monkeypatch.setattr(contributions, "_CONTRIBUTIONS", list(contributions._CONTRIBUTIONS))
    contributions.declare("test.slot", "for this test")
    return "test.slot"


def _request(world, role: str):
    request = RequestFactory().get("/")
    request.member = Membership.objects.get(workspace=world.workspace, user=world.user(role))
    return request


def test_panels_come_in_order_for_the_roles_that_may_see_them(world, slot):
    contributions.contribute(slot, template="late.html", selector=lambda r, o: {"n": 3}, order=30)
    contributions.contribute(slot, template="early.html", selector=lambda r, o: {"n": 1}, order=10)
    contributions.contribute(
        slot, template="editors.html", selector=lambda r, o: {"n": 2}, order=20, need=Need.EDIT
    )
    contributions.contribute(slot, template="never.html", selector=lambda r, o: None, order=5)

    def shown(role: str) -> list[tuple[str, dict]]:
        return [
            (p.contribution.template, p.context)
            for p in contributions.panels(_request(world, role), slot, world.product)
        ]

    assert shown("viewer") == [("early.html", {"n": 1}), ("late.html", {"n": 3})]
    assert shown("editor") == [
        ("early.html", {"n": 1}),
        ("editors.html", {"n": 2}),
        ("late.html", {"n": 3}),
    ]


def test_a_selector_gets_the_request_and_the_pages_object(world, slot):
    seen = []
    contributions.contribute(
        slot, template="any.html", selector=lambda r, o: seen.append((r.member, o)) or {}
    )
    request = _request(world, "viewer")
    contributions.panels(request, slot, world.product)
    assert seen == [(request.member, world.product)]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_team_page_shows_what_strategy_and_forecasts_contribute(world):
    team = team_create(actor=world.owner, workspace=world.workspace, name="Search squad")
    page = _client(world.viewer).get(f"/w/{world.workspace.slug}/teams/{team.pk}/").text
    assert f"/w/{world.workspace.slug}/strategy/?team={team.pk}" in page  # strategy's link
    assert 'id="team-charts"' in page and "Saved forecasts" in page  # forecasts' panel
    assert page.index("?team=") < page.index('id="team-charts"')


def test_a_fragment_is_served_only_for_the_target_it_names(world):
    team = team_create(actor=world.owner, workspace=world.workspace, name="Search squad")
    url = f"/w/{world.workspace.slug}/teams/{team.pk}/?unit=week"
    client = _client(world.viewer)
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "team-charts"})
    assert fragment.text.lstrip().startswith('<div id="team-charts">')
    other = client.get(url, headers={"HX-Request": "true", "HX-Target": "elsewhere"})
    assert "<html" in other.text and 'id="team-charts"' in other.text
