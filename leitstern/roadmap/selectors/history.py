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

from django.core.cache import cache
from django.db import connection
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leitstern.roadmap.models import (
    HORIZON_ORDER,
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
from leitstern.roadmap.models.history import (
    KEY_CONFIDENCE,
    KEY_COUNT,
    KEY_HORIZON,
    KEY_LEVEL,
    KEY_REMOVED,
    KEY_SCHEDULE,
    KEY_STATUS,
    KEY_VISIBILITY,
    KEY_WORDING,
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
    return Point(_last_before(roadmap, end), date_format(day, "SHORT_DATE_FORMAT"), end)


def point_at(roadmap: Roadmap, moment: datetime) -> Point:
    """Everything recorded before ``moment``."""
    return Point(_last_before(roadmap, moment), "", moment)


def _last_before(roadmap: Roadmap, moment: datetime) -> int:
    """The id of the last change recorded before ``moment`` (0: none), found with one
    seek in the (roadmap, at, id) index."""
    last = (
        ItemChange.objects.filter(roadmap=roadmap, at__lt=moment)
        .order_by("-at", "-id")
        .values_list("id", flat=True)
        .first()
    )
    return last or 0


def point_for_snapshot(snapshot: Snapshot) -> Point:
    return Point(snapshot.last_change_id or 0, snapshot.name, snapshot.taken_at, snapshot)


@dataclass(slots=True)
class Entry:
    """One item that changed between the two moments. Its states before and after and the
    last reason given are loaded for the entries a page shows (``Comparison.fill``), or
    for all of them when one is read without that."""

    item_id: int
    categories: list[str]
    title: str  # as the later moment has it
    horizon: str
    before_id: int | None
    after_id: int
    comparison: Comparison = field(repr=False, compare=False)
    details: tuple[State | None, State, str, str] | None = field(
        default=None, repr=False, compare=False
    )

    def _details(self) -> tuple[State | None, State, str, str]:
        if self.details is None:
            self.comparison.fill([e for e in self.comparison.entries if e.details is None])
        assert self.details is not None
        return self.details

    @property
    def before(self) -> State | None:
        return self._details()[0]

    @property
    def after(self) -> State:
        return self._details()[1]

    @property
    def why(self) -> str:
        return self._details()[2]

    @property
    def who(self) -> str:
        return self._details()[3]

    @property
    def old_title(self) -> str:
        before = self.before
        return before.title if before else ""


@dataclass
class Comparison:
    """What changed between ``before`` and ``after``. ``rows`` are the changed items as the
    cache keeps them (``_classified``); an ``Entry`` is made only for the rows a caller
    reads (a page shows a few dozen of thousands), so a view from the cache allocates
    little (fewer garbage collections in the middle of a request)."""

    roadmap: Roadmap
    before: Point
    after: Point
    rows: list[tuple] = field(default_factory=list, repr=False)
    _made: dict[int, Entry] = field(default_factory=dict, repr=False, compare=False)

    def _entry(self, index: int) -> Entry:
        entry = self._made.get(index)
        if entry is None:
            item_id, categories, title, horizon, first_id, last_id = self.rows[index]
            entry = Entry(item_id, categories, title, horizon, first_id, last_id, self)
            self._made[index] = entry
        return entry

    @property
    def entries(self) -> list[Entry]:
        return [self._entry(index) for index in range(len(self.rows))]

    def page(self, offset: int, limit: int) -> list[Entry]:
        """The entries from ``offset``, at most ``limit``."""
        return [self._entry(i) for i in range(len(self.rows))[offset : offset + limit]]

    def of(self, category: str) -> list[Entry]:
        return [self._entry(i) for i, row in enumerate(self.rows) if category in row[1]]

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(CATEGORIES, 0)
        for row in self.rows:
            for category in row[1]:
                found[category] += 1
        return found

    @property
    def total(self) -> int:
        return len(self.rows)

    def fill(self, entries: Iterable[Entry]) -> None:
        """Load the states and reasons of ``entries`` (two queries, however many)."""
        wanted = [entry for entry in entries if entry.details is None]
        if not wanted:
            return
        ids = [e.after_id for e in wanted] + [e.before_id for e in wanted if e.before_id]
        rows = ItemChange.objects.filter(id__in=ids).order_by().values_list(*_STATE)
        states = {row[1]: State._make(row) for row in rows}
        window = ItemChange.objects.filter(
            roadmap=self.roadmap,
            id__gt=self.before.change_id,
            id__lte=self.after.change_id,
            item_id__in=[e.item_id for e in wanted],
        )
        reasons = {
            item_id: (why, who or "")
            for item_id, why, who in ItemChange.objects.filter(
                id__in=_last_per_item(window.exclude(why=""))
            )
            .order_by()
            .values_list("item_id", "why", "actor__name")
        }
        for entry in wanted:
            why, who = reasons.get(entry.item_id, ("", ""))
            before = states.get(entry.before_id) if entry.before_id else None
            entry.details = (before, states[entry.after_id], why, who)


def _last_per_item(changes: QuerySet[ItemChange]) -> QuerySet:
    """The id of each item's last change among ``changes`` (a grouped subquery)."""
    return changes.order_by().values("item_id").annotate(last=Max("id")).values("last")


# Every item changed between two moments: its last change up to the later moment (the
# window's rows grouped by item) and its last change up to the earlier moment as "id|state
# key", found with one seek per item in the (roadmap, item, id, state_key) index that
# answers it alone (the earlier state's row is never read). The later state comes as "state
# key|title" with one primary-key lookup per item: as a join, PostgreSQL would merge it
# with the whole history read in id order (100,000 rows for 4,000 items) rather than look
# the rows up. The keys are compared in Python (``_classify``).
_COMPARE_SQL = """
SELECT w.item_id, w.last_id, (
    SELECT e.id || '|' || e.state_key FROM {table} e
    WHERE e.roadmap_id = %s AND e.item_id = w.item_id AND e.id <= %s
    ORDER BY e.id DESC LIMIT 1
) AS prior, (
    SELECT a.state_key || '|' || a.title FROM {table} a WHERE a.id = w.last_id
) AS later
FROM (
    SELECT item_id, MAX(id) AS last_id FROM {table}
    WHERE {window_roadmap} = %s AND id > %s AND id <= %s
    GROUP BY item_id
) w
"""


def _window_roadmap() -> str:
    """How the window's rows are narrowed to the roadmap. SQLite (without statistics)
    would read the roadmap's whole history through the (roadmap, item, id) index to group
    by item; ``roadmap_id + 0`` makes it read only the window's rows by id instead.
    PostgreSQL picks the (roadmap, id) index by itself."""
    return "roadmap_id + 0" if connection.vendor == "sqlite" else "roadmap_id"


def compare(
    roadmap: Roadmap, *, before: Point, after: Point, audience: Audience | None = None
) -> Comparison:
    """What changed on ``roadmap`` from ``before`` to ``after``: every item added,
    removed, moved, reworded, with a changed confidence, status or schedule, each with the
    last reason given in between. With ``audience``, as that audience's view shows it (an
    item that leaves the view counts as removed, one that enters it as added). One query
    finds and classifies them (kept in the cache: the history between two change ids never
    changes); their states and reasons are loaded for the entries shown
    (``Comparison.fill``)."""
    if before.change_id > after.change_id:
        before, after = after, before
    comparison = Comparison(roadmap, before, after)
    if before.change_id == after.change_id:
        return comparison
    key = _compare_key(roadmap, before, after, audience)
    found = cache.get(key)
    if found is None:
        found = _classified(roadmap, before, after, audience)
        cache.set(key, found, COMPARE_CACHE_SECONDS)
    comparison.rows = found
    return comparison


# The history is only ever appended to: the changes between two change ids stay what they
# were, so a comparison is kept (for a day) under the ids and the audience's version. A new
# change moves "now" to a new id, and with it to a new key.
COMPARE_CACHE_SECONDS = 60 * 60 * 24


def _compare_key(roadmap: Roadmap, before: Point, after: Point, audience: Audience | None) -> str:
    seen_as = f"{audience.pk}.{audience.version}" if audience is not None else "all"
    started = int(roadmap.created_at.timestamp() * 1_000_000) if roadmap.created_at else 0
    return f"roadmap:compare:{roadmap.pk}.{started}:{before.change_id}:{after.change_id}:{seen_as}"


def _classified(
    roadmap: Roadmap, before: Point, after: Point, audience: Audience | None
) -> list[tuple]:
    """The changed items as ``(item_id, categories, title, horizon, first_id, last_id)``
    in the order a review reads them (by horizon, then title)."""
    table = connection.ops.quote_name(ItemChange._meta.db_table)
    params = [roadmap.pk, before.change_id, roadmap.pk, before.change_id, after.change_id]
    with connection.cursor() as cursor:
        cursor.execute(_COMPARE_SQL.format(table=table, window_roadmap=_window_roadmap()), params)
        rows = cursor.fetchall()
    return _classify(rows, audience)


def _classify(rows: list[tuple], audience: Audience | None) -> list[tuple]:
    """What each row of ``_COMPARE_SQL`` tells, sorted as a review reads them. An item
    shows at a moment unless it was removed then; in an audience's view only if it is
    public (or the view shows internal items) and its horizon and level are in the view.
    Not shown at either moment: left out; shown only later: added; only earlier: removed;
    at both: moved, reworded, confidence (not with a move), status, rescheduled, as they
    differ. A first view classifies thousands of rows: the audience's rule is read once
    and each row unpacked once."""
    if audience is not None:
        internal = audience.include_internal
        horizons, levels = set(audience.horizons), set(audience.levels)
        public = Visibility.PUBLIC

        def shown(horizon: str, level: str, visibility: str, removed: object) -> bool:
            return (
                not removed
                and (internal or visibility == public)
                and horizon in horizons
                and level in levels
            )
    else:

        def shown(horizon: str, level: str, visibility: str, removed: object) -> bool:
            return not removed

    rank = HORIZON_ORDER.get
    schedule = KEY_SCHEDULE
    keyed = []
    for item_id, last_id, prior, later in rows:
        # The key's fields never hold "|"; the title after them may.
        a = later.split("|", KEY_COUNT)
        title = a[KEY_COUNT]
        horizon = a[KEY_HORIZON]
        now = shown(horizon, a[KEY_LEVEL], a[KEY_VISIBILITY], a[KEY_REMOVED] == "1")
        if prior:
            first, _bar, earlier = prior.partition("|")
            first_id: int | None = int(first)
            b = earlier.split("|")
            was = shown(b[KEY_HORIZON], b[KEY_LEVEL], b[KEY_VISIBILITY], b[KEY_REMOVED] == "1")
        else:
            first_id, b, was = None, a, False
        if not was:
            if not now:
                continue
            categories = [ADDED]
        elif not now:
            categories = [REMOVED]
        else:
            moved = b[KEY_HORIZON] != horizon
            categories = [MOVED] if moved else []
            if b[KEY_WORDING] != a[KEY_WORDING]:
                categories.append(REWORDED)
            if b[KEY_CONFIDENCE] != a[KEY_CONFIDENCE] and not moved:
                # A move changes the horizon's default confidence too; the move says enough.
                categories.append(CONFIDENCE)
            if b[KEY_STATUS] != a[KEY_STATUS]:
                categories.append(STATUS)
            if b[schedule] != a[schedule]:
                categories.append(RESCHEDULED)
            if not categories:
                continue
        keyed.append(
            (
                (rank(horizon, 99), title.casefold()),
                (item_id, categories, title, horizon, first_id, last_id),
            )
        )
    keyed.sort(key=lambda pair: pair[0])
    return [found for _key, found in keyed]


def _horizon_rank(horizon: str) -> int:
    return HORIZON_ORDER.get(horizon, 99)


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
