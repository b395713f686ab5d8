"""Who may own objectives and key results: people who can check in (contributor and up).
A viewer is never asked for a check-in they cannot make, nor offered a link that 404s."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.strategy import services
from leitstern.strategy.tasks import send_checkin_reminders
from leitstern.strategy.tests.factory import make_key_result, make_okr
from leitstern.testing import form_data
from leitstern.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _demote(world, user) -> None:
    Membership.objects.filter(workspace=world.workspace, user=user).update(role=Role.VIEWER)


def test_a_viewer_cannot_be_made_owner_of_a_key_result(world):
    kr = make_okr(world)
    with pytest.raises(ValidationError) as refused:
        services.key_result_update(actor=world.owner, key_result=kr, owner=world.viewer)
    assert "cannot check in" in str(refused.value.error_dict["owner"])
    with pytest.raises(ValidationError):
        make_key_result(kr.objective, world.owner, owner=world.viewer)
    services.key_result_update(actor=world.owner, key_result=kr, owner=world.contributor)
    assert kr.owner == world.contributor


def test_nor_of_an_objective_whose_key_results_they_would_check_in_on(world):
    kr = make_okr(world)
    with pytest.raises(ValidationError, match="cannot check in"):
        services.objective_update(actor=world.owner, objective=kr.objective, owner=world.viewer)


@pytest.mark.parametrize("page", ["edit", "new"])
def test_the_owner_choices_leave_out_viewers(world, page):
    kr = make_okr(world)
    base = f"/w/{world.workspace.slug}/strategy"
    url = (
        f"{base}/key-results/{kr.pk}/edit/"
        if page == "edit"
        else f"{base}/objectives/{kr.objective.pk}/key-results/new/"
    )
    text = _client(world.editor).get(url).text
    owner_select = re.search(r'<select name="owner".*?</select>', text, re.S).group(0)
    assert f'value="{world.contributor.pk}"' in owner_select
    assert f'value="{world.viewer.pk}"' not in owner_select
    objective_form = _client(world.editor).get(f"{base}/objectives/{kr.objective.pk}/edit/")
    assert f'value="{world.viewer.pk}"' not in re.search(
        r'<select name="owner".*?</select>', objective_form.text, re.S
    ).group(0)


def test_a_posted_viewer_is_refused_with_a_field_message(world):
    kr = make_okr(world)
    client = _client(world.editor)
    url = f"/w/{world.workspace.slug}/strategy/key-results/{kr.pk}/edit/"
    data = form_data(client.get(url).text)
    data["owner"] = world.viewer.pk
    response = client.post(url, data)
    assert response.status_code == 200 and "Select a valid choice" in response.text
    kr.refresh_from_db()
    assert kr.owner is None


def test_the_api_refuses_a_viewer_as_owner_naming_owner_id(world):
    kr = make_okr(world)
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    response = Client().post(
        f"/api/v1/workspaces/{world.workspace.slug}/objectives/{kr.objective.pk}/key-results",
        {"title": "Grow from 1 to 2", "baseline": 1, "target": 2, "owner_id": world.viewer.pk},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "owner_id"


def test_an_owner_demoted_to_viewer_is_offered_no_check_in_link(world):
    kr = make_okr(world)
    services.key_result_update(actor=world.owner, key_result=kr, owner=world.contributor)
    _demote(world, world.contributor)
    client = _client(world.contributor)
    page = client.get(f"/w/{world.workspace.slug}/strategy/check-ins/").text
    assert kr.title in page and "As a viewer you cannot check in." in page
    check_in = f"/w/{world.workspace.slug}/strategy/key-results/{kr.pk}/check-in/"
    assert check_in not in page
    assert client.get(check_in).status_code == 404  # the link would have been a dead end
    key_result_page = client.get(f"/w/{world.workspace.slug}/strategy/key-results/{kr.pk}/")
    assert 'name="confidence"' not in key_result_page.text


def test_every_check_in_link_offered_to_a_contributor_opens(world):
    kr = make_okr(world)
    services.key_result_update(actor=world.owner, key_result=kr, owner=world.contributor)
    client = _client(world.contributor)
    page = client.get(f"/w/{world.workspace.slug}/strategy/check-ins/").text
    links = re.findall(r'href="([^"]*/check-in/)"', page)
    assert links and all(client.get(link).status_code == 200 for link in links)


def test_reminders_go_only_to_people_who_can_check_in(world):
    kr = make_okr(world)
    services.key_result_update(actor=world.owner, key_result=kr, owner=world.contributor)
    _demote(world, world.contributor)
    assert send_checkin_reminders.call() == 0
    assert mail.outbox == []


def test_carrying_forward_hands_a_demoted_owners_key_result_to_the_objective_owner(world):
    from leitstern.strategy.models import Objective
    from leitstern.strategy.tests.factory import make_objective, make_past_cycle

    past = make_past_cycle(world.workspace, world.owner)
    objective = make_objective(past, world.editor, kind="aspirational")
    make_key_result(objective, world.owner, owner=world.contributor, current=12)
    _demote(world, world.contributor)
    _demote(world, world.editor)
    services.cycle_close(actor=world.owner, cycle=past, carry_forward=[objective.pk])
    copy = Objective.objects.get(carried_from=objective)
    (kr,) = copy.key_results.all()
    assert copy.owner == world.owner and kr.owner is None
