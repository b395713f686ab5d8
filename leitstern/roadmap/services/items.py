"""Writes for roadmaps and their items: start a roadmap, add, change, move (with why),
reorder, remove and restore items, comment on them. Every change of an item is kept in
its history with why (``_common.record_change``)."""

from __future__ import annotations

from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.products.models import Product
from leitstern.roadmap import clock, kinds
from leitstern.roadmap.models import (
    SET_ASIDE,
    ChangeKind,
    Horizon,
    ItemComment,
    Roadmap,
    RoadmapItem,
)
from leitstern.roadmap.services._common import (
    check_hard_date,
    check_limit,
    check_links,
    check_member,
    check_pause,
    kind_of_edit,
    locked,
    record_change,
)
from leitstern.strategy.models import KeyResult, Objective
from leitstern.teams.models import Team
from leitstern.workspaces.models import Workspace

# Positions are floats; a move places an item halfway between its new neighbours. When
# the gap gets this small the column is numbered afresh.
MIN_GAP = 1e-6

# --- roadmaps --------------------------------------------------------------------------


@transaction.atomic
def roadmap_create(*, actor: User, workspace: Workspace, product: Product | None = None) -> Roadmap:
    """The product's roadmap, or without a product the workspace's portfolio roadmap.
    Starting one that exists is refused with the reason."""
    roadmap = Roadmap(workspace=workspace, product=product)
    roadmap.full_clean()
    with unique_race_as_error(roadmap):
        roadmap.save()
    activity_record(
        workspace=workspace, actor=actor, kind=kinds.ROADMAP_CREATED, target=roadmap,
        product=product,
    )  # fmt: skip
    return roadmap


class RoadmapChanges(TypedDict, total=False):
    wip_limit: int | None
    portfolio_disclaimer: str


@transaction.atomic
def roadmap_update(
    *,
    actor: User,
    roadmap: Roadmap,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[RoadmapChanges],
) -> Roadmap:
    """Change the limit of Now or the portfolio's disclaimer (only the fields given)."""
    changes = update_versioned(roadmap, fields, version=version)
    if changes:
        activity_record(
            workspace=roadmap.workspace, actor=actor, kind=kinds.ROADMAP_UPDATED,
            target=roadmap, product=roadmap.product, changes=changes, note=note,
        )  # fmt: skip
    return roadmap


# --- placing items in a column ---------------------------------------------------------


def _column(roadmap: Roadmap, horizon: str, *, without: RoadmapItem | None = None):
    items = RoadmapItem.objects.current().filter(roadmap=roadmap, horizon=horizon)
    if without is not None and without.pk:
        items = items.exclude(pk=without.pk)
    return items


def _renumber(roadmap: Roadmap, horizon: str) -> None:
    """Number a column 0, 1, 2 … in its current order (rarely: when gaps got too small)."""
    items = list(_column(roadmap, horizon).order_by("position", "id").only("pk", "position"))
    for index, entry in enumerate(items):
        entry.position = float(index)
    RoadmapItem.objects.bulk_update(items, ["position"], batch_size=500)


def _position(
    roadmap: Roadmap,
    horizon: str,
    *,
    item: RoadmapItem | None = None,
    before: RoadmapItem | None = None,
    at_top: bool = False,
) -> float:
    """Where ``item`` goes in the horizon's column: right before ``before``, at the top,
    or (by default) at the end."""
    column = _column(roadmap, horizon, without=item)
    if before is not None:
        if before.roadmap_id != roadmap.pk or before.horizon != horizon or before.is_removed:
            raise ValidationError({"before": _("Choose an item of the same column.")})
        previous = column.filter(position__lt=before.position).aggregate(p=Max("position"))["p"]
        low = previous if previous is not None else before.position - 2.0
        if before.position - low < MIN_GAP:
            _renumber(roadmap, horizon)
            before.refresh_from_db(fields=["position"])
            return _position(roadmap, horizon, item=item, before=before)
        return (low + before.position) / 2
    if at_top:
        lowest = column.aggregate(p=Min("position"))["p"]
        return 0.0 if lowest is None else lowest - 1.0
    highest = column.aggregate(p=Max("position"))["p"]
    return 0.0 if highest is None else highest + 1.0


