"""Two people edit one product in real browsers: different fields merge; the same field
shows both values, and the second person decides."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from leitstern.products.models import Product
from leitstern.testing import browser_login, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_editors_in_two_browsers(page, browser, live_server):
    world = make_world()
    url = f"{live_server.url}/w/{world.workspace.slug}/products/{world.product.pk}/edit/"
    browser_login(page, live_server, world.owner)
    context = browser.new_context(locale="en-US")
    other = context.new_page()
    browser_login(other, live_server, world.editor)
    page.goto(url)
    other.goto(url)

    # Anna renames the product and changes the vision; Ben, from the same version,
    # changes the target customers and also the vision.
    page.get_by_label("Name").first.fill("Shopfront")
    page.get_by_label("Vision statement").fill("Anna's vision")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/products/{world.product.pk}/")
    other.get_by_label("Target customers").fill("Small shops")
    other.get_by_label("Vision statement").fill("Ben's vision")
    other.get_by_role("button", name="Save").click()

    conflict = other.locator("#edit-conflict")
    expect(conflict.get_by_text("Someone changed this meanwhile.")).to_be_visible()
    expect(conflict.get_by_text("Anna's vision")).to_be_visible()
    expect(conflict.get_by_text("Ben's vision")).to_be_visible()
    assert other.get_by_label("Name").first.input_value() == "Shopfront"  # Anna's, merged
    stored = Product.objects.get(pk=world.product.pk)
    assert (stored.vision, stored.target_customers) == ("Anna's vision", "")

    conflict.get_by_role("button", name="Keep the saved values for these fields").click()
    other.wait_for_url(f"**/products/{world.product.pk}/")
    stored = Product.objects.get(pk=world.product.pk)
    assert (stored.name, stored.vision, stored.target_customers) == (
        "Shopfront",
        "Anna's vision",
        "Small shops",
    )
    context.close()
