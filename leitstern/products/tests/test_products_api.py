from __future__ import annotations

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.products.models import Product

pytestmark = pytest.mark.django_db


def _api(world, role: str = "editor") -> tuple[Client, dict]:
    _token, raw = api_token_create(actor=world.user(role), workspace=world.workspace, name="t")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _url(world, suffix: str = "") -> str:
    return f"/api/v1/workspaces/{world.workspace.slug}/products{suffix}"


def test_create_read_update_archive(world):
    client, auth = _api(world)
    created = client.post(
        _url(world),
        {"name": "Search", "vision": "Find it fast"},
        content_type="application/json",
        headers=auth,
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.get(_url(world, f"/{pk}"), headers=auth).json()["vision"] == "Find it fast"
    patched = client.patch(
        _url(world, f"/{pk}"),
        {"vision": "Find it faster", "note": "Benchmark"},
        content_type="application/json",
        headers=auth,
    )
    assert patched.json()["vision"] == "Find it faster"
    assert client.post(_url(world, f"/{pk}/archive"), headers=auth).json()["archived"] is True
    names = [p["name"] for p in client.get(_url(world, "?archived=true"), headers=auth).json()]
    assert names == ["Search"]


def test_missing_field_answers_422_with_field_and_reason(world):
    client, auth = _api(world)
    response = client.post(
        _url(world), {"vision": "x"}, content_type="application/json", headers=auth
    )
    assert response.status_code == 422
    assert response.json() == {
        "errors": [{"field": "name", "reason": "Field required", "location": "body"}]
    }


def test_a_rule_of_the_service_answers_422_and_saves_nothing(world):
    client, auth = _api(world)
    response = client.post(
        _url(world), {"name": world.product.name}, content_type="application/json", headers=auth
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["reason"] == (
        "This workspace already has a product of that name."
    )
    assert Product.objects.count() == 1


def test_malformed_json_is_a_structured_error_not_a_crash(world):
    client, auth = _api(world)
    response = client.post(_url(world), "{not json", content_type="application/json", headers=auth)
    assert response.status_code in (400, 422)
    assert "errors" in response.json()


def test_an_unknown_product_is_404_in_the_same_shape(world):
    client, auth = _api(world)
    response = client.get(_url(world, "/999999"), headers=auth)
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": None, "reason": "Not found."}]}


def test_openapi_spec_and_docs_are_served():
    spec = Client().get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/workspaces/{slug}/products"]["post"]
    assert operation["x-leitstern-need"] == "edit"
    assert Client().get("/api/v1/docs").status_code == 200