def _set(item: RoadmapItem, values: dict) -> None:
    """Write fields the product maintains itself (place, set-aside details) in one
    statement, without raising the version: they are never edited in a form, so they
    cannot conflict with anyone's edit."""
    RoadmapItem.objects.filter(pk=item.pk).update(**values, updated_at=clock.now())
    for name, value in values.items():
        setattr(item, name, value)


# --- items -----------------------------------------------------------------------------


class ItemDetails(TypedDict, total=False):
    """What an item's form and the API may set besides its title."""

    outcome: str
    description: str
    level: str
    status: str
    confidence: int | None
    size: str
    size_items: int | None
    owner: User | None
    team: Team | None
    visibility: str
    tags: str
    window_start: date | None
    window_end: date | None
    hard_date: date | None
    hard_date_kind: str
    hard_date_note: str
    key_results: list[KeyResult]
    objectives: list[Objective]


class ItemFields(ItemDetails, total=False):
    """What an item's form and the API may set (``RoadmapItem.EDITABLE_FIELDS``)."""

    title: str


def _check_fields(roadmap: Roadmap, fields: ItemDetails) -> None:
    workspace = roadmap.workspace
    if "owner" in fields:
        check_member(workspace, fields["owner"], "owner")
    check_links(
        workspace, key_results=fields.get("key_results"), objectives=fields.get("objectives")
    )


def _set_aside_values(
    *, horizon: str, why: str, revisit_on: date | None, decided_by: User | None, actor: User
) -> dict:
    """The reason, who decided and the revisit date of a parked or not-doing item."""
    if not why.strip():
        message = (
            _("Say why this item is parked.")
            if horizon == Horizon.PARKED
            else _("Say why you decided not to do this.")
        )
        raise ValidationError({"why": message})
    values = {
        "reason": why.strip(),
        "decided_by": decided_by or actor,
        "decided_on": clock.today(),
        "revisit_on": None,
    }
    if horizon == Horizon.PARKED:
        if revisit_on is None:
            raise ValidationError({"revisit_on": _("Say when to look at the parked item again.")})
        if revisit_on <= clock.today():
            raise ValidationError({"revisit_on": _("Choose a revisit date after today.")})
        values["revisit_on"] = revisit_on
    return values


@transaction.atomic
def item_create(
    *,
    actor: User,
    roadmap: Roadmap,
    title: str,
    horizon: str = Horizon.NEXT,
    why: str = "",
    limit_reason: str = "",
    pause_reason: str = "",
    revisit_on: date | None = None,
    decided_by: User | None = None,
    at_top: bool = False,
    **fields: Unpack[ItemDetails],
) -> RoadmapItem:
    """Add an item to a horizon's column (at its end, or its top). Into a full Now only
    with ``limit_reason``; scheduled into a consolidation period only with
    ``pause_reason``; straight into "parked" or "not doing" only with ``why`` (and a
    revisit date for parked items)."""
    roadmap = locked(roadmap)
    _check_fields(roadmap, fields)
    many = {name: fields.pop(name) for name in ("key_results", "objectives") if name in fields}
    check_hard_date(fields.get("hard_date"))
    item = RoadmapItem(roadmap=roadmap, title=title, horizon=horizon, **fields)
    if horizon in SET_ASIDE:
        aside = _set_aside_values(
            horizon=horizon, why=why, revisit_on=revisit_on, decided_by=decided_by, actor=actor
        )
        for name, value in aside.items():
            setattr(item, name, value)
    item.full_clean(exclude=["position"])
    limit_reason = check_limit(roadmap, item=None, horizon=horizon, limit_reason=limit_reason)
    pause_reason = check_pause(
        roadmap,
        window_start=item.window_start,
        window_end=item.window_end,
        hard_date=item.hard_date,
        pause_reason=pause_reason,
    )
    item.position = _position(roadmap, horizon, at_top=at_top)
    item.save()
    for name, values in many.items():
        getattr(item, name).set(values)
    record_change(
        item=item,
        actor=actor,
        kind=ChangeKind.ADDED,
        activity_kind=kinds.ITEM_ADDED,
        why=why,
        changes={"horizon": ["", item.horizon]},
        limit_reason=limit_reason,
        pause_reason=pause_reason,
    )
    return item


