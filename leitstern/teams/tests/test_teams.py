from __future__ import annotations

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.products.tests.factory import make_product
from leitstern.teams.models import Team
from leitstern.teams.services import team_create

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_creates_a_team_with_products_and_members(world):
    response = _client(world.editor).post(
        f"/w/{world.workspace.slug}/teams/new/",
        {"name": "Checkout squad", "description": "Payments", "products": [world.product.pk],
         "members": [world.editor.pk, world.viewer.pk]},
    )  # fmt: skip
    team = Team.objects.get(name="Checkout squad")
    assert response.url == f"/w/{world.workspace.slug}/teams/{team.pk}/"
    assert list(team.products.all()) == [world.product]
    assert set(team.members.all()) == {world.editor, world.viewer}


def test_products_and_people_of_another_workspace_are_refused(world):
    foreign = make_product(world.other_workspace, world.outsider, "Foreign")
    response = _client(world.editor).post(
        f"/w/{world.workspace.slug}/teams/new/",
        {"name": "Sneaky", "products": [foreign.pk], "members": [world.outsider.pk]},
    )
    assert response.status_code == 200 and not Team.objects.filter(name="Sneaky").exists()
    with pytest.raises(Exception, match="Choose products of this workspace"):
        team_create(actor=world.owner, workspace=world.workspace, name="X", products=[foreign])


def test_team_names_are_unique_per_workspace(world):
    team_create(actor=world.owner, workspace=world.workspace, name="Core")
    response = _client(world.editor).post(f"/w/{world.workspace.slug}/teams/new/", {"name": "Core"})
    assert "This workspace already has a team of that name." in response.text


def test_editing_records_the_changed_fields(world, django_capture_on_commit_callbacks):
    team = team_create(actor=world.owner, workspace=world.workspace, name="Core")
    with django_capture_on_commit_callbacks(execute=True):
        _client(world.editor).post(
            f"/w/{world.workspace.slug}/teams/{team.pk}/edit/",
            {"name": "Core platform", "products": [world.product.pk]},
        )
    entry = ActivityEntry.objects.get(kind="team.updated")
    assert entry.changes["name"] == ["Core", "Core platform"] and "products" in entry.changes


def test_the_list_shows_teams_within_a_query_budget(world, django_assert_max_num_queries):
    for i in range(5):
        team_create(
            actor=world.owner, workspace=world.workspace, name=f"T{i}", products=[world.product]
        )
    client = _client(world.viewer)
    with django_assert_max_num_queries(10):
        response = client.get(f"/w/{world.workspace.slug}/teams/")
    assert response.text.count(world.product.name) >= 5
    assert "New team" not in response.text  # viewers read only


def test_teams_through_the_api(world):
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    auth = {"Authorization": f"Bearer {raw}"}
    url = f"/api/v1/workspaces/{world.workspace.slug}/teams"
    created = Client().post(
        url,
        {"name": "API squad", "products": [world.product.pk]},
        content_type="application/json",
        headers=auth,
    )
    assert created.status_code == 201 and created.json()["products"] == [world.product.pk]
    pk = created.json()["id"]
    patched = Client().patch(
        f"{url}/{pk}", {"description": "Builds APIs"}, content_type="application/json", headers=auth
    )
    assert patched.json()["description"] == "Builds APIs"
    assert [t["name"] for t in Client().get(url, headers=auth).json()] == ["API squad"]


def test_the_team_list_links_to_the_teams_objectives(world):
    from django.test import Client

    from leitstern.teams.services import team_create

    team = team_create(actor=world.owner, workspace=world.workspace, name="Search squad")
    client = Client()
    client.force_login(world.viewer)
    page = client.get(f"/w/{world.workspace.slug}/teams/").text
    assert f"/w/{world.workspace.slug}/strategy/?team={team.pk}" in page


def test_two_editors_changing_name_and_members_keep_both(world):
    from leitstern.testing import form_data

    team = team_create(actor=world.owner, workspace=world.workspace, name="Core")
    url = f"/w/{world.workspace.slug}/teams/{team.pk}/edit/"
    anna, ben = _client(world.owner), _client(world.editor)
    anna_form, ben_form = form_data(anna.get(url).text), form_data(ben.get(url).text)
    anna_form["name"] = "Core platform"
    ben_form["members"] = [world.editor.pk, world.contributor.pk]
    assert anna.post(url, anna_form).status_code == 302
    assert ben.post(url, ben_form).status_code == 302
    team.refresh_from_db()
    assert team.name == "Core platform"
    assert set(team.members.all()) == {world.editor, world.contributor}


def test_both_changing_the_members_see_both_lists(world):
    from leitstern.testing import form_data

    team = team_create(actor=world.owner, workspace=world.workspace, name="Core")
    url = f"/w/{world.workspace.slug}/teams/{team.pk}/edit/"
    anna, ben = _client(world.owner), _client(world.editor)
    anna_form, ben_form = form_data(anna.get(url).text), form_data(ben.get(url).text)
    anna_form["members"] = [world.owner.pk]
    ben_form["members"] = [world.viewer.pk]
    anna.post(url, anna_form)
    response = ben.post(url, ben_form)
    assert "Someone changed this meanwhile." in response.text
    assert world.owner.name in response.text and world.viewer.name in response.text
    assert list(team.members.all()) == [world.owner]


def test_a_stale_api_patch_of_members_answers_409(world):
    team = team_create(actor=world.owner, workspace=world.workspace, name="Core")
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    auth = {"Authorization": f"Bearer {raw}", "If-Match": '"1"'}
    url = f"/api/v1/workspaces/{world.workspace.slug}/teams/{team.pk}"
    first = Client().patch(
        url, {"members": [world.owner.pk]}, content_type="application/json", headers=auth
    )
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    second = Client().patch(
        url, {"members": [world.viewer.pk]}, content_type="application/json", headers=auth
    )
    assert second.status_code == 409
    assert second.json()["current"]["members"] == [world.owner.pk]
