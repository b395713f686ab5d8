"""Reading the living document: the story of a roadmap's changes, and what changed
between two moments (dates, snapshots, now).

A moment is the id of the last change up to it (``Point``). What changed between two
moments needs only the items changed in between: for each, its last change up to the
earlier and up to the later moment (``ItemChange`` keeps the item's state after every
change). Three grouped queries, whatever the size of the roadmap or its history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leitstern.roadmap.models import (
    Audience,
    ChangeKind,
    Horizon,
    ItemChange,
    Level,
    Roadmap,
    Snapshot,
    Status,
    Visibility,
)

# What a comparison tells, in the order a review reads it.
ADDED, REMOVED, MOVED, REWORDED = "added", "removed", "moved", "reworded"
CONFIDENCE, STATUS, RESCHEDULED = "confidence", "status", "rescheduled"
CATEGORIES = (ADDED, REMOVED, MOVED, REWORDED, CONFIDENCE, STATUS, RESCHEDULED)


class State(NamedTuple):
    """An item as one change row left it."""

    item_id: int
    change_id: int
    title: str
    outcome: str
    horizon: str
    status: str
    confidence: int | None
    level: str
    visibility: str
    window_start: date | None
    window_end: date | None
    hard_date: date | None
    removed: bool


_STATE = ("item_id", "id", "title", "outcome", "horizon", "status", "confidence", "level",
          "visibility", "window_start", "window_end", "hard_date", "removed")  # fmt: skip


@dataclass(frozen=True)
class Point:
    """A moment of a roadmap: everything up to change ``change_id``."""

    change_id: int
    label: str
    at: datetime | None = None
    snapshot: Snapshot | None = None


def point_now(roadmap: Roadmap) -> Point:
    last = ItemChange.objects.filter(roadmap=roadmap).aggregate(last=Max("id"))["last"] or 0
    return Point(last, _("now"), timezone.now())


def point_for_day(roadmap: Roadmap, day: date) -> Point:
    """The end of ``day`` in the workspace's time zone."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    last = (
        ItemChange.objects.filter(roadmap=roadmap, at__lt=end).aggregate(last=Max("id"))["last"]
        or 0
    )
    return Point(last, date_format(day, "SHORT_DATE_FORMAT"), end)


def point_at(roadmap: Roadmap, moment: datetime) -> Point:
    """Everything recorded before ``moment``."""
    last = (
        ItemChange.objects.filter(roadmap=roadmap, at__lt=moment).aggregate(last=Max("id"))["last"]
        or 0
    )
    return Point(last, "", moment)


def point_for_snapshot(snapshot: Snapshot) -> Point:
    return Point(snapshot.last_change_id or 0, snapshot.name, snapshot.taken_at, snapshot)


@dataclass
class Entry:
    """One item that changed between the two moments."""

    item_id: int
    before: State | None
    after: State | None
    categories: list[str]
    why: str = ""
    who: str = ""

    @property
    def title(self) -> str:
        return (self.after or self.before).title

    @property
    def old_title(self) -> str:
        return self.before.title if self.before else ""


@dataclass
class Comparison:
    roadmap: Roadmap
    before: Point
    after: Point
    entries: list[Entry] = field(default_factory=list)

    def of(self, category: str) -> list[Entry]:
        return [entry for entry in self.entries if category in entry.categories]

    @property
    def counts(self) -> dict[str, int]:
        return {category: len(self.of(category)) for category in CATEGORIES}

    @property
    def total(self) -> int:
        return len(self.entries)


def _last_per_item(changes: QuerySet[ItemChange]) -> QuerySet:
    """The id of each item's last change among ``changes`` (a grouped subquery)."""
    return changes.order_by().values("item_id").annotate(last=Max("id")).values("last")


def _states(ids: QuerySet) -> dict[int, State]:
    rows = ItemChange.objects.filter(id__in=ids).order_by().values_list(*_STATE)
    return {row[0]: State._make(row) for row in rows}


def _visible(state: State | None, audience: Audience | None) -> bool:
    """Whether the item, as ``state`` left it, is on the roadmap (and in the audience's
    view, when one is given)."""
    if state is None or state.removed:
        return False
    if audience is None:
        return True
    if not audience.include_internal and state.visibility != Visibility.PUBLIC:
        return False
    return state.horizon in audience.horizons and state.level in audience.levels


def _categories(before: State | None, after: State | None, audience: Audience | None) -> list:
    was, now = _visible(before, audience), _visible(after, audience)
    if not was and not now:
        return []
    if not was:
        return [ADDED]
    if not now:
        return [REMOVED]
    found = []
    if before.horizon != after.horizon:
        found.append(MOVED)
    if before.title != after.title or before.outcome != after.outcome:
        found.append(REWORDED)
    if before.confidence != after.confidence and before.horizon == after.horizon:
        # A move changes the horizon's default confidence too; the move says enough.
        found.append(CONFIDENCE)
    if before.status != after.status:
        found.append(STATUS)
    if (before.window_start, before.window_end, before.hard_date) != (
        after.window_start,
        after.window_end,
        after.hard_date,
    ):
        found.append(RESCHEDULED)
    return found