@transaction.atomic
def item_update(
    *,
    actor: User,
    item: RoadmapItem,
    version: int | None = None,
    why: str = "",
    pause_reason: str = "",
    **fields: Unpack[ItemFields],
) -> RoadmapItem:
    """Change the given fields, and only those (``why`` is optional for edits); with
    ``version``, a field someone else changed since raises ``EditConflict``. A hard date
    that is set or changed must lie ahead; a window moved into a consolidation period
    needs ``pause_reason``."""
    item.ensure_not_removed()
    roadmap = item.roadmap
    _check_fields(roadmap, fields)
    if "hard_date" in fields and fields["hard_date"] != item.hard_date:
        check_hard_date(fields["hard_date"])
    scheduling = {"window_start", "window_end", "hard_date"} & set(fields)
    given: dict[str, object] = dict(fields)
    moved_in_time = any(given[name] != getattr(item, name) for name in scheduling)
    if moved_in_time and item.horizon not in SET_ASIDE:
        pause_reason = check_pause(
            roadmap,
            window_start=fields.get("window_start", item.window_start),
            window_end=fields.get("window_end", item.window_end),
            hard_date=fields.get("hard_date", item.hard_date),
            pause_reason=pause_reason,
        )
    else:
        pause_reason = ""
    changes = update_versioned(item, fields, version=version)
    if not changes:
        return item
    record_change(
        item=item,
        actor=actor,
        kind=kind_of_edit(changes),
        activity_kind=kinds.ITEM_CHANGED,
        why=why,
        changes=changes,
        pause_reason=pause_reason,
    )
    return item


@transaction.atomic
def item_move(
    *,
    actor: User,
    item: RoadmapItem,
    horizon: str,
    why: str = "",
    before: RoadmapItem | None = None,
    at_top: bool = False,
    limit_reason: str = "",
    revisit_on: date | None = None,
    decided_by: User | None = None,
) -> RoadmapItem:
    """Move an item to another horizon (or to another place in its own column).

    A move between horizons needs ``why``: it is what the history tells. Parking needs a
    revisit date after today; "not doing" keeps who decided (the actor unless
    ``decided_by``). Into a full Now only with ``limit_reason``. Placed right before
    ``before``, at the top, or at the end of the column."""
    item.ensure_not_removed()
    if horizon not in Horizon.values:
        raise ValidationError({"horizon": _("Choose Now, Next, Later, parked or not doing.")})
    roadmap = locked(item.roadmap)
    item.roadmap = roadmap
    old = item.horizon
    if horizon == old:
        return _reorder(actor=actor, item=item, before=before, at_top=at_top)
    if not why.strip():
        raise ValidationError(
            {
                "why": _("Say why “%(title)s” moves from %(old)s to %(new)s.")
                % {
                    "title": item.title,
                    "old": Horizon(old).label,
                    "new": Horizon(horizon).label,
                }
            }
        )
    values: dict = {"horizon": horizon}
    if horizon in SET_ASIDE:
        values |= _set_aside_values(
            horizon=horizon, why=why, revisit_on=revisit_on, decided_by=decided_by, actor=actor
        )
    else:
        values |= {"reason": "", "decided_by": None, "decided_on": None, "revisit_on": None}
    limit_reason = check_limit(roadmap, item=item, horizon=horizon, limit_reason=limit_reason)
    pause_reason = ""
    values["position"] = _position(roadmap, horizon, item=item, before=before, at_top=at_top)
    old_confidence = item.shown_confidence
    _set(item, values)
    # Machine values, as the activity log keeps them; pages name them in the reader's language.
    changes = {"horizon": [old, horizon]}
    if item.shown_confidence != old_confidence:
        changes["confidence"] = [_number(old_confidence), _number(item.shown_confidence)]
    if horizon == Horizon.PARKED:
        changes["revisit_on"] = ["", item.revisit_on.isoformat() if item.revisit_on else ""]
    record_change(
        item=item,
        actor=actor,
        kind=ChangeKind.MOVED,
        activity_kind=kinds.ITEM_MOVED,
        why=why,
        changes=changes,
        limit_reason=limit_reason,
        pause_reason=pause_reason,
    )
    return item


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _reorder(
    *, actor: User, item: RoadmapItem, before: RoadmapItem | None, at_top: bool
) -> RoadmapItem:
    old = item.position
    position = _position(item.roadmap, item.horizon, item=item, before=before, at_top=at_top)
    if before is None and not at_top:
        # "At the end" for an item that is last already is no move at all.
        last = _column(item.roadmap, item.horizon, without=item).aggregate(p=Max("position"))
        if last["p"] is None or last["p"] < old:
            return item
    if position == old:
        return item
    _set(item, {"position": position})
    record_change(
        item=item, actor=actor, kind=ChangeKind.REORDERED, activity_kind=kinds.ITEM_REORDERED,
    )  # fmt: skip
    return item


