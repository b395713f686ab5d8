"""Items link to discovery's opportunities and hypotheses: the links are kept in the
history, set through the form's service and the API (with If-Match), and the item page
shows the chain from the quotes up to the North Star with each hypothesis' verdict. A
measuring item waits for its verdicts: it stays on the board and the timeline, and marking
it done before them asks why. Shared views never show the evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from leitstern.discovery.tests.factory import (
    closed_experiment,
    make_hypothesis,
    make_opportunity,
)
from leitstern.roadmap import clock, periods, services
from leitstern.roadmap.models import Horizon, ItemChange, Status
from leitstern.roadmap.tests.factory import make_audience, make_item, make_link, make_roadmap
from leitstern.roadmap.tests.test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _linked(world, **data):
    opportunity = make_opportunity(world, title="Returning buyers cannot find last order")
    hypothesis = make_hypothesis(world, statement="One-click reorder lifts repeat purchases")
    item = make_item(
        make_roadmap(world, world.product),
        world.owner,
        "One-click reorder",
        horizon=Horizon.NOW,
        opportunities=[opportunity],
        hypotheses=[hypothesis],
        visibility="public",
        **data,
    )
    return item, opportunity, hypothesis


def test_linking_an_opportunity_later_is_kept_in_the_history(world):
    item = make_item(make_roadmap(world, world.product), world.owner, "Saved carts")
    opportunity = make_opportunity(world, title="Carts get lost between devices")
    services.item_update(
        actor=world.editor, item=item, opportunities=[opportunity], why="Seen in 4 interviews"
    )
    change = ItemChange.objects.filter(item=item).latest("id")
    assert change.why == "Seen in 4 interviews"
    assert change.changes["opportunities"][1] == "Carts get lost between devices"
    assert list(item.opportunities.all()) == [opportunity]


def test_done_without_a_verdict_asks_why_and_saves_nothing(world):
    item, _opportunity, hypothesis = _linked(world, status=Status.MEASURING)
    version = item.version
    with pytest.raises(ValidationError) as caught:
        services.item_update(actor=world.editor, item=item, status=Status.DONE)
    message = caught.value.message_dict["why"][0]
    assert "no verdict yet" in message and str(hypothesis) in message
    item.refresh_from_db()
    assert (item.status, item.version) == (Status.MEASURING, version)

    services.item_update(
        actor=world.editor, item=item, status=Status.DONE, why="Experiment dropped: no traffic"
    )
    item.refresh_from_db()
    assert item.status == Status.DONE
    assert ItemChange.objects.filter(item=item).latest("id").why == (
        "Experiment dropped: no traffic"
    )


def test_done_after_the_verdict_needs_no_why(world):
    experiment = closed_experiment(world)
    hypothesis = experiment.hypotheses.get()
    item = make_item(
        make_roadmap(world, world.product), world.owner, "Delivery promise",
        status=Status.MEASURING, hypotheses=[hypothesis],
    )  # fmt: skip
    services.item_update(actor=world.editor, item=item, status=Status.DONE)
    item.refresh_from_db()
    assert item.status == Status.DONE


def test_item_page_shows_the_chain_with_verdicts_and_the_share_link_does_not(world):
    item, opportunity, hypothesis = _linked(world, status=Status.MEASURING)
    client = Client()
    client.force_login(world.viewer)
    page = client.get(reverse("roadmap:item", args=[world.workspace.slug, item.pk]))
    html = page.content.decode()
    assert opportunity.title in html and hypothesis.statement in html
    assert "no verdict yet" in html
    assert ">1</span>hypothesis" in html and ">1</span>opportunity" in html

    audience = make_audience(world, preset="customers")
    _link, token = make_link(world, audience)
    shared = Client().get(f"/s/r/{token}/")
    assert shared.status_code == 200
    text = shared.content.decode()
    assert item.title in text  # a public item: customers see it …
    assert opportunity.title not in text and hypothesis.statement not in text  # … not why


def test_board_marks_a_measuring_item_waiting_and_the_timeline_keeps_it(world):
    today = clock.today()
    window_start = periods.add_months(periods.quarter_start(today), -6)
    item, _o, _h = _linked(
        world,
        status=Status.MEASURING,
        window_start=window_start,
        window_end=periods.month_end(periods.add_months(window_start, 2)),
    )
    finished = make_item(
        item.roadmap, world.owner, "Old newsletter", horizon=Horizon.NOW, status=Status.DONE,
        window_start=window_start,
        window_end=periods.month_end(periods.add_months(window_start, 2)),
    )  # fmt: skip
    client = Client()
    client.force_login(world.viewer)
    slug = world.workspace.slug
    board = client.get(reverse("roadmap:board", args=[slug, item.roadmap_id])).content.decode()
    assert "waiting for a verdict" in board
    timeline = client.get(reverse("roadmap:timeline", args=[slug, item.roadmap_id]))
    text = timeline.content.decode()
    assert item.title in text and "waiting for a verdict" in text
    assert finished.title not in text  # a done item's past window is out of range
    assert window_start < today - timedelta(days=90)


def test_api_sets_links_with_if_match_and_refuses_unknown_ids(world):
    item, opportunity, hypothesis = _linked(world)
    other = make_opportunity(world, title="Shoppers want delivery slots")
    client, base = api(world)
    got = client.get(f"{base}/roadmap-items/{item.pk}")
    assert got.json()["opportunity_ids"] == [opportunity.pk]
    assert got.json()["hypothesis_ids"] == [hypothesis.pk]
    changed = client.patch(
        f"{base}/roadmap-items/{item.pk}",
        {"opportunity_ids": [opportunity.pk, other.pk]},
        content_type="application/json",
        headers={"If-Match": got.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.content
    assert sorted(changed.json()["opportunity_ids"]) == sorted([opportunity.pk, other.pk])
    stale = client.patch(
        f"{base}/roadmap-items/{item.pk}",
        {"opportunity_ids": []},
        content_type="application/json",
        headers={"If-Match": got.headers["ETag"]},
    )
    assert stale.status_code == 409
    unknown = client.patch(
        f"{base}/roadmap-items/{item.pk}",
        {"hypothesis_ids": [999999]},
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "hypothesis_ids"
    done = client.patch(
        f"{base}/roadmap-items/{item.pk}",
        {"status": "done"},
        content_type="application/json",
    )
    assert done.status_code == 422
    assert done.json()["errors"][0]["field"] == "why"
