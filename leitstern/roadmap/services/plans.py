"""Writes for the power of the pause and the record of decisions: consolidation periods,
the decision log, and snapshots of a roadmap."""

from __future__ import annotations

from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.roadmap import clock, kinds
from leitstern.roadmap.models import Decision, Pause, PauseKind, Roadmap, RoadmapItem, Snapshot
from leitstern.roadmap.services._common import check_member, last_change_id

# --- consolidation periods ---------------------------------------------------------------


@transaction.atomic
def pause_create(
    *,
    actor: User,
    roadmap: Roadmap,
    title: str,
    starts_on: date,
    ends_on: date,
    kind: str = PauseKind.CONSOLIDATION,
    purpose: str = "",
) -> Pause:
    """A time range in which nothing new ships; items scheduled into it afterwards need a
    reason. Items already scheduled there stay as they are (the timeline shows them)."""
    pause = Pause(
        roadmap=roadmap, title=title, kind=kind, starts_on=starts_on, ends_on=ends_on,
        purpose=purpose,
    )  # fmt: skip
    pause.full_clean()
    pause.save()
    activity_record(
        workspace=roadmap.workspace, actor=actor, kind=kinds.PAUSE_CREATED, target=pause,
        product=roadmap.product,
        changes={"starts_on": ["", starts_on.isoformat()], "ends_on": ["", ends_on.isoformat()]},
    )  # fmt: skip
    return pause


class PauseChanges(TypedDict, total=False):
    title: str
    kind: str
    starts_on: date
    ends_on: date
    purpose: str


@transaction.atomic
def pause_update(
    *, actor: User, pause: Pause, version: int | None = None, **fields: Unpack[PauseChanges]
) -> Pause:
    changes = update_versioned(pause, fields, version=version)
    if changes:
        activity_record(
            workspace=pause.roadmap.workspace, actor=actor, kind=kinds.PAUSE_UPDATED,
            target=pause, product=pause.roadmap.product, changes=changes,
        )  # fmt: skip
    return pause


@transaction.atomic
def pause_delete(*, actor: User, pause: Pause, note: str = "") -> None:
    activity_record(
        workspace=pause.roadmap.workspace, actor=actor, kind=kinds.PAUSE_DELETED, target=pause,
        product=pause.roadmap.product, note=note,
    )  # fmt: skip
    pause.delete()


# --- the decision log --------------------------------------------------------------------


def _check_items(roadmap: Roadmap, items: list[RoadmapItem] | None) -> None:
    if items and any(item.roadmap_id != roadmap.pk for item in items):
        raise ValidationError({"items": _("Choose items of this roadmap.")})


@transaction.atomic
def decision_create(
    *,
    actor: User,
    roadmap: Roadmap,
    title: str,
    decided_on: date | None = None,
    context: str = "",
    options: str = "",
    decided_by: User | None = None,
    revisit_on: date | None = None,
    items: list[RoadmapItem] | None = None,
) -> Decision:
    """Log a decision: what, in which context, the options weighed, who decided (the actor
    unless named), when, and when to look at it again (a reminder goes out that day)."""
    decided_by = decided_by or actor
    check_member(roadmap.workspace, decided_by, "decided_by")
    _check_items(roadmap, items)
    decision = Decision(
        roadmap=roadmap,
        title=title,
        context=context,
        options=options,
        decided_by=decided_by,
        decided_on=decided_on or clock.today(),
        revisit_on=revisit_on,
        created_by=actor,
    )
    decision.full_clean()
    decision.save()
    if items:
        decision.items.set(items)
    activity_record(
        workspace=roadmap.workspace, actor=actor, kind=kinds.DECISION_LOGGED, target=decision,
        product=roadmap.product,
    )  # fmt: skip
    return decision


class DecisionChanges(TypedDict, total=False):
    title: str
    context: str
    options: str
    decided_by: User | None
    decided_on: date
    revisit_on: date | None
    items: list[RoadmapItem]


@transaction.atomic
def decision_update(
    *,
    actor: User,
    decision: Decision,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[DecisionChanges],
) -> Decision:
    """Change the given fields. A new revisit date gets its own reminder."""
    roadmap = decision.roadmap
    if "decided_by" in fields:
        check_member(roadmap.workspace, fields["decided_by"], "decided_by")
    _check_items(roadmap, fields.get("items"))
    changes = update_versioned(decision, fields, version=version)
    if "revisit_on" in changes and decision.reminded_on is not None:
        Decision.objects.filter(pk=decision.pk).update(reminded_on=None)
        decision.reminded_on = None
    if changes:
        activity_record(
            workspace=roadmap.workspace, actor=actor, kind=kinds.DECISION_UPDATED,
            target=decision, product=roadmap.product, changes=changes, note=note,
        )  # fmt: skip
    return decision


# --- snapshots ---------------------------------------------------------------------------


@transaction.atomic
def snapshot_take(*, actor: User, roadmap: Roadmap, name: str, note: str = "") -> Snapshot:
    """Name the roadmap as it stands now ("Q3 review") to compare later days with."""
    snapshot = Snapshot(
        roadmap=roadmap,
        name=name,
        note=note,
        taken_at=clock.now(),
        last_change_id=last_change_id(roadmap),
        taken_by=actor,
    )
    snapshot.full_clean()
    with unique_race_as_error(snapshot):
        snapshot.save()
    activity_record(
        workspace=roadmap.workspace, actor=actor, kind=kinds.SNAPSHOT_TAKEN, target=snapshot,
        product=roadmap.product,
    )  # fmt: skip
    return snapshot
