"""Team-level objectives: one level per objective, the form, the API, the alignment page's
team filter, and what happens when a team goes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from leitstern.strategy import services
from leitstern.strategy.forms import ObjectiveForm
from leitstern.strategy.models import Objective
from leitstern.strategy.tests.factory import make_cycle, make_key_result, make_objective
from leitstern.strategy.tests.test_api import api
from leitstern.teams.services import team_create, team_delete
from leitstern.teams.tests.factory import make_team

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def index_url(world, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("strategy:index", kwargs={"slug": world.workspace.slug}) + f"?{query}"


def test_an_objective_can_belong_to_a_team(world):
    team = make_team(world)
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner, team=team)
    assert objective.team == team
    assert objective.level == "team"
    assert objective.level_label == team.name


def test_an_objective_is_never_a_products_and_a_teams_at_once(world):
    team = make_team(world)
    cycle = make_cycle(world.workspace, world.owner)
    with pytest.raises(ValidationError) as error:
        make_objective(cycle, world.owner, product=world.product, team=team)
    assert "not both" in error.value.message_dict["team"][0]


def test_an_update_cannot_add_a_team_to_a_product_objective(world):
    team = make_team(world)
    objective = make_objective(
        make_cycle(world.workspace, world.owner), world.owner, product=world.product
    )
    with pytest.raises(ValidationError) as error:
        services.objective_update(actor=world.owner, objective=objective, team=team)
    assert "team" in error.value.message_dict


def test_the_team_must_be_of_the_workspace(world):
    elsewhere = team_create(actor=world.outsider, workspace=world.other_workspace, name="Far")
    with pytest.raises(ValidationError) as error:
        make_objective(make_cycle(world.workspace, world.owner), world.owner, team=elsewhere)
    assert "team" in error.value.message_dict


def test_carrying_forward_keeps_the_team(world):
    team = make_team(world)
    objective = make_objective(
        make_cycle(world.workspace, world.owner), world.owner, team=team, kind="aspirational"
    )
    copy = services.objective_carry_forward(
        actor=world.owner, objective=objective, cycle=make_cycle(world.workspace, world.owner)
    )
    assert copy.team == team


def test_deleting_a_team_keeps_its_objectives_on_the_workspace_level(world):
    team = make_team(world, "Short-lived")
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner, team=team)
    team_delete(actor=world.owner, team=team)
    objective.refresh_from_db()
    assert objective.team is None and objective.level == "workspace"


def test_the_form_offers_only_the_workspaces_teams(world):
    mine = make_team(world, "Mine")
    team_create(actor=world.outsider, workspace=world.other_workspace, name="Theirs")
    form = ObjectiveForm(cycle=make_cycle(world.workspace, world.owner))
    assert list(form.fields["team"].queryset) == [mine]


def test_a_team_objective_is_created_on_the_page(world):
    team = make_team(world)
    cycle = make_cycle(world.workspace, world.owner)
    url = reverse("strategy:objective_new", kwargs={"slug": world.workspace.slug, "pk": cycle.pk})
    response = client_for(world.editor).post(
        url,
        {"title": "Ship daily", "kind": "committed", "owner": world.editor.pk, "team": team.pk},
    )
    assert response.status_code == 302
    assert Objective.objects.get(title="Ship daily").team == team


def test_the_page_explains_why_product_and_team_do_not_go_together(world):
    team = make_team(world)
    cycle = make_cycle(world.workspace, world.owner)
    url = reverse("strategy:objective_new", kwargs={"slug": world.workspace.slug, "pk": cycle.pk})
    response = client_for(world.editor).post(
        url,
        {
            "title": "Both",
            "kind": "committed",
            "owner": world.editor.pk,
            "team": team.pk,
            "product": world.product.pk,
        },
    )
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not Objective.objects.filter(title="Both").exists()


def test_the_alignment_page_filters_by_team(world, django_assert_max_num_queries):
    team = make_team(world, "Platform")
    cycle = make_cycle(world.workspace, world.owner)
    company = make_objective(cycle, world.owner, "Company goal")
    for n in range(3):
        make_key_result(
            make_objective(cycle, world.owner, f"Team goal {n}", team=team, parent=company),
            world.owner,
        )
    make_objective(cycle, world.owner, "Product goal", product=world.product)
    client = client_for(world.viewer)
    with django_assert_max_num_queries(25):
        page = client.get(index_url(world, cycle=cycle.pk, team=team.pk)).content.decode()
    assert "Team goal 0" in page and "Team goal 2" in page
    assert "Product goal" not in page
    assert "Objectives of the team Platform" in page
    assert "contributes to" in page  # the team's objectives name what they align to
    everything = client.get(index_url(world, cycle=cycle.pk)).content.decode()
    assert "Product goal" in everything and "Team goal 0" in everything
    assert f"team={team.pk}" in everything  # each team objective links to its team's view


def test_the_team_filter_does_not_reach_other_workspaces(world):
    theirs = team_create(actor=world.outsider, workspace=world.other_workspace, name="Theirs")
    response = client_for(world.viewer).get(index_url(world, team=theirs.pk))
    assert response.status_code == 404


def test_exports_name_the_team_as_the_level(world):
    team = make_team(world, "Platform")
    cycle = make_cycle(world.workspace, world.owner)
    make_key_result(make_objective(cycle, world.owner, "Ship daily", team=team), world.owner)
    url = reverse("strategy:cycle_csv", kwargs={"slug": world.workspace.slug, "pk": cycle.pk})
    rows = client_for(world.viewer).get(url).getvalue().decode().splitlines()
    assert any("Platform" in row and "Ship daily" in row for row in rows)


def test_the_api_creates_reads_filters_and_changes_the_level(world):
    team = make_team(world)
    cycle = make_cycle(world.workspace, world.owner)
    client, base = api(world)
    created = client.post(
        f"{base}/cycles/{cycle.pk}/objectives",
        {"title": "Ship daily", "team_id": team.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["team_id"] == team.pk and body["product_id"] is None
    listed = client.get(f"{base}/objectives", {"team_id": team.pk}).json()
    assert [o["id"] for o in listed] == [body["id"]]

    both = client.patch(
        f"{base}/objectives/{body['id']}",
        {"product_id": world.product.pk},
        content_type="application/json",
    )
    assert both.status_code == 422
    assert both.json()["errors"][0]["field"] == "team"

    moved = client.patch(
        f"{base}/objectives/{body['id']}",
        {"product_id": world.product.pk, "team_id": None},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert (moved.json()["product_id"], moved.json()["team_id"]) == (world.product.pk, None)


def test_the_api_refuses_another_workspaces_team(world):
    theirs = team_create(actor=world.outsider, workspace=world.other_workspace, name="Theirs")
    cycle = make_cycle(world.workspace, world.owner)
    client, base = api(world)
    response = client.post(
        f"{base}/cycles/{cycle.pk}/objectives",
        {"title": "Borrowed", "team_id": theirs.pk},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Objective.objects.filter(title="Borrowed").exists()
