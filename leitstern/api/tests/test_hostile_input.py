"""Absurd and hostile input through the API: each answer is a structured 422 naming the
field (or 413 for a body over the limit), never a 500, and nothing is saved."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.core import limits
from leitstern.forecasts.tests.factory import sample_team
from leitstern.products.models import Product
from leitstern.strategy.models import Metric
from leitstern.strategy.tests.factory import make_metric, make_okr
from leitstern.testing import World


@pytest.fixture
def api(world: World):
    """Calls the API with an owner's token; ``raw`` sends a body exactly as given."""
    _, token = api_token_create(actor=world.owner, workspace=world.workspace, name="hostile")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    base = f"/api/v1/workspaces/{world.workspace.slug}"

    class Api:
        def call(self, method: str, path: str, body=None, *, raw: str | bytes | None = None):
            url = path if path.startswith("/api/") else base + path
            if raw is None and body is not None:
                raw = json.dumps(body)
            kwargs = {"data": raw, "content_type": "application/json"} if raw is not None else {}
            return getattr(client, method)(url, **kwargs)

    return Api()


def _fields(response) -> list[str | None]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return [error["field"] for error in response.json()["errors"]]


def test_forecast_of_a_trillion_items_is_refused_not_allocated(api, world):
    team = sample_team(world)
    response = api.call("post", f"/teams/{team.pk}/forecast", {"question": "when", "items": 10**12})
    assert response.status_code == 422
    assert _fields(response) == ["items"]


def test_tracking_of_a_trillion_items_is_refused(api, world):
    team = sample_team(world)
    body = {"name": "Huge", "items": 10**12, "start": "2026-01-01"}
    response = api.call("post", f"/teams/{team.pk}/tracking", body)
    assert response.status_code == 422
    assert _fields(response) == ["items"]
    assert not team.tracking_forecasts.filter(name="Huge").exists()


def test_negative_seed_is_refused(api, world):
    team = sample_team(world)
    body = {"question": "when", "items": 10, "engine": "montecarlo", "seed": -1}
    response = api.call("post", f"/teams/{team.pk}/forecast", body)
    assert response.status_code == 422
    assert _fields(response) == ["seed"]


@pytest.mark.parametrize(
    "query,field",
    [("offset=-1", "offset"), ("limit=0", "limit"), (f"offset={2**64}", "offset")],
)
def test_item_paging_out_of_range_is_refused(api, world, query, field):
    team = sample_team(world)
    response = api.call("get", f"/teams/{team.pk}/items?{query}")
    assert response.status_code == 422
    assert _fields(response) == [field]


def test_integers_beyond_64_bits_are_refused_in_paths_bodies_and_lists(api, world):
    response = api.call("get", f"/products/{2**70}")
    assert response.status_code == 422
    assert _fields(response) == ["product_id"]

    response = api.call("post", "/teams", {"name": "Squad", "products": [2**70]})
    assert response.status_code == 422
    assert _fields(response) == ["products.0"]

    kr = make_okr(world)
    response = api.call("patch", f"/objectives/{kr.objective_id}", {"owner_id": 2**64})
    assert response.status_code == 422
    assert _fields(response) == ["owner_id"]


@pytest.mark.parametrize(
    "path_of,body,field",
    [
        (lambda w: f"/products/{w.product.pk}", {"name": None}, "name"),
        (lambda w: f"/products/{w.product.pk}", {"vision": None}, "vision"),
        (lambda w: f"/teams/{sample_team(w).pk}", {"members": None}, "members"),
        (lambda w: f"/metrics/{make_metric(w.product, w.owner).pk}", {"name": None}, "name"),
        (lambda w: f"/key-results/{make_okr(w).pk}", {"target": None}, "target"),
        (lambda w: f"/objectives/{make_okr(w).objective_id}", {"title": None}, "title"),
        (lambda w: f"/objectives/{make_okr(w).objective_id}", {"owner_id": None}, "owner_id"),
    ],
)
def test_null_for_a_required_field_on_patch_is_refused(api, world, path_of, body, field):
    response = api.call("patch", path_of(world), body)
    assert response.status_code == 422
    assert _fields(response) == [field]


def test_null_clears_a_field_that_may_be_empty(api, world):
    metric = make_metric(world.product, world.owner)
    Metric.objects.filter(pk=metric.pk).update(range_low=1.0)
    response = api.call("patch", f"/metrics/{metric.pk}", {"range_low": None})
    assert response.status_code == 200
    metric.refresh_from_db()
    assert metric.range_low is None


@pytest.mark.parametrize(
    "method,path,body,field",
    [
        ("post", "/products", {"name": "Store\x00front"}, "name"),
        ("post", "/products", {"name": "Storefront", "vision": "a\x00b"}, "vision"),
        ("post", "/cycles", {"name": "Q1\x00"}, "name"),
    ],
)
def test_nul_characters_are_refused(api, world, method, path, body, field):
    products = Product.objects.count()
    response = api.call(method, path, body)
    assert response.status_code == 422
    assert _fields(response) == [field]
    assert Product.objects.count() == products


def test_nul_in_a_query_or_path_is_refused(api, world):
    team = sample_team(world)
    response = api.call("get", f"/teams/{team.pk}/items?q=a%00b")
    assert response.status_code == 422
    assert _fields(response) == ["q"]
    response = api.call("get", "/api/v1/workspaces/de%00mo/products")
    assert response.status_code == 422
    assert _fields(response) == ["slug"]