@transaction.atomic
def item_step(*, actor: User, item: RoadmapItem, direction: int) -> RoadmapItem:
    """Move an item one place up (``-1``) or down (``+1``) in its column: the buttons that
    do without dragging."""
    item.ensure_not_removed()
    item.roadmap = locked(item.roadmap)
    column = _column(item.roadmap, item.horizon, without=item)
    if direction < 0:
        above = column.filter(position__lt=item.position).order_by("-position", "-id").first()
        if above is None:
            return item
        return _reorder(actor=actor, item=item, before=above, at_top=False)
    below = list(column.filter(position__gt=item.position).order_by("position", "id")[:2])
    if not below:
        return item
    if len(below) == 1:
        return _reorder(actor=actor, item=item, before=None, at_top=False)
    return _reorder(actor=actor, item=item, before=below[1], at_top=False)


@transaction.atomic
def item_remove(*, actor: User, item: RoadmapItem, why: str = "") -> RoadmapItem:
    """Take an item off the roadmap. It is kept for the history ("removed" in every
    comparison) and can be restored."""
    item.ensure_not_removed()
    _set(item, {"removed_at": clock.now()})
    record_change(
        item=item, actor=actor, kind=ChangeKind.REMOVED, activity_kind=kinds.ITEM_REMOVED,
        why=why,
    )  # fmt: skip
    return item


@transaction.atomic
def item_restore(*, actor: User, item: RoadmapItem, why: str = "") -> RoadmapItem:
    """Put a removed item back at the end of its horizon's column. Into a full Now it
    comes back as "Next"."""
    if not item.is_removed:
        return item
    roadmap = locked(item.roadmap)
    horizon = item.horizon
    if horizon == Horizon.NOW and roadmap.wip_limit:
        full = RoadmapItem.objects.planned().filter(roadmap=roadmap, horizon=Horizon.NOW)
        if full.count() >= roadmap.wip_limit:
            horizon = Horizon.NEXT
    _set(
        item,
        {
            "removed_at": None,
            "horizon": horizon,
            "position": _position(roadmap, horizon, item=item),
        },
    )
    record_change(
        item=item, actor=actor, kind=ChangeKind.RESTORED, activity_kind=kinds.ITEM_RESTORED,
        why=why, changes={"horizon": ["", item.horizon]},
    )  # fmt: skip
    return item


@transaction.atomic
def comment_add(*, actor: User, item: RoadmapItem, text: str) -> ItemComment:
    """A comment from anyone who may contribute (sales, support): it changes nothing on
    the roadmap, so it is no change in its history, only in the activity log."""
    comment = ItemComment(item=item, author=actor, text=text.strip())
    comment.full_clean()
    comment.save()
    activity_record(
        workspace=item.roadmap.workspace, actor=actor, kind=kinds.COMMENTED, target=item,
        product=item.roadmap.product, note=comment.text[:300],
    )  # fmt: skip
    return comment
