"""The round trip of one edit form with line breaks. The round trip of every edit form,
in English and in German, runs on the owner's crawl in ``test_crawl.py``; its parts are in
``round_trip.py``."""

from __future__ import annotations

from django.db import transaction
from django.test import Client

from leitstern.core.tests.round_trip import round_trip


def test_line_breaks_survive_an_unchanged_save(world):
    """Browsers send a text area's line breaks as CR LF; a value kept with LF must not count
    as changed (and be logged as a change) when nobody touched it."""
    from leitstern.products.services import product_update

    with transaction.atomic():
        product_update(
            actor=world.owner,
            product=world.product,
            vision="Shoppers find it.\nAnd trust it.",
            target_customers="Merchants\n\nand their shoppers",
        )
    client = Client()
    client.force_login(world.owner)
    page = f"/w/{world.workspace.slug}/products/{world.product.pk}/edit/"
    assert round_trip(client, page) == []