def test_dates_outside_1970_to_2100_are_refused(api, world):
    team = sample_team(world)
    body = {"items": [{"key": "OLD-1", "done": "0001-01-01"}]}
    response = api.call("post", f"/teams/{team.pk}/items", body)
    assert response.status_code == 422
    assert _fields(response) == ["items.0.done"]
    assert not team.items.filter(key="OLD-1").exists()

    response = api.call("post", "/cycles", {"starts_on": "2101-01-01", "ends_on": "2101-03-31"})
    assert response.status_code == 422
    assert set(_fields(response)) == {"starts_on", "ends_on"}


def test_a_body_over_the_limit_is_413_in_the_json_error_format(api, world):
    body = json.dumps({"name": "x", "vision": "v" * (limits.MAX_BODY_BYTES + 500_000)})
    response = api.call("post", "/products", raw=body)
    assert response.status_code == 413
    assert _fields(response) == [None]
    assert "2 MiB" in response.json()["errors"][0]["reason"]
    assert not Product.objects.filter(name="x").exists()


def test_a_body_that_is_not_an_object_is_refused(api, world):
    response = api.call("patch", f"/products/{world.product.pk}", raw='"Storefront"')
    assert response.status_code == 422


def test_a_body_that_is_not_json_is_400_in_the_json_error_format(api, world):
    response = api.call("post", "/products", raw="{name: ")
    assert response.status_code == 400
    assert _fields(response) == [None]


# --- NaN and Infinity ----------------------------------------------------------------------


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_and_infinity_are_refused_on_metric_patch(api, world, literal):
    metric = make_metric(world.product, world.owner)
    response = api.call("patch", f"/metrics/{metric.pk}", raw=f'{{"range_low": {literal}}}')
    assert response.status_code == 422
    assert _fields(response) == ["range_low"]
    metric.refresh_from_db()
    assert metric.range_low is None
    assert api.call("get", f"/metrics/{metric.pk}").json()["range_low"] is None


@pytest.mark.parametrize(
    "path_of,raw,field",
    [
        (
            lambda w: f"/metrics/{make_metric(w.product, w.owner).pk}/values",
            '{"values": [{"date": "2026-01-05", "value": Infinity}]}',
            "values.0.value",
        ),
        (lambda w: f"/key-results/{make_okr(w).pk}", '{"target": NaN}', "target"),
        (
            lambda w: f"/key-results/{make_okr(w).pk}/check-ins",
            '{"confidence": 5, "value": -Infinity}',
            "value",
        ),
        (lambda w: f"/key-results/{make_okr(w).pk}", '{"baseline": 1e300}', "baseline"),
    ],
)
def test_nan_infinity_and_absurd_magnitudes_are_refused(api, world, path_of, raw, field):
    method = "post" if raw.startswith('{"values"') or "confidence" in raw else "patch"
    response = api.call(method, path_of(world), raw=raw)
    assert response.status_code == 422
    assert _fields(response) == [field]


def test_the_metric_service_refuses_nan_too(world):
    from django.core.exceptions import ValidationError

    from leitstern.strategy.services import metric_update

    metric = make_metric(world.product, world.owner)
    with pytest.raises(ValidationError) as refused:
        metric_update(actor=world.owner, metric=metric, range_high=float("nan"))
    assert "range_high" in refused.value.error_dict


def test_a_non_finite_number_already_stored_never_answers_invalid_json(api, world):
    metric = make_metric(world.product, world.owner)
    # A value stored before these checks existed, written straight to the table.
    Metric.objects.filter(pk=metric.pk).update(range_high=float("inf"))
    response = api.call("get", f"/metrics/{metric.pk}")
    assert response.status_code == 500
    body = json.loads(response.content, parse_constant=lambda name: pytest.fail(name))
    assert body["errors"][0]["field"] is None


# --- every error under /api/ is JSON -------------------------------------------------------


def test_a_method_an_operation_does_not_take_is_405_json_with_allow(api):
    response = api.call("put", "/api/v1/me", {})
    assert response.status_code == 405
    assert _fields(response) == [None]
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v2/me", "/api/"])
def test_an_unknown_path_under_api_is_404_json(api, path):
    response = api.call("get", path)
    assert response.status_code == 404
    assert _fields(response) == [None]


def test_an_unknown_host_under_api_is_400_json():
    response = Client().get("/api/v1/me", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert _fields(response) == [None]


def test_pages_outside_api_keep_their_html_errors(world):
    client = Client()
    client.force_login(world.owner)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,reason",
    [
        ("\u200b\u200c\u200d", "visible"),
        ("\u3164", "visible"),
        ("Invoice\u202egpj.exe", "direction"),
        ("\u2066Storefront\u2069", "direction"),
    ],
)
def test_invisible_and_bidi_names_are_refused(api, world, name, reason):
    for path, body in [
        ("/products", {"name": name}),
        ("/teams", {"name": name}),
        (f"/products/{world.product.pk}/metrics", {"name": name}),
        *([("/cycles", {"name": name})] if reason == "direction" else []),
    ]:
        response = api.call("post", path, body)
        assert response.status_code == 422, path
        assert _fields(response) == ["name"], path
        assert reason in response.json()["errors"][0]["reason"], path
    kr = make_okr(world)
    response = api.call("patch", f"/key-results/{kr.pk}", {"title": name})
    assert _fields(response) == ["title"]


def test_an_optional_name_of_only_invisible_characters_counts_as_empty(api, world):
    body = {"name": "\u200b", "starts_on": "2026-01-01", "ends_on": "2026-03-31"}
    response = api.call("post", "/cycles", body)
    assert response.status_code == 201
    assert response.json()["name"] == "Q1 2026"


def test_names_lose_surrounding_invisible_characters(api, world):
    response = api.call("post", "/products", {"name": " \u200bMarketplace\u200b "})
    assert response.status_code == 201
    assert response.json()["name"] == "Marketplace"
