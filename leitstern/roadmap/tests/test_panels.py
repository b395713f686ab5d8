"""The roadmap's panels on lower modules' pages: the items serving a key result on its
page, a product's roadmap on the product's page (contributions, no upward import)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from leitstern.roadmap import services
from leitstern.roadmap.models import Horizon
from leitstern.roadmap.tests.factory import make_item, make_roadmap
from leitstern.strategy.tests.factory import make_okr

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _get(world, user, name, pk):
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, args=[world.workspace.slug, pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_key_results_page_lists_the_items_serving_it_now_first(world):
    kr = make_okr(world)
    roadmap = make_roadmap(world)
    make_item(roadmap, world.owner, "Later outcome", horizon=Horizon.LATER, key_results=[kr])
    make_item(roadmap, world.owner, "Now outcome", horizon=Horizon.NOW, key_results=[kr])
    gone = make_item(roadmap, world.owner, "Removed outcome", key_results=[kr])
    services.item_remove(actor=world.owner, item=gone)
    make_item(roadmap, world.owner, "Unrelated outcome")

    page = _get(world, world.viewer, "strategy:key_result", kr.pk)
    assert "On the roadmap" in page
    assert "2 roadmap items serve this key result." in page
    assert page.index("Now outcome") < page.index("Later outcome")
    assert "Removed outcome" not in page and "Unrelated outcome" not in page


def test_a_key_result_without_items_shows_no_roadmap_panel(world):
    kr = make_okr(world)
    assert "On the roadmap" not in _get(world, world.owner, "strategy:key_result", kr.pk)


def test_a_products_page_shows_its_roadmap_at_a_glance(world):
    roadmap = make_roadmap(world)
    make_item(roadmap, world.owner, "Guest checkout", horizon=Horizon.NOW)
    make_item(roadmap, world.owner, "Wishlists", horizon=Horizon.LATER)
    make_item(roadmap, world.owner, "Loyalty app", horizon=Horizon.NOT_DOING)

    page = _get(world, world.viewer, "products:detail", roadmap.product_id)
    page = page[page.index('id="product-roadmap"') :]
    assert "Now: <strong>1</strong>" in page and "Later: <strong>1</strong>" in page
    assert "Not doing: <strong>1</strong>" in page
    assert "Guest checkout" in page and "Wishlists" not in page  # only Now is listed
    assert reverse("roadmap:board", args=[world.workspace.slug, roadmap.pk]) in page


def test_a_product_without_a_roadmap_offers_starting_one_to_editors_only(world):
    from leitstern.testing import make_product

    product = make_product(world.workspace, world.owner)
    assert "Start one" in _get(world, world.editor, "products:detail", product.pk)
    assert 'id="product-roadmap"' not in _get(world, world.viewer, "products:detail", product.pk)
