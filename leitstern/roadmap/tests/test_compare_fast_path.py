""" "What changed" reads each item's earlier state from the index (its state key), never
the row: checked on generated histories against the straightforward diff of the full
change rows, for the whole roadmap and for audience views."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.core.cache import cache

from leitstern.roadmap import services
from leitstern.roadmap.models import HORIZON_ORDER, Horizon, ItemChange, RoadmapItem
from leitstern.roadmap.selectors import history
from leitstern.roadmap.tests.factory import make_audience, make_item, make_roadmap

pytestmark = pytest.mark.django_db

_FIELDS = ("id", "item_id", "title", "outcome", "horizon", "status", "confidence", "level",
           "visibility", "window_start", "window_end", "hard_date", "removed")  # fmt: skip


def _straight(roadmap, before: int, after: int, audience) -> list[tuple]:
    """The diff the slow way: every change row read whole, each item's last state up to
    each moment compared field by field."""
    rows = [dict(zip(_FIELDS, row, strict=True)) for row in ItemChange.objects.filter(
        roadmap=roadmap).order_by("id").values_list(*_FIELDS)]  # fmt: skip
    then: dict[int, dict] = {}
    now: dict[int, dict] = {}
    touched = set()
    for row in rows:
        if row["id"] <= before:
            then[row["item_id"]] = row
        if row["id"] <= after:
            now[row["item_id"]] = row
        if before < row["id"] <= after:
            touched.add(row["item_id"])

    def shown(state: dict | None) -> bool:
        if state is None or state["removed"]:
            return False
        if audience is None:
            return True
        return (
            (audience.include_internal or state["visibility"] == "public")
            and state["horizon"] in audience.horizons
            and state["level"] in audience.levels
        )

    found = []
    for item_id in touched:
        a, b = now[item_id], then.get(item_id)
        if not shown(b):
            if not shown(a):
                continue
            categories = [history.ADDED]
        elif not shown(a):
            categories = [history.REMOVED]
        else:
            assert b is not None
            moved = a["horizon"] != b["horizon"]
            categories = [history.MOVED] if moved else []
            if (a["title"], a["outcome"]) != (b["title"], b["outcome"]):
                categories.append(history.REWORDED)
            if a["confidence"] != b["confidence"] and not moved:
                categories.append(history.CONFIDENCE)
            if a["status"] != b["status"]:
                categories.append(history.STATUS)
            schedule = ("window_start", "window_end", "hard_date")
            if [a[f] for f in schedule] != [b[f] for f in schedule]:
                categories.append(history.RESCHEDULED)
            if not categories:
                continue
        found.append(
            (item_id, categories, a["title"], a["horizon"], b["id"] if b else None, a["id"])
        )
    found.sort(key=lambda e: (HORIZON_ORDER.get(e[3], 99), e[2].casefold()))
    return found


def _change(rng: random.Random, world, item: RoadmapItem, step: int) -> None:
    owner = world.owner
    action = rng.random()
    if item.removed_at is not None:
        services.item_restore(actor=owner, item=item, why=f"back {step}")
    elif action < 0.2:
        target = rng.choice([h for h in (Horizon.NOW, Horizon.NEXT, Horizon.LATER)
                             if h != item.horizon])  # fmt: skip
        services.item_move(actor=owner, item=item, horizon=target, why=f"w{step}")
    elif action < 0.3:
        # Sometimes back to an earlier wording: no rewording between the two moments.
        title = rng.choice([item.title.rstrip("'"), f"{item.title}'"])
        services.item_update(actor=owner, item=item, title=title or item.title)
    elif action < 0.38:
        services.item_update(actor=owner, item=item, outcome=rng.choice(["", "Faster", "Fewer"]))
    elif action < 0.48:
        services.item_update(actor=owner, item=item, confidence=rng.choice([None, 10, 50, 90]))
    elif action < 0.56:
        status = rng.choice(["exploring", "validating", "building", "released"])
        services.item_update(actor=owner, item=item, status=status)
    elif action < 0.66:
        services.item_update(actor=owner, item=item, visibility=rng.choice(["public", "internal"]))
    elif action < 0.74:
        services.item_update(
            actor=owner, item=item, level=rng.choice(["outcome", "problem", "solution"])
        )
    elif action < 0.84:
        start = rng.choice([date(2030, 1, 1), date(2030, 4, 1)])
        end = rng.choice([date(2030, 6, 30), date(2030, 9, 30)])
        services.item_update(actor=owner, item=item, window_start=start, window_end=end)
    elif action < 0.92:
        services.item_remove(actor=owner, item=item)
    else:
        services.item_step(actor=owner, item=item, direction=rng.choice([-1, 1]))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_fast_comparison_equals_the_straightforward_diff(world, seed):
    rng = random.Random(seed)
    roadmap = make_roadmap(world)
    audiences = [
        None,
        make_audience(world, preset="customers"),
        make_audience(world, preset="management"),
    ]
    items: list[RoadmapItem] = []
    points = [0]
    for step in range(140):
        if step < 12 or rng.random() < 0.15:
            items.append(
                make_item(roadmap, world.owner, f"Idea {step}",
                          horizon=rng.choice([Horizon.NOW, Horizon.NEXT, Horizon.LATER]))
            )  # fmt: skip
        else:
            item = rng.choice(items)
            item.refresh_from_db()
            _change(rng, world, item, step)
        if rng.random() < 0.2:
            points.append(history.point_now(roadmap).change_id)
    points.append(history.point_now(roadmap).change_id)
    assert ItemChange.objects.filter(roadmap=roadmap, state_key="").count() == 0
    kinds_seen = set()
    for _ in range(40):
        a, b = sorted(rng.sample(points, 2))
        for audience in audiences:
            cache.clear()
            found = history.compare(
                roadmap,
                before=history.Point(a, ""),
                after=history.Point(b, ""),
                audience=audience,
            )
            got = [(e.item_id, e.categories, e.title, e.horizon, e.before_id, e.after_id)
                   for e in found.entries]  # fmt: skip
            assert got == _straight(roadmap, a, b, audience)
            kinds_seen.update(c for e in found.entries for c in e.categories)
    # The generated histories exercise every kind of change.
    assert kinds_seen == set(history.CATEGORIES)


def test_a_change_row_keeps_the_key_of_its_state_however_it_is_written(world):
    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner, "Saved carts")
    services.item_update(actor=world.owner, item=item, title="Saved baskets", confidence=40)
    for change in ItemChange.objects.filter(item=item):
        expected = history_key(change)
        assert change.state_key == expected
    change = ItemChange.objects.filter(item=item).first()
    change.title = "Changed by hand"
    change.save(update_fields=["title"])
    change.refresh_from_db()
    assert change.state_key == history_key(change)
    fields = [f.attname for f in ItemChange._meta.concrete_fields if not f.primary_key]
    copy = ItemChange(**{name: getattr(change, name) for name in fields})
    copy.state_key = "forged"
    (created,) = ItemChange.objects.bulk_create([copy])
    assert ItemChange.objects.get(pk=created.pk).state_key == history_key(change)


def history_key(change: ItemChange) -> str:
    from leitstern.roadmap.models.history import KEY_FIELDS, state_key

    return state_key(**{name: getattr(change, name) for name in KEY_FIELDS})


def test_a_comparison_makes_entries_only_for_what_is_read(world):
    """Thousands of changed items come from the cache as bare rows; the API's page and a
    page's sections make entries for the few they show, with the same counts."""
    roadmap = make_roadmap(world)
    start = history.point_now(roadmap)
    for n in range(6):
        make_item(roadmap, world.owner, f"Idea {n}", horizon=Horizon.NEXT)
    cache.clear()
    found = history.compare(roadmap, before=start, after=history.point_now(roadmap))
    assert found.total == 6 and found.counts[history.ADDED] == 6
    page = found.page(2, 3)
    assert [e.title for e in page] == ["Idea 2", "Idea 3", "Idea 4"]
    assert len(found._made) == 3
    # the same entry whichever way it is read, so its loaded details are kept
    found.fill(page)
    assert found.of(history.ADDED)[2] is page[0] and page[0].after.title == "Idea 2"
    assert [e.title for e in found.entries] == [f"Idea {n}" for n in range(6)]


