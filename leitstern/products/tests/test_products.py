from __future__ import annotations

import pytest
from django.test import Client

from leitstern.activity.models import ActivityEntry
from leitstern.products.models import Product
from leitstern.products.tests.factory import make_product

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_editor_creates_a_product_with_its_vision(world):
    response = _client(world.editor).post(
        f"/w/{world.workspace.slug}/products/new/",
        {"name": "Marketplace", "vision": "Every seller finds buyers.", "vision_for": "sellers"},
    )
    product = Product.objects.get(name="Marketplace")
    assert response.url == f"/w/{world.workspace.slug}/products/{product.pk}/"
    assert product.vision_for == "sellers" and product.workspace == world.workspace


def test_a_product_without_a_name_is_refused_with_a_field_message(world):
    response = _client(world.editor).post(f"/w/{world.workspace.slug}/products/new/", {"name": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Product.objects.count() == 1  # only the world's own


def test_two_active_products_cannot_share_a_name(world):
    response = _client(world.editor).post(
        f"/w/{world.workspace.slug}/products/new/", {"name": world.product.name}
    )
    assert "This workspace already has a product of that name." in response.text


def test_an_archived_products_name_can_be_used_again(world):
    client = _client(world.editor)
    client.post(f"/w/{world.workspace.slug}/products/{world.product.pk}/archive/")
    client.post(f"/w/{world.workspace.slug}/products/new/", {"name": world.product.name})
    assert Product.objects.filter(name=world.product.name).count() == 2
    # Restoring the old one would make two active products of that name.
    client.post(f"/w/{world.workspace.slug}/products/{world.product.pk}/restore/")
    world.product.refresh_from_db()
    assert world.product.is_archived


def test_editing_records_each_changed_field_and_the_reason(
    world, django_capture_on_commit_callbacks
):
    data = {f: getattr(world.product, f) for f in Product.EDITABLE_FIELDS}
    data.update(vision="Shoppers trust what they see.", note="Interviews showed distrust")
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world.editor).post(
            f"/w/{world.workspace.slug}/products/{world.product.pk}/edit/", data
        )
    assert response.status_code == 302
    entry = ActivityEntry.objects.get(kind="product.updated")
    assert entry.changes == {"vision": ["", "Shoppers trust what they see."]}
    assert entry.note == "Interviews showed distrust"
    assert entry.actor == world.editor and entry.product == world.product


def test_a_rolled_back_write_leaves_no_activity(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _client(world.editor).post(f"/w/{world.workspace.slug}/products/new/", {"name": ""})
    assert (
        not ActivityEntry.objects.filter(kind="product.created")
        .exclude(product=world.product)
        .exists()
    )


def test_archive_hides_the_product_from_the_list_but_keeps_it(world):
    client = _client(world.editor)
    client.post(f"/w/{world.workspace.slug}/products/{world.product.pk}/archive/")
    link = f"/products/{world.product.pk}/"
    assert link not in client.get(f"/w/{world.workspace.slug}/products/").text
    assert link in client.get(f"/w/{world.workspace.slug}/products/?archived=1").text


def test_viewers_see_products_but_no_edit_controls(world):
    page = _client(world.viewer).get(f"/w/{world.workspace.slug}/products/{world.product.pk}/")
    assert world.product.name in page.text
    assert "/edit/" not in page.text


def test_the_list_answers_htmx_with_the_table_fragment_only(world):
    response = _client(world.viewer).get(
        f"/w/{world.workspace.slug}/products/?archived=1", headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="product-table">')
    assert "<html" not in response.text


def test_list_query_count_stays_flat(world, django_assert_max_num_queries):
    for n in range(30):
        make_product(world.workspace, world.owner, f"P{n}")
    client = _client(world.viewer)
    with django_assert_max_num_queries(8):
        assert client.get(f"/w/{world.workspace.slug}/products/").status_code == 200


def _keys(changes) -> set[str]:
    return set(changes.__required_keys__ | changes.__optional_keys__)


def test_the_service_takes_every_field_the_form_and_the_api_edit():
    from leitstern.products.api import ProductPatch
    from leitstern.products.forms import ProductForm
    from leitstern.products.services import ProductChanges, ProductVision

    assert _keys(ProductChanges) == set(Product.EDITABLE_FIELDS) == set(ProductForm.edit_fields)
    assert _keys(ProductVision) == set(Product.EDITABLE_FIELDS) - {"name"}
    assert set(ProductPatch.model_fields) - {"note", "version"} == _keys(ProductChanges)
