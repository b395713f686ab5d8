"""Share pages are never kept by a browser or proxy, and never indexed."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.forecasts.services import share_create, share_revoke
from leitstern.forecasts.tests.factory import sample_saved, sample_tracking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["forecast", "tracking"])
def test_a_share_page_says_no_store_and_noindex(world, target):
    made = sample_saved(world) if target == "forecast" else sample_tracking(world)
    _link, token = share_create(actor=world.owner, **{target: made})
    page = Client().get(f"/s/{token}/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "private" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex"
    assert page["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in page.text


def test_a_revoked_share_page_says_no_store_too(world):
    link, token = share_create(actor=world.owner, forecast=sample_saved(world))
    share_revoke(actor=world.owner, link=link)
    page = Client().get(f"/s/{token}/")
    assert page.status_code == 404
    assert "no-store" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex"
    assert "This link has been revoked" in page.text


def test_an_unknown_token_gets_the_same_headers():
    page = Client().get("/s/NotAToken-NotAToken-NotAToken-1234/")
    assert page.status_code == 404
    assert "no-store" in page["Cache-Control"] and page["X-Robots-Tag"] == "noindex"
    assert "This link is not available" in page.text
