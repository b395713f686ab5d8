"""The product lead's flow in a real Chromium: add an item linked to a key result, an
opportunity and a hypothesis → see its evidence chain on the item page → move it from Next
to Now with a why → see it in the history and in "what changed" → share the customers'
view → open it signed out and see no internal fields and no evidence."""

from __future__ import annotations

import re

import pytest

from leitstern.discovery.tests.factory import make_hypothesis, make_opportunity
from leitstern.roadmap.models import Horizon, RoadmapItem
from leitstern.roadmap.tests.factory import (
    make_audience,
    make_item,
    make_roadmap,
    make_snapshot,
)
from leitstern.strategy.tests.factory import make_okr
from leitstern.testing import browser_login, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_move_with_why_see_history_and_share_the_customer_view(page, live_server, world):
    roadmap = make_roadmap(world, world.product)
    kr = make_okr(world)
    opportunity = make_opportunity(world, title="Returning buyers cannot find their last order")
    hypothesis = make_hypothesis(world, statement="Reorder in one click lifts repeat purchases")
    make_item(roadmap, world.owner, "Internal billing rework", visibility="internal")
    audience = make_audience(world, name="Customers", preset="customers", roadmaps=[roadmap])
    browser_login(page, live_server, world.editor)
    base = f"{live_server.url}/w/{world.workspace.slug}/roadmap"

    page.goto(f"{base}/{roadmap.pk}/items/new/")
    page.get_by_label("Title").fill("One-click reorder")
    page.get_by_label("Outcome or problem it serves").fill("Returning buyers reorder in seconds")
    page.get_by_label("Key results").select_option(str(kr.pk))
    page.get_by_label("Opportunities").select_option(str(opportunity.pk))
    page.get_by_label("Hypotheses").select_option(str(hypothesis.pk))
    page.get_by_label("Visibility").select_option("public")
    page.get_by_label("Owner").select_option(str(world.editor.pk))
    page.get_by_role("button", name="Add item").click()
    page.get_by_text("“One-click reorder” added.").wait_for()
    item = RoadmapItem.objects.get(title="One-click reorder")
    assert item.horizon == Horizon.NEXT and list(item.key_results.all()) == [kr]
    assert list(item.hypotheses.all()) == [hypothesis]

    page.goto(f"{base}/items/{item.pk}/")
    chain = page.locator("ol.chain").inner_text()
    assert re.search(r"1\s*opportunity", chain) and re.search(r"1\s*hypothesis", chain)
    assert re.search(r"1\s*key result", chain) and "0 verdicts" in chain
    assert opportunity.title in page.locator(".evidence-opportunities").inner_text()
    hypotheses = page.locator(".evidence-hypotheses").inner_text()
    assert hypothesis.statement in hypotheses and "no verdict yet" in hypotheses
    review = make_snapshot(roadmap, world.owner)  # the last review, before the move

    page.goto(f"{base}/items/{item.pk}/move/")
    page.get_by_label("Move to").select_option("now")
    page.get_by_label("Why?").fill("Interviews showed returning buyers miss it (3 quotes)")
    page.get_by_role("button", name="Move").click()
    page.get_by_text("“One-click reorder” is now in Now.").wait_for()

    page.goto(f"{base}/{roadmap.pk}/history/")
    story = page.locator("main").inner_text()
    assert "Moved “One-click reorder” from Next to Now" in story
    assert "Interviews showed returning buyers miss it (3 quotes)" in story

    page.goto(f"{base}/{roadmap.pk}/changes/?since_snapshot={review.pk}")
    moved = page.locator("main section", has_text="Moved")
    assert "One-click reorder" in moved.inner_text()
    assert "Added" not in page.locator("main").inner_text()

    page.goto(f"{base}/audiences/{audience.pk}/")
    page.get_by_role("button", name="Create share link").click()
    url = page.locator(".token").inner_text().strip()
    assert re.search(r"/s/r/[^/]+/$", url)

    signed_out = page.context.browser.new_context(locale="en-US")
    public = signed_out.new_page()
    response = public.goto(url if url.startswith("http") else live_server.url + url)
    assert (
        response.headers["cache-control"].startswith("no-store")
        or "no-store" in response.headers["cache-control"]
    )
    shown = public.locator("body").inner_text()
    assert "One-click reorder" in shown
    assert "Returning buyers reorder in seconds" in shown
    assert "Internal billing rework" not in shown  # internal item
    assert world.editor.name not in shown  # no owners
    assert "%" not in shown  # no confidence numbers
    assert opportunity.title not in shown and hypothesis.statement not in shown  # no evidence
    signed_out.close()


def test_no_roadmap_page_scrolls_sideways_on_a_phone(page, live_server):
    """The demo's roadmap pages in German (the longer words) and a share link signed out,
    390 px wide: wide parts (the timeline) scroll inside themselves, everything else wraps."""
    from django.db import transaction

    from leitstern.core.tests.demo_snapshot import seeded_demo
    from leitstern.roadmap import services
    from leitstern.roadmap.models import Audience, Decision, Roadmap
    from leitstern.site.demo import DEMO_PASSWORD, DEMO_SLUG
    from leitstern.workspaces.models import Membership, Role

    # Committed for the live server's thread; copied from the process's first seeding
    # where there was one (demo_snapshot.py), the same rows as seeding them again.
    with transaction.atomic():
        seeded_demo()
    owner = Membership.objects.get(workspace__slug=DEMO_SLUG, role=Role.OWNER).user
    owner.language = "de"
    owner.save()
    roadmap = Roadmap.objects.filter(workspace__slug=DEMO_SLUG, product__name="Storefront").get()
    audience = Audience.objects.filter(workspace__slug=DEMO_SLUG).first()
    _link, token = services.link_create(actor=owner, audience=audience)
    w = f"/w/{DEMO_SLUG}/roadmap"
    item = roadmap.items.current().filter(status="measuring", hypotheses__isnull=False).first()
    paths = [
        f"{w}/",
        *(
            f"{w}/{roadmap.pk}/{view}"
            for view in ["", "timeline/", "table/", "outcomes/", "history/", "changes/"]
        ),
        f"{w}/{roadmap.pk}/decisions/",
        f"{w}/decisions/{Decision.objects.filter(roadmap=roadmap).first().pk}/",
        f"{w}/items/{item.pk}/",
        f"{w}/items/{item.pk}/edit/",
        f"{w}/audiences/",
        f"{w}/audiences/{audience.pk}/",
    ]

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, owner, DEMO_PASSWORD)
    wide = {}
    for path in paths:
        page.goto(live_server.url + path)
        settled(page)
        assert page.locator("main h1").count() >= 1, path
        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if extra > 0:
            wide[path] = extra
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/s/r/{token}/")
    settled(page)
    if (extra := page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) > 0:
        wide["share link"] = extra
    assert wide == {}, f"pages wider than the phone (px too wide): {wide}"
