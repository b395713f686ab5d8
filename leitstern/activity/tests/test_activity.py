from __future__ import annotations

import pytest
from django.test import Client

from leitstern.products.services import product_update
from leitstern.products.tests.factory import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        other = make_product(world.workspace, world.editor, "Checkout")
        product_update(actor=world.owner, product=world.product, vision="New direction")
        product_update(actor=world.editor, product=other, vision="Pay fast", note="Why not")
    return other


def _page(world, query: str = "", **headers) -> str:
    client = Client()
    client.force_login(world.viewer)
    return client.get(f"/w/{world.workspace.slug}/activity/{query}", headers=headers).text


def test_lists_who_did_what_with_field_changes_and_why(world, history):
    text = _page(world)
    assert "changed a product" in text
    assert "Pay fast" in text and "Why: Why not" in text
    assert "vision statement" in text  # the field's readable name, not vision


def test_filters_by_product_person_and_kind(world, history):
    by_product = _page(world, f"?product={history.pk}")
    assert "Checkout" in by_product and "New direction" not in by_product
    by_person = _page(world, f"?person={world.owner.pk}&kind=product.updated")
    assert "New direction" in by_person and "Pay fast" not in by_person


def test_nonsense_filters_are_ignored_not_an_error(world, history):
    assert "changed a product" in _page(world, "?product=abc&person=&page=999")


def test_htmx_gets_just_the_entries(world, history):
    fragment = _page(world, "?kind=product.updated", **{"HX-Request": "true"})
    assert fragment.lstrip().startswith('<div id="entries">')


def test_in_german(world, history):
    world.viewer.language = "de"
    world.viewer.save()
    assert "hat ein Produkt geändert" in _page(world)


def test_query_count_is_flat(world, history, django_assert_max_num_queries):
    client = Client()
    client.force_login(world.viewer)
    with django_assert_max_num_queries(12):
        client.get(f"/w/{world.workspace.slug}/activity/")
