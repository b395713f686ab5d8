"""On a phone (390 px wide) no page scrolls sideways: wide tables scroll inside themselves,
everything else wraps. Checked in a real Chromium on the demo company, in German (the longer
words) for a signed-in owner and signed out on share links."""

from __future__ import annotations

import pytest
from django.db import transaction

from leitstern.core.tests.demo_snapshot import seeded_demo
from leitstern.forecasts.models import SavedForecast, TrackingForecast
from leitstern.forecasts.services import share_create
from leitstern.site.demo import DEMO_PASSWORD, DEMO_SLUG
from leitstern.strategy.models import Cycle, KeyResult, Metric
from leitstern.testing import browser_login, settled
from leitstern.workspaces.models import Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.long, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _pages(slug: str) -> list[str]:
    """The demo's main pages, one of each kind, found from its data."""
    cycle = Cycle.objects.filter(workspace__slug=slug, closed_at__isnull=True).first()
    key_result = (
        KeyResult.objects.filter(objective__cycle=cycle).order_by("-check_ins__week").first()
    )
    team = TrackingForecast.objects.first().team
    w = f"/w/{slug}"
    return [
        f"{w}/",
        f"{w}/products/",
        f"{w}/strategy/",
        f"{w}/strategy/cycles/{cycle.pk}/",
        f"{w}/strategy/objectives/{key_result.objective_id}/",
        f"{w}/strategy/key-results/{key_result.pk}/",
        f"{w}/strategy/key-results/{key_result.pk}/check-in/",
        f"{w}/strategy/metrics/{Metric.objects.filter(product__workspace__slug=slug).first().pk}/",
        f"{w}/strategy/at-risk/",
        f"{w}/teams/{team.pk}/",
        f"{w}/forecasts/teams/{team.pk}/items/",
        f"{w}/forecasts/teams/{team.pk}/forecast/",
        f"{w}/forecasts/teams/{team.pk}/accuracy/",
        f"{w}/forecasts/teams/{team.pk}/flow/",
        f"{w}/forecasts/saved/{SavedForecast.objects.filter(team=team).first().pk}/",
        f"{w}/forecasts/tracking/{TrackingForecast.objects.first().pk}/",
        f"{w}/activity/",
        f"{w}/members/",
    ]


def test_no_page_scrolls_sideways_on_a_phone(page, live_server):
    # Committed for the live server's thread; copied from the process's first seeding
    # where there was one (demo_snapshot.py), the same rows as seeding them again.
    with transaction.atomic():
        seeded_demo()
    owner = Membership.objects.get(workspace__slug=DEMO_SLUG, role=Role.OWNER).user
    owner.language = "de"
    owner.save()
    _link, forecast_token = share_create(actor=owner, forecast=SavedForecast.objects.first())
    _link, tracking_token = share_create(actor=owner, tracking=TrackingForecast.objects.first())

    page.set_viewport_size(PHONE)
    browser_login(page, live_server, owner, DEMO_PASSWORD)
    wide = {}
    for path in _pages(DEMO_SLUG):
        page.goto(live_server.url + path)
        settled(page)
        assert page.locator("main h1").count() >= 1, path
        if (extra := _overflow(page)) > 0:
            wide[path] = extra

    page.context.clear_cookies()
    for token in (forecast_token, tracking_token):
        page.goto(f"{live_server.url}/s/{token}/")
        settled(page)
        if (extra := _overflow(page)) > 0:
            wide[f"/s/{token[:4]}…/"] = extra

    assert wide == {}, f"pages wider than the phone (px too wide): {wide}"
