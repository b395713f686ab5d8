"""The roadmap's rules: moves say why, Now keeps its limit unless a reason is given,
consolidation periods ask for a reason, hard dates lie ahead, time windows end after they
start; and every change is kept with why, who and when. Bad input is refused with the field
and the reason, and nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from leitstern.activity.models import ActivityEntry
from leitstern.roadmap import clock, services
from leitstern.roadmap.models import ChangeKind, Horizon, ItemChange, RoadmapItem
from leitstern.roadmap.tests.factory import make_item, make_pause, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages below are read in English, whatever language an earlier test's request
    left active in this thread."""
    with translation.override("en"):
        yield


def _refused(field: str, action) -> str:
    """Run ``action`` in a savepoint; it must be refused naming ``field``. Nothing of it
    may stay."""
    before = (
        RoadmapItem.objects.count(),
        ItemChange.objects.count(),
        ActivityEntry.objects.count(),
    )
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        action()
    after = (RoadmapItem.objects.count(), ItemChange.objects.count(), ActivityEntry.objects.count())
    assert before == after, "a refused change left rows behind"
    assert field in caught.value.message_dict, caught.value.message_dict
    return " ".join(caught.value.message_dict[field])


def test_a_move_between_horizons_needs_a_why(world):
    item = make_item(make_roadmap(world), world.owner, "One-click reorder")
    reason = _refused(
        "why", lambda: services.item_move(actor=world.owner, item=item, horizon=Horizon.NOW)
    )
    assert "“One-click reorder” moves from Next to Now" in reason
    item.refresh_from_db()
    assert item.horizon == Horizon.NEXT


def test_a_move_with_why_is_kept_in_the_history_and_the_activity_log(world):
    item = make_item(make_roadmap(world), world.owner, "One-click reorder")
    services.item_move(
        actor=world.editor, item=item, horizon=Horizon.LATER, why="Buyers don't miss it"
    )
    change = ItemChange.objects.filter(item=item).first()
    assert change.kind == ChangeKind.MOVED
    assert change.why == "Buyers don't miss it"
    assert change.actor == world.editor
    assert change.horizon == Horizon.LATER
    assert change.changes["horizon"] == ["next", "later"]
    entry = ActivityEntry.objects.filter(target_id=item.pk, kind="roadmap.item.moved").get()
    assert entry.note == "Buyers don't miss it"


