"""Two people editing one product: different fields merge, the same field is a conflict
that shows both values, never a silent loss."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.products.models import Product
from leitstern.products.services import product_update
from leitstern.testing import form_data

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _edit_url(world) -> str:
    return f"/w/{world.workspace.slug}/products/{world.product.pk}/edit/"


def _loaded(client, world) -> dict:
    return form_data(client.get(_edit_url(world)).text)


def test_two_editors_changing_different_fields_keep_both_changes(world):
    anna, ben = _client(world.owner), _client(world.editor)
    anna_form, ben_form = _loaded(anna, world), _loaded(ben, world)
    anna_form["name"] = "Storefront 2"
    ben_form["vision"] = "Every shopper finds it in a minute."
    assert anna.post(_edit_url(world), anna_form).status_code == 302
    assert ben.post(_edit_url(world), ben_form).status_code == 302
    product = Product.objects.get(pk=world.product.pk)
    assert product.name == "Storefront 2"
    assert product.vision == "Every shopper finds it in a minute."
    assert product.version == 3


def test_only_the_changed_field_is_logged(world):
    client = _client(world.editor)
    data = _loaded(client, world)
    data["vision_for"] = "small shops"
    client.post(_edit_url(world), data)
    entry = ActivityEntry.objects.filter(kind="product.updated").get()
    assert entry.changes == {"vision_for": ["", "small shops"]}


def test_an_unchanged_form_saves_nothing(world):
    client = _client(world.editor)
    product_update(actor=world.owner, product=world.product, vision="Line one\nline two")
    data = _loaded(client, world)
    data["vision"] = data["vision"].replace("\n", "\r\n")  # as browsers send text areas
    assert client.post(_edit_url(world), data).status_code == 302
    product = Product.objects.get(pk=world.product.pk)
    assert product.version == world.product.version == 2
    assert ActivityEntry.objects.filter(kind="product.updated").count() == 1


def test_the_same_field_changed_by_both_shows_both_values_and_saves_nothing(world):
    anna, ben = _client(world.owner), _client(world.editor)
    anna_form, ben_form = _loaded(anna, world), _loaded(ben, world)
    anna_form["name"] = "Shopfront"
    ben_form.update(name="Storefront Pro", vision="Ben's vision")
    anna.post(_edit_url(world), anna_form)
    response = ben.post(_edit_url(world), ben_form)
    assert response.status_code == 200
    assert "Someone changed this meanwhile." in response.text
    assert "Shopfront" in response.text and "Storefront Pro" in response.text
    product = Product.objects.get(pk=world.product.pk)
    assert (product.name, product.vision) == ("Shopfront", "")
    # The form shown again holds Ben's values on top of the stored version.
    again = form_data(response.text)
    assert again["name"] == "Storefront Pro" and again["vision"] == "Ben's vision"
    assert int(again["version"]) == product.version


def test_after_a_conflict_saving_again_keeps_mine(world):
    anna, ben = _client(world.owner), _client(world.editor)
    anna_form, ben_form = _loaded(anna, world), _loaded(ben, world)
    anna_form.update(name="Shopfront", vision_for="Anna's shoppers")
    ben_form.update(name="Storefront Pro", vision="Ben's vision")
    anna.post(_edit_url(world), anna_form)
    shown = form_data(ben.post(_edit_url(world), ben_form).text)
    assert ben.post(_edit_url(world), shown).status_code == 302
    product = Product.objects.get(pk=world.product.pk)
    assert product.name == "Storefront Pro"  # Ben chose his
    assert product.vision == "Ben's vision"
    assert product.vision_for == "Anna's shoppers"  # Anna's other change stays


def test_after_a_conflict_keeping_the_saved_values_keeps_my_other_changes(world):
    anna, ben = _client(world.owner), _client(world.editor)
    anna_form, ben_form = _loaded(anna, world), _loaded(ben, world)
    anna_form["name"] = "Shopfront"
    ben_form.update(name="Storefront Pro", vision="Ben's vision")
    anna.post(_edit_url(world), anna_form)
    response = ben.post(_edit_url(world), ben_form)
    shown = form_data(response.text)
    shown["keep_current"] = "name"  # the button "Keep the saved values for these fields"
    assert ben.post(_edit_url(world), shown).status_code == 302
    product = Product.objects.get(pk=world.product.pk)
    assert (product.name, product.vision) == ("Shopfront", "Ben's vision")


def test_the_conflict_is_shown_in_german(world):
    world.editor.language = "de"
    world.editor.save()
    anna, ben = _client(world.owner), _client(world.editor)
    anna_form, ben_form = _loaded(anna, world), _loaded(ben, world)
    anna_form["name"] = "Shopfront"
    ben_form["name"] = "Storefront Pro"
    anna.post(_edit_url(world), anna_form)
    response = ben.post(_edit_url(world), ben_form)
    assert "Jemand hat das inzwischen geändert." in response.text


# --- the API --------------------------------------------------------------------------


def _api(world, role: str) -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=world.user(role), workspace=world.workspace, name="t")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _api_url(world) -> str:
    return f"/api/v1/workspaces/{world.workspace.slug}/products/{world.product.pk}"


def _patch(client, auth, world, body: dict, **headers):
    return client.patch(
        _api_url(world), body, content_type="application/json", headers={**auth, **headers}
    )


def test_answers_name_the_version_in_the_body_and_the_etag(world):
    client, auth = _api(world, "viewer")
    response = client.get(_api_url(world), headers=auth)
    assert response.json()["version"] == 1
    assert response.headers["ETag"] == '"1"'


def test_patches_of_different_fields_from_the_same_version_both_apply(world):
    client, auth = _api(world, "editor")
    first = _patch(client, auth, world, {"name": "Shopfront"}, **{"If-Match": '"1"'})
    second = _patch(client, auth, world, {"vision": "Fast"}, **{"If-Match": '"1"'})
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["name"] == "Shopfront" and second.json()["vision"] == "Fast"
    assert second.json()["version"] == 3 and second.headers["ETag"] == '"3"'


def test_a_patch_of_a_field_changed_meanwhile_answers_409_with_the_stored_object(world):
    client, auth = _api(world, "editor")
    _patch(client, auth, world, {"name": "Shopfront"}, **{"If-Match": '"1"'})
    response = _patch(client, auth, world, {"name": "Storefront Pro", "version": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == 2 and body["current"]["name"] == "Shopfront"
    assert body["errors"][0]["field"] == "name"
    assert Product.objects.get(pk=world.product.pk).name == "Shopfront"


def test_a_patch_without_a_version_changes_only_the_fields_it_sends(world):
    client, auth = _api(world, "editor")
    _patch(client, auth, world, {"name": "Shopfront"})
    response = _patch(client, auth, world, {"vision": "Fast"})
    assert response.json()["name"] == "Shopfront" and response.json()["version"] == 3


@pytest.mark.parametrize("header", ["W/1x", '"1", "2"', "one", '"99999999999"'])
def test_an_unreadable_if_match_is_a_422_naming_the_header(world, header):
    client, auth = _api(world, "editor")
    response = _patch(client, auth, world, {"name": "X"}, **{"If-Match": header})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "If-Match"


def test_if_match_and_version_must_agree(world):
    client, auth = _api(world, "editor")
    response = _patch(client, auth, world, {"name": "X", "version": 2}, **{"If-Match": '"1"'})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "version"


def test_a_version_that_never_existed_is_a_conflict(world):
    client, auth = _api(world, "editor")
    response = _patch(client, auth, world, {"name": "X"}, **{"If-Match": '"7"'})
    assert response.status_code == 409
    assert Product.objects.get(pk=world.product.pk).name == world.product.name


def test_saving_a_stored_product_whole_is_refused(world):
    """A full-row save would overwrite what someone else changed meanwhile."""
    world.product.vision = "Sneaky"
    with pytest.raises(RuntimeError, match="update_versioned"):
        world.product.save()
