"""What the roadmap's services share: recording a change (history row and activity entry
in the same transaction) and the rules about limits, pauses, dates and links."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.roadmap import clock
from leitstern.roadmap.models import (
    ChangeKind,
    Horizon,
    ItemChange,
    Pause,
    Roadmap,
    RoadmapItem,
)
from leitstern.strategy.models import KeyResult, Objective
from leitstern.workspaces.models import Workspace


def item_state(item: RoadmapItem) -> dict[str, Any]:
    """The item's state as a change row keeps it (``ItemChange.STATE_FIELDS``)."""
    return {
        "title": item.title,
        "outcome": item.outcome,
        "horizon": item.horizon,
        "status": item.status,
        "confidence": item.shown_confidence,
        "level": item.level,
        "visibility": item.visibility,
        "window_start": item.window_start,
        "window_end": item.window_end,
        "hard_date": item.hard_date,
        "team_id": item.team_id,
        "position": item.position,
        "removed": item.removed_at is not None,
    }


@transaction.atomic  # within the caller's transaction: the change and its entry, or neither
def record_change(
    *,
    item: RoadmapItem,
    actor: User | None,
    kind: str,
    activity_kind: str,
    why: str = "",
    changes: dict | None = None,
    limit_reason: str = "",
    pause_reason: str = "",
) -> ItemChange:
    """Keep one change of ``item`` in its history, with the state it leaves the item in,
    and in the workspace's activity log, both in the caller's transaction."""
    roadmap = item.roadmap
    change = ItemChange.objects.create(
        roadmap=roadmap,
        item=item,
        at=clock.now(),
        actor=actor,
        kind=kind,
        why=why.strip(),
        changes=changes or {},
        limit_reason=limit_reason.strip(),
        pause_reason=pause_reason.strip(),
        **item_state(item),
    )
    activity_record(
        workspace=roadmap.workspace,
        actor=actor,
        kind=activity_kind,
        target=item,
        product=roadmap.product,
        changes=changes or {},
        note=" ".join(part for part in (why.strip(), limit_reason.strip(),
                                         pause_reason.strip()) if part),
    )  # fmt: skip
    return change


def last_change_id(roadmap: Roadmap) -> int | None:
    return ItemChange.objects.filter(roadmap=roadmap).aggregate(last=Max("id"))["last"]


def locked(roadmap: Roadmap) -> Roadmap:
    """The roadmap's row, locked until the transaction ends: moves into Now wait for each
    other, so two people cannot both take the last place under the limit."""
    return Roadmap.objects.select_for_update().get(pk=roadmap.pk)


def check_limit(
    roadmap: Roadmap, *, item: RoadmapItem | None, horizon: str, limit_reason: str
) -> str:
    """Going into Now when it is full needs a reason. Returns the reason to keep (empty when
    the limit is not exceeded). Call with the roadmap locked."""
    if horizon != Horizon.NOW or not roadmap.wip_limit:
        return ""
    already = RoadmapItem.objects.planned().filter(roadmap=roadmap, horizon=Horizon.NOW)
    if item is not None and item.pk:
        already = already.exclude(pk=item.pk)
    count = already.count()
    if count < roadmap.wip_limit:
        return ""
    if not limit_reason.strip():
        raise ValidationError(
            {
                "limit_reason": _(
                    "Now holds %(count)d items and its limit is %(limit)d: say why this one "
                    "goes in anyway, or move another item out first."
                )
                % {"count": count, "limit": roadmap.wip_limit}
            }
        )
    return limit_reason


def pause_in_the_way(
    roadmap: Roadmap,
    *,
    window_start: date | None,
    window_end: date | None,
    hard_date: date | None,
) -> Pause | None:
    """The first consolidation period the time window or hard date falls into."""
    if not (window_start and window_end) and not hard_date:
        return None
    for pause in Pause.objects.filter(roadmap=roadmap).order_by("starts_on"):
        touches_window = (
            window_start is not None
            and window_end is not None
            and window_start <= pause.ends_on
            and window_end >= pause.starts_on
        )
        touches_date = hard_date is not None and pause.starts_on <= hard_date <= pause.ends_on
        if touches_window or touches_date:
            return pause
    return None


def check_pause(
    roadmap: Roadmap,
    *,
    window_start: date | None,
    window_end: date | None,
    hard_date: date | None,
    pause_reason: str,
) -> str:
    """Scheduling into a consolidation period needs a reason; returns the reason to keep."""
    pause = pause_in_the_way(
        roadmap, window_start=window_start, window_end=window_end, hard_date=hard_date
    )
    if pause is None:
        return ""
    if not pause_reason.strip():
        raise ValidationError(
            {
                "pause_reason": _(
                    "This falls into “%(pause)s” (%(start)s – %(end)s), a time to ship "
                    "nothing new: say why it is scheduled there anyway."
                )
                % {
                    "pause": pause.title,
                    "start": date_format(pause.starts_on, "SHORT_DATE_FORMAT"),
                    "end": date_format(pause.ends_on, "SHORT_DATE_FORMAT"),
                }
            }
        )
    return pause_reason


def check_hard_date(hard_date: date | None) -> None:
    """A hard date is a real deadline still ahead: one in the past cannot be set."""
    if hard_date is not None and hard_date < clock.today():
        raise ValidationError(
            {
                "hard_date": _(
                    "%(date)s is in the past; a hard date is a real deadline still ahead."
                )
                % {"date": date_format(hard_date, "SHORT_DATE_FORMAT")}
            }
        )


def check_member(workspace: Workspace, user: User | None, field: str) -> None:
    if user is not None and not user.memberships.filter(workspace=workspace).exists():
        raise ValidationError({field: _("Choose a member of this workspace.")})


def check_links(
    workspace: Workspace,
    *,
    key_results: Iterable[KeyResult] | None = None,
    objectives: Iterable[Objective] | None = None,
) -> None:
    """Key results and objectives an item links to are the workspace's own."""
    if key_results is not None:
        ids = [kr.pk for kr in key_results]
        foreign = KeyResult.objects.filter(pk__in=ids).exclude(
            objective__cycle__workspace=workspace
        )
        if foreign.exists():
            raise ValidationError({"key_results": _("Choose key results of this workspace.")})
    if objectives is not None:
        ids = [o.pk for o in objectives]
        if Objective.objects.filter(pk__in=ids).exclude(cycle__workspace=workspace).exists():
            raise ValidationError({"objectives": _("Choose objectives of this workspace.")})


def kind_of_edit(changes: dict) -> str:
    """The change kind a history reader cares about most for an edit."""
    fields = set(changes)
    if fields & {"title", "outcome"}:
        return ChangeKind.REWORDED
    if fields <= {"confidence"}:
        return ChangeKind.CONFIDENCE
    if fields <= {"status"}:
        return ChangeKind.STATUS
    if fields <= {"window_start", "window_end", "hard_date", "hard_date_kind",
                  "hard_date_note"}:  # fmt: skip
        return ChangeKind.RESCHEDULED
    return ChangeKind.EDITED