def test_reordering_within_a_column_needs_no_why_and_keeps_the_order(world):
    roadmap = make_roadmap(world)
    first, _second, third = (make_item(roadmap, world.owner, t) for t in ("A", "B", "C"))
    services.item_move(actor=world.owner, item=third, horizon=Horizon.NEXT, before=first)
    order = list(
        RoadmapItem.objects.filter(roadmap=roadmap)
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert order == ["C", "A", "B"]
    services.item_step(actor=world.owner, item=first, direction=1)
    order = list(
        RoadmapItem.objects.filter(roadmap=roadmap)
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert order == ["C", "B", "A"]
    assert ItemChange.objects.filter(kind=ChangeKind.REORDERED).count() == 2


def test_many_moves_between_the_same_neighbours_keep_the_order(world):
    roadmap = make_roadmap(world)
    left, right = make_item(roadmap, world.owner, "L"), make_item(roadmap, world.owner, "R")
    moved = [make_item(roadmap, world.owner, f"M{i}") for i in range(60)]
    # Each goes right before "R": halving the same gap again and again until it renumbers.
    for item in moved:
        item.refresh_from_db()
        right.refresh_from_db()
        services.item_move(actor=world.owner, item=item, horizon=Horizon.NEXT, before=right)
    titles = list(
        RoadmapItem.objects.filter(roadmap=roadmap)
        .order_by("position", "id")
        .values_list("title", flat=True)
    )
    assert titles == ["L", *[f"M{i}" for i in range(60)], "R"]
    assert left.pk


def test_now_over_its_limit_needs_a_reason_which_is_kept_and_counted(world):
    roadmap = make_roadmap(world, wip_limit=2)
    make_item(roadmap, world.owner, horizon=Horizon.NOW)
    make_item(roadmap, world.owner, horizon=Horizon.NOW)
    third = make_item(roadmap, world.owner, "Guest checkout")
    reason = _refused(
        "limit_reason",
        lambda: services.item_move(
            actor=world.owner, item=third, horizon=Horizon.NOW, why="Checkout first"
        ),
    )
    assert "Now holds 2 items and its limit is 2" in reason
    services.item_move(
        actor=world.owner,
        item=third,
        horizon=Horizon.NOW,
        why="Checkout first",
        limit_reason="Regulation takes effect in March",
    )
    change = ItemChange.objects.filter(item=third, kind=ChangeKind.MOVED).get()
    assert change.limit_reason == "Regulation takes effect in March"
    from leitstern.roadmap.selectors.history import limit_report

    report = limit_report(roadmap, since=clock.now() - timedelta(days=1))
    assert report["over_limit"] == 1


def test_adding_into_a_full_now_needs_a_reason_too(world):
    roadmap = make_roadmap(world, wip_limit=1)
    make_item(roadmap, world.owner, horizon=Horizon.NOW)
    _refused(
        "limit_reason",
        lambda: services.item_create(
            actor=world.owner, roadmap=roadmap, title="Another", horizon=Horizon.NOW
        ),
    )


def test_scheduling_into_a_consolidation_period_needs_a_reason(world):
    roadmap = make_roadmap(world)
    pause = make_pause(roadmap, world.owner)
    item = make_item(roadmap, world.owner, "Wishlist")
    start = pause.starts_on.replace(day=1)
    end = (start + timedelta(days=40)).replace(day=1) - timedelta(days=1)
    reason = _refused(
        "pause_reason",
        lambda: services.item_update(
            actor=world.owner, item=item, window_start=start, window_end=end
        ),
    )
    assert pause.title in reason
    services.item_update(
        actor=world.owner,
        item=item,
        window_start=start,
        window_end=end,
        pause_reason="Only the measuring part falls into it",
    )
    change = ItemChange.objects.filter(item=item, kind=ChangeKind.RESCHEDULED).get()
    assert change.pause_reason == "Only the measuring part falls into it"


def test_a_hard_date_in_the_past_is_refused(world):
    roadmap = make_roadmap(world)
    yesterday = clock.today() - timedelta(days=1)
    reason = _refused(
        "hard_date",
        lambda: services.item_create(
            actor=world.owner,
            roadmap=roadmap,
            title="Accessibility act",
            hard_date=yesterday,
            hard_date_kind="regulatory",
        ),
    )
    assert "in the past" in reason


def test_a_hard_date_says_what_makes_it_hard(world):
    roadmap = make_roadmap(world)
    _refused(
        "hard_date_kind",
        lambda: services.item_create(
            actor=world.owner,
            roadmap=roadmap,
            title="Trade fair demo",
            hard_date=clock.today() + timedelta(days=90),
        ),
    )


def test_a_time_window_ending_before_it_starts_is_refused(world):
    roadmap = make_roadmap(world)
    today = clock.today().replace(day=1)
    reason = _refused(
        "window_end",
        lambda: services.item_create(
            actor=world.owner,
            roadmap=roadmap,
            title="Loyalty points",
            window_start=today + timedelta(days=95),
            window_end=today + timedelta(days=10),
        ),
    )
    assert "ends before it starts" in reason


def test_not_doing_keeps_the_reason_and_who_decided(world):
    item = make_item(make_roadmap(world), world.owner, "Own payment app")
    _refused(
        "why",
        lambda: services.item_move(actor=world.owner, item=item, horizon=Horizon.NOT_DOING),
    )
    services.item_move(
        actor=world.owner,
        item=item,
        horizon=Horizon.NOT_DOING,
        why="Payment providers do it better",
        decided_by=world.editor,
    )
    item.refresh_from_db()
    assert item.reason == "Payment providers do it better"
    assert item.decided_by == world.editor
    assert item.decided_on == clock.today()


def test_parking_needs_a_revisit_date_ahead(world):
    item = make_item(make_roadmap(world), world.owner, "Voice search")
    _refused(
        "revisit_on",
        lambda: services.item_move(
            actor=world.owner, item=item, horizon=Horizon.PARKED, why="Wait for the market"
        ),
    )
    _refused(
        "revisit_on",
        lambda: services.item_move(
            actor=world.owner,
            item=item,
            horizon=Horizon.PARKED,
            why="Wait for the market",
            revisit_on=clock.today(),
        ),
    )


def test_confidence_fades_with_the_horizon_unless_set(world):
    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner, horizon=Horizon.NOW)
    assert item.shown_confidence == 80
    services.item_move(actor=world.owner, item=item, horizon=Horizon.LATER, why="Later")
    assert item.shown_confidence == 25
    services.item_update(actor=world.owner, item=item, confidence=60)
    item.refresh_from_db()
    assert item.shown_confidence == 60
    change = ItemChange.objects.filter(item=item).first()
    assert change.kind == ChangeKind.CONFIDENCE and change.confidence == 60


def test_a_rewording_is_recorded_with_the_old_title(world):
    item = make_item(make_roadmap(world), world.owner, "Checkout speed")
    services.item_update(actor=world.owner, item=item, title="Faster checkout for returning buyers")
    change = ItemChange.objects.filter(item=item).first()
    assert change.kind == ChangeKind.REWORDED
    assert change.changes["title"] == ["Checkout speed", "Faster checkout for returning buyers"]


def test_an_unchanged_edit_records_nothing(world):
    item = make_item(make_roadmap(world), world.owner, "Checkout speed", tags="a, b")
    before = ItemChange.objects.count()
    services.item_update(actor=world.owner, item=item, title="Checkout speed", tags="a,b")
    assert ItemChange.objects.count() == before


def test_removing_keeps_the_item_for_the_history_and_restoring_puts_it_back(world):
    roadmap = make_roadmap(world)
    item = make_item(roadmap, world.owner, "Gift cards", horizon=Horizon.LATER)
    services.item_remove(actor=world.owner, item=item, why="Merged into loyalty")
    assert not RoadmapItem.objects.current().filter(pk=item.pk).exists()
    with pytest.raises(ValidationError):
        services.item_update(actor=world.owner, item=item, title="Changed")
    services.item_restore(actor=world.owner, item=item)
    item.refresh_from_db()
    assert item.removed_at is None and item.horizon == Horizon.LATER
    kinds = list(ItemChange.objects.filter(item=item).order_by("id").values_list("kind", flat=True))
    assert kinds == [ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.RESTORED]


def test_links_must_stay_inside_the_workspace(world):
    from leitstern.strategy.tests.factory import make_cycle, make_key_result, make_objective
    from leitstern.testing import make_product

    foreign_product = make_product(world.other_workspace, world.outsider)
    cycle = make_cycle(world.other_workspace, world.outsider)
    foreign_kr = make_key_result(
        make_objective(cycle, world.outsider, product=foreign_product), world.outsider
    )
    roadmap = make_roadmap(world)
    _refused(
        "key_results",
        lambda: services.item_create(
            actor=world.owner, roadmap=roadmap, title="Sneaky", key_results=[foreign_kr]
        ),
    )


def test_a_roadmap_per_product_and_one_portfolio(world):
    make_roadmap(world, world.product)
    reason = _refused(
        "__all__",
        lambda: services.roadmap_create(
            actor=world.owner, workspace=world.workspace, product=world.product
        ),
    )
    assert reason == "This product has a roadmap already."
    services.roadmap_create(actor=world.owner, workspace=world.workspace)
    with pytest.raises(ValidationError), transaction.atomic():
        services.roadmap_create(actor=world.owner, workspace=world.workspace)