def test_a_title_with_the_keys_separator_comes_through_whole(world):
    """The later state comes as "state key|title" (one lookup per item, see
    ``history._COMPARE_SQL``): a title holding the separator stays whole, and its
    wording and schedule are still read from the key's own parts."""
    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner, "Carts | baskets", horizon=Horizon.NEXT)
    other = make_item(roadmap, world.owner, "Saved carts", horizon=Horizon.NEXT)
    start = history.point_now(roadmap)
    services.item_update(actor=world.owner, item=item, title="Carts | baskets | lists")
    services.item_update(
        actor=world.owner, item=other, title="A|B||", window_start=date(2030, 1, 1),
        window_end=date(2030, 3, 31),
    )  # fmt: skip
    added = make_item(roadmap, world.owner, "|", horizon=Horizon.LATER)
    cache.clear()
    found = history.compare(roadmap, before=start, after=history.point_now(roadmap))
    assert [(e.item_id, e.title, e.categories) for e in found.entries] == [
        (other.pk, "A|B||", [history.REWORDED, history.RESCHEDULED]),
        (item.pk, "Carts | baskets | lists", [history.REWORDED]),
        (added.pk, "|", [history.ADDED]),
    ]
    end = history.point_now(roadmap)
    assert found.rows == _straight(roadmap, start.change_id, end.change_id, None)
