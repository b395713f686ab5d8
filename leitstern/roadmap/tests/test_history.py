"""The living document: the history tells every change as a sentence with its reason, and
"what changed" between any two moments (dates, snapshots, now) is exactly what happened in
between, checked against a replay of the same changes."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from leitstern.roadmap import clock, services
from leitstern.roadmap.models import Horizon, RoadmapItem
from leitstern.roadmap.selectors import history
from leitstern.roadmap.tests.factory import make_audience, make_item, make_roadmap

pytestmark = pytest.mark.django_db


def _at(days_ago: int) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def test_what_changed_between_two_dates_with_the_reasons(world):
    roadmap = make_roadmap(world)
    with clock.recorded_at(_at(100)):
        reorder = make_item(roadmap, world.owner, "One-click reorder", horizon=Horizon.NEXT)
        checkout = make_item(roadmap, world.owner, "Guest checkout", horizon=Horizon.NOW)
        gifts = make_item(roadmap, world.owner, "Gift cards", horizon=Horizon.LATER)
    with clock.recorded_at(_at(40)):
        services.item_move(
            actor=world.editor,
            item=reorder,
            horizon=Horizon.LATER,
            why="Interviews showed returning buyers don't miss it",
        )
        services.item_update(actor=world.owner, item=checkout, title="Checkout without account")
        services.item_remove(actor=world.owner, item=gifts, why="Merged into loyalty")
        wishlist = make_item(roadmap, world.owner, "Wishlist", horizon=Horizon.NEXT)
    with clock.recorded_at(_at(5)):
        services.item_update(actor=world.owner, item=wishlist, confidence=70)

    since = timezone.localdate(_at(60))
    until = timezone.localdate(_at(20))
    found = history.compare(
        roadmap,
        before=history.point_for_day(roadmap, since),
        after=history.point_for_day(roadmap, until),
    )
    assert [e.title for e in found.of(history.MOVED)] == ["One-click reorder"]
    moved = found.of(history.MOVED)[0]
    assert (moved.before.horizon, moved.after.horizon) == ("next", "later")
    assert moved.why == "Interviews showed returning buyers don't miss it"
    assert moved.who == str(world.editor)
    reworded = found.of(history.REWORDED)[0]
    assert (reworded.old_title, reworded.title) == ("Guest checkout", "Checkout without account")
    assert [e.title for e in found.of(history.REMOVED)] == ["Gift cards"]
    assert [e.title for e in found.of(history.ADDED)] == ["Wishlist"]
    # The confidence change came after the second date.
    assert found.of(history.CONFIDENCE) == []
    until_now = history.compare(
        roadmap,
        before=history.point_for_day(roadmap, until),
        after=history.point_now(roadmap),
    )
    assert [e.title for e in until_now.of(history.CONFIDENCE)] == ["Wishlist"]
    assert until_now.total == 1


def test_a_snapshot_compares_with_today(world):
    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner, "Size advisor", horizon=Horizon.NEXT)
    snapshot = services.snapshot_take(actor=world.owner, roadmap=roadmap, name="Q3 review")
    services.item_move(actor=world.owner, item=item, horizon=Horizon.NOW, why="Returns hurt")
    found = history.compare(
        roadmap, before=history.point_for_snapshot(snapshot), after=history.point_now(roadmap)
    )
    assert [(e.title, e.why) for e in found.of(history.MOVED)] == [("Size advisor", "Returns hurt")]
    assert found.before.label == "Q3 review"


def test_an_audience_sees_items_enter_and_leave_its_view(world):
    roadmap = make_roadmap(world)
    customers = make_audience(world, name="Customers", roadmaps=[roadmap])
    public = make_item(roadmap, world.owner, "Faster delivery", visibility="public")
    internal = make_item(roadmap, world.owner, "Refactor search index")
    start = history.point_now(roadmap)
    services.item_move(actor=world.owner, item=internal, horizon=Horizon.NOW, why="Tech debt")
    services.item_move(
        actor=world.owner, item=public, horizon=Horizon.NOT_DOING, why="Partner does it"
    )
    found = history.compare(
        roadmap, before=start, after=history.point_now(roadmap), audience=customers
    )
    # The internal item is nowhere; the public one left the view (customers see no
    # "not doing"), so for them it is removed.
    assert [e.title for e in found.entries] == ["Faster delivery"]
    assert found.entries[0].categories == [history.REMOVED]


def test_the_story_reads_like_sentences_with_reasons(world):
    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner, "One-click reorder", horizon=Horizon.NEXT)
    services.item_move(
        actor=world.owner,
        item=item,
        horizon=Horizon.LATER,
        why="Interviews showed returning buyers don't miss it",
    )
    lines, more = history.story(roadmap)
    assert more is None
    assert lines[0].text == "Moved “One-click reorder” from Next to Later"
    assert lines[0].change.why == "Interviews showed returning buyers don't miss it"
    assert lines[1].text == "Added “One-click reorder” to Next"


def test_the_story_pages_through_long_histories(world):
    roadmap = make_roadmap(world)
    for n in range(history.STORY_PAGE + 5):
        make_item(roadmap, world.owner, f"Item {n}")
    first, more = history.story(roadmap)
    second, end = history.story(roadmap, below=more)
    assert len(first) == history.STORY_PAGE and len(second) == 5 and end is None
    assert {line.change.pk for line in first}.isdisjoint(line.change.pk for line in second)


# --- checked against a replay --------------------------------------------------------------


def _snapshot(roadmap) -> dict[int, tuple]:
    """What the roadmap holds now, item by item, as a comparison would see it."""
    return {
        item.pk: (item.title, item.horizon, item.status, item.shown_confidence)
        for item in RoadmapItem.objects.filter(roadmap=roadmap, removed_at__isnull=True)
    }


def _expected(old: dict, new: dict) -> dict[int, set]:
    found = {}
    for pk in old.keys() | new.keys():
        if pk not in old:
            found[pk] = {history.ADDED}
        elif pk not in new:
            found[pk] = {history.REMOVED}
        else:
            (t0, h0, s0, c0), (t1, h1, s1, c1) = old[pk], new[pk]
            kinds = set()
            if h0 != h1:
                kinds.add(history.MOVED)
            if t0 != t1:
                kinds.add(history.REWORDED)
            if c0 != c1 and h0 == h1:
                kinds.add(history.CONFIDENCE)
            if s0 != s1:
                kinds.add(history.STATUS)
            if kinds:
                found[pk] = kinds
    return found


def test_every_comparison_matches_a_replay_of_random_changes(world):
    rng = random.Random(20260301)
    roadmap = make_roadmap(world)
    items: list[RoadmapItem] = []
    points = [(history.point_now(roadmap), _snapshot(roadmap))]
    for step in range(120):
        action = rng.random()
        live = [i for i in items if i.removed_at is None]
        if action < 0.25 or not live:
            horizon = rng.choice([Horizon.NOW, Horizon.NEXT, Horizon.LATER])
            items.append(make_item(roadmap, world.owner, f"Idea {step}", horizon=horizon))
        else:
            item = rng.choice(live)
            item.refresh_from_db()
            if action < 0.45:
                target = rng.choice([h for h in (Horizon.NOW, Horizon.NEXT, Horizon.LATER)
                                     if h != item.horizon])  # fmt: skip
                services.item_move(actor=world.owner, item=item, horizon=target, why=f"w{step}")
            elif action < 0.6:
                services.item_update(actor=world.owner, item=item, title=f"{item.title}'")
            elif action < 0.7:
                services.item_update(actor=world.owner, item=item, confidence=rng.randint(0, 100))
            elif action < 0.8:
                services.item_update(
                    actor=world.owner, item=item,
                    status=rng.choice(["exploring", "validating", "building", "released"]),
                )  # fmt: skip
            elif action < 0.9:
                services.item_remove(actor=world.owner, item=item)
            else:
                services.item_step(actor=world.owner, item=item, direction=rng.choice([-1, 1]))
        if rng.random() < 0.3:
            points.append((history.point_now(roadmap), _snapshot(roadmap)))
    points.append((history.point_now(roadmap), _snapshot(roadmap)))
    for _ in range(60):
        (a, old), (b, new) = sorted(rng.sample(points, 2), key=lambda p: p[0].change_id)
        found = history.compare(roadmap, before=a, after=b)
        got = {entry.item_id: set(entry.categories) for entry in found.entries}
        assert got == _expected(old, new)


def test_a_comparison_takes_a_few_queries_whatever_the_history(
    world, django_assert_max_num_queries
):
    roadmap = make_roadmap(world)
    items = [make_item(roadmap, world.owner, f"Item {n}") for n in range(30)]
    start = history.point_now(roadmap)
    for item in items:
        services.item_move(actor=world.owner, item=item, horizon=Horizon.LATER, why="Later")
    end = history.point_now(roadmap)
    with django_assert_max_num_queries(3):
        found = history.compare(roadmap, before=start, after=end)
    assert found.total == 30


def test_the_changes_page_lists_a_few_of_each_kind_and_pages_one_kind(world, monkeypatch):
    from django.test import Client
    from django.urls import reverse

    from leitstern.roadmap.views import history as views

    monkeypatch.setattr(views, "SHOWN", 2)
    monkeypatch.setattr(views, "KIND_PAGE", 2)
    roadmap = make_roadmap(world)
    moved = make_item(roadmap, world.owner, "Idea moved")
    start = history.point_now(roadmap)
    services.item_move(actor=world.owner, item=moved, horizon=Horizon.NOW, why="Urgent")
    for n in range(3):
        make_item(roadmap, world.owner, f"Idea {n}")
    client = Client()
    client.force_login(world.viewer)
    url = reverse("roadmap:changes", args=[world.workspace.slug, roadmap.pk])
    url += f"?from_change={start.change_id}"
    page = client.get(url).content.decode()
    assert page.count("Idea ") == 3  # two of the three added, the moved one
    assert "show=added" in page
    added = client.get(url + "&show=added").content.decode()
    assert added.count("Idea ") == 2 and "offset=2" in added
    rest = client.get(url + "&show=added&offset=2").content.decode()
    assert rest.count("Idea ") == 1 and "offset=4" not in rest