def compare(
    roadmap: Roadmap, *, before: Point, after: Point, audience: Audience | None = None
) -> Comparison:
    """What changed on ``roadmap`` from ``before`` to ``after``: every item added,
    removed, moved, reworded, with a changed confidence, status or schedule, each with the
    last reason given in between. With ``audience``, as that audience's view shows it (an
    item that leaves the view counts as removed, one that enters it as added)."""
    if before.change_id > after.change_id:
        before, after = after, before
    comparison = Comparison(roadmap, before, after)
    if before.change_id == after.change_id:
        return comparison
    window = ItemChange.objects.filter(
        roadmap=roadmap, id__gt=before.change_id, id__lte=after.change_id
    )
    later = _states(_last_per_item(window))
    earlier: dict[int, State] = {}
    if before.change_id:
        earlier = _states(
            _last_per_item(
                ItemChange.objects.filter(
                    roadmap=roadmap,
                    id__lte=before.change_id,
                    item_id__in=window.order_by().values("item_id"),
                )
            )
        )
    reasons = {
        item_id: (why, who or "")
        for item_id, why, who in ItemChange.objects.filter(
            id__in=_last_per_item(window.exclude(why=""))
        )
        .order_by()
        .values_list("item_id", "why", "actor__name")
    }
    for item_id, state in later.items():
        old = earlier.get(item_id)
        categories = _categories(old, state, audience)
        if categories:
            why, who = reasons.get(item_id, ("", ""))
            comparison.entries.append(Entry(item_id, old, state, categories, why, who))
    comparison.entries.sort(
        key=lambda e: (_horizon_rank((e.after or e.before).horizon), e.title.casefold())
    )
    return comparison


def _horizon_rank(horizon: str) -> int:
    return list(Horizon.values).index(horizon) if horizon in Horizon.values else 99


# --- the story ---------------------------------------------------------------------------


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or "—"


def horizon_label(value: str) -> str:
    return _label(Horizon, value)


def _day(text: str) -> str:
    try:
        return date_format(date.fromisoformat(text), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return text


def story_line(change: ItemChange) -> str:
    """One sentence of the history: what happened to which item, in the reader's
    language (the reason is shown with it)."""
    title = change.title
    changes = change.changes or {}
    kind = change.kind
    if kind == ChangeKind.ADDED:
        return _("Added “%(title)s” to %(horizon)s") % {
            "title": title,
            "horizon": horizon_label(change.horizon),
        }
    if kind == ChangeKind.MOVED:
        old = (changes.get("horizon") or ["", ""])[0]
        if change.horizon == Horizon.NOT_DOING:
            return _("Decided not to do “%(title)s” (was %(old)s)") % {
                "title": title,
                "old": horizon_label(old),
            }
        if change.horizon == Horizon.PARKED:
            revisit = (changes.get("revisit_on") or ["", ""])[1]
            return _("Parked “%(title)s” (was %(old)s) until %(day)s") % {
                "title": title,
                "old": horizon_label(old),
                "day": _day(revisit),
            }
        return _("Moved “%(title)s” from %(old)s to %(new)s") % {
            "title": title,
            "old": horizon_label(old),
            "new": horizon_label(change.horizon),
        }
    if kind == ChangeKind.REORDERED:
        return _("Reordered “%(title)s” within %(horizon)s") % {
            "title": title,
            "horizon": horizon_label(change.horizon),
        }
    if kind == ChangeKind.REWORDED:
        old_title = (changes.get("title") or [title])[0]
        if old_title != title:
            return _("Reworded “%(old)s” as “%(new)s”") % {"old": old_title, "new": title}
        return _("Reworded the outcome of “%(title)s”") % {"title": title}
    if kind == ChangeKind.CONFIDENCE:
        old, new = changes.get("confidence") or ["", ""]
        return _("Confidence in “%(title)s” from %(old)s %% to %(new)s %%") % {
            "title": title,
            "old": old or "—",
            "new": new or change.confidence,
        }
    if kind == ChangeKind.STATUS:
        return _("“%(title)s” is now %(status)s") % {
            "title": title,
            "status": _label(Status, change.status),
        }
    if kind == ChangeKind.RESCHEDULED:
        return _("Rescheduled “%(title)s”") % {"title": title}
    if kind == ChangeKind.REMOVED:
        return _("Removed “%(title)s” from the roadmap") % {"title": title}
    if kind == ChangeKind.RESTORED:
        return _("Put “%(title)s” back on the roadmap, in %(horizon)s") % {
            "title": title,
            "horizon": horizon_label(change.horizon),
        }
    return _("Changed “%(title)s”") % {"title": title}


@dataclass(frozen=True)
class StoryLine:
    change: ItemChange
    text: str


STORY_PAGE = 50


def story(
    roadmap: Roadmap,
    *,
    below: int | None = None,
    item_id: int | None = None,
    include_reorders: bool = False,
    limit: int = STORY_PAGE,
) -> tuple[list[StoryLine], int | None]:
    """The newest changes (older than change ``below``), as sentences, and the id to
    continue below (None at the beginning of the history). One query."""
    changes = ItemChange.objects.filter(roadmap=roadmap).select_related("actor")
    if not include_reorders:
        changes = changes.exclude(kind=ChangeKind.REORDERED)
    if item_id is not None:
        changes = changes.filter(item_id=item_id)
    if below is not None:
        changes = changes.filter(id__lt=below)
    page = list(changes.order_by("-id")[: limit + 1])
    more = page[limit - 1].id if len(page) > limit else None
    return [StoryLine(change, story_line(change)) for change in page[:limit]], more


def limit_report(roadmap: Roadmap, *, since: datetime) -> dict[str, int]:
    """How often Now went over its limit, and items were scheduled into a consolidation
    period, since ``since`` (both with a reason, as the services demand)."""
    changes = ItemChange.objects.filter(roadmap=roadmap, at__gte=since)
    return {
        "over_limit": changes.exclude(limit_reason="").count(),
        "into_pause": changes.exclude(pause_reason="").count(),
    }


def level_label(value: str) -> str:
    return _label(Level, value)


def iter_labels(values: Iterable[str]) -> list[str]:
    return [horizon_label(value) for value in values]
