"""Two people editing one metric, cycle, objective or key result at once: changes to
different fields both stay; the same field changed by both is shown with both values."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.strategy import services
from leitstern.strategy.models import Cycle, KeyResult, Metric, Objective
from leitstern.strategy.tests.factory import make_metric, make_okr
from leitstern.testing import form_data

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    model: type
    url: str  # "{slug}" and "{pk}" filled in
    first: tuple[str, str]  # field, value as typed
    second: tuple[str, str]
    same: tuple[str, str, str]  # a field both change, each to another value


CASES = {
    "metric": Case(
        Metric,
        "/w/{slug}/strategy/metrics/{pk}/edit/",
        ("name", "Repeat buyers"),
        ("unit", "shoppers"),
        ("description", "Counted in the shop", "Counted in the warehouse"),
    ),
    "cycle": Case(
        Cycle,
        "/w/{slug}/strategy/cycles/{pk}/edit/",
        ("name", "Autumn push"),
        ("ends_on", "2100-01-01"),
        ("name", "Q4 focus", "Q4 bets"),
    ),
    "objective": Case(
        Objective,
        "/w/{slug}/strategy/objectives/{pk}/edit/",
        ("title", "Shoppers come back on their own"),
        ("description", "Because retention pays"),
        ("title", "Shoppers return", "Shoppers stay"),
    ),
    "key result": Case(
        KeyResult,
        "/w/{slug}/strategy/key-results/{pk}/edit/",
        ("title", "Raise repeat purchases from 10 to 25"),
        ("target", "25"),
        ("unit", "%", "orders"),
    ),
    "objective review": Case(
        Objective,
        "/w/{slug}/strategy/objectives/{pk}/",  # posted to …/review/
        ("learnings", "Delivery promises matter"),
        ("postmortem", "3-D Secure held us back"),
        ("learnings", "Discounts did not help", "Reviews did"),
    ),
}


def _object(world, name: str):
    kr = make_okr(world)
    if name == "metric":
        return make_metric(world.product, world.owner)
    if name == "cycle":
        return kr.objective.cycle
    if name in ("objective", "objective review"):
        return kr.objective
    return kr


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _load(client, world, case: Case, obj) -> tuple[str, dict]:
    url = case.url.format(slug=world.workspace.slug, pk=obj.pk)
    page = client.get(url).text
    if case.url.endswith("/{pk}/"):  # the review form on the objective's page
        return url + "review/", form_data(page, field="learnings")
    return url, form_data(page)


@pytest.mark.parametrize("name", list(CASES))
def test_changes_to_different_fields_both_stay(world, name):
    case, obj = CASES[name], _object(world, name)
    anna, ben = _client(world.owner), _client(world.editor)
    url, anna_form = _load(anna, world, case, obj)
    _url, ben_form = _load(ben, world, case, obj)
    anna_form[case.first[0]] = case.first[1]
    ben_form[case.second[0]] = case.second[1]
    assert anna.post(url, anna_form).status_code == 302
    assert ben.post(url, ben_form).status_code == 302
    stored = case.model.objects.get(pk=obj.pk)
    assert str(getattr(stored, case.first[0])) == case.first[1]
    assert str(getattr(stored, case.second[0])).removesuffix(".0") == case.second[1]
    assert stored.version == obj.version + 2


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_field_changed_by_both_is_shown_and_not_saved(world, name):
    case, obj = CASES[name], _object(world, name)
    field, theirs, mine = case.same
    anna, ben = _client(world.owner), _client(world.editor)
    url, anna_form = _load(anna, world, case, obj)
    _url, ben_form = _load(ben, world, case, obj)
    anna_form[field], ben_form[field] = theirs, mine
    assert anna.post(url, anna_form).status_code == 302
    response = ben.post(url, ben_form)
    assert response.status_code == 200
    assert "Someone changed this meanwhile." in response.text
    assert theirs in response.text and mine in response.text
    assert getattr(case.model.objects.get(pk=obj.pk), field) == theirs
    # Saving the form as shown again keeps Ben's value.
    assert ben.post(url, form_data(response.text, field=field)).status_code == 302
    assert getattr(case.model.objects.get(pk=obj.pk), field) == mine


def test_a_check_in_meanwhile_conflicts_with_an_edit_of_the_current_value(world):
    kr = make_okr(world)
    client = _client(world.editor)
    url = f"/w/{world.workspace.slug}/strategy/key-results/{kr.pk}/edit/"
    loaded = form_data(client.get(url).text)
    services.check_in_record(actor=world.contributor, key_result=kr, confidence=7, value=13)
    loaded["current"] = "12"
    response = client.post(url, loaded)
    assert "Someone changed this meanwhile." in response.text
    assert KeyResult.objects.get(pk=kr.pk).current == 13


# --- the API --------------------------------------------------------------------------


def _api(world) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    return Client(), {"Authorization": f"Bearer {raw}"}


API = {
    "metric": ("metrics", {"name": "A"}, {"unit": "B"}, "name"),
    "objective": ("objectives", {"title": "A"}, {"description": "B"}, "title"),
    "key result": ("key-results", {"title": "A"}, {"target": 30.0}, "title"),
}


@pytest.mark.parametrize("name", list(API))
def test_api_patches_merge_different_fields_and_refuse_a_changed_one(world, name):
    path, first, second, field = API[name]
    obj = _object(world, name)
    client, auth = _api(world)
    url = f"/api/v1/workspaces/{world.workspace.slug}/{path}/{obj.pk}"
    loaded = client.get(url, headers=auth)
    version = loaded.json()["version"]
    assert loaded.headers["ETag"] == f'"{version}"'
    match = {"If-Match": f'"{version}"'}

    def patch(body):
        return client.patch(url, body, content_type="application/json", headers={**auth, **match})

    assert patch(first).status_code == 200
    merged = patch(second)
    assert merged.status_code == 200 and merged.json()["version"] == version + 2
    assert merged.json()[field] == "A"
    refused = patch({field: "C"})
    assert refused.status_code == 409
    body = refused.json()
    assert body["version"] == version + 2 and body["current"][field] == "A"
    assert [error["field"] for error in body["errors"]] == [field]


def test_api_conflicts_name_related_fields_as_the_api_does(world):
    kr = make_okr(world)
    objective = kr.objective
    client, auth = _api(world)
    url = f"/api/v1/workspaces/{world.workspace.slug}/objectives/{objective.pk}"
    version = objective.version
    services.objective_update(actor=world.owner, objective=objective, owner=world.editor)
    response = client.patch(
        url,
        {"owner_id": world.contributor.pk, "version": version},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "owner_id"
