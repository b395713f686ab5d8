"""The revenue at stake behind each roadmap item and opportunity: computed fresh
(``rollups_computed``), stored (``RevenueRollup``, kept by the request services through
``rollup_refresh`` and by the customers' signal through ``organisations_changed``) and
read (``rollups``, ``rollups_stored``, ``item_totals``), with the freshness check
(``rollups_current``) that makes a read compute afresh when something went around the
services."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone

from leitstern.customers.models import Organisation
from leitstern.requests.models import (
    Request,
    RequestAccount,
    RevenueRollup,
    RollupState,
    Status,
)
from leitstern.workspaces.models import Workspace

DOMINANT_SHARE = Decimal("0.5")  # one account above half the revenue at stake dominates


# --- revenue roll-ups ------------------------------------------------------------------------


@dataclass
class Rollup:
    """Revenue at stake behind one opportunity or roadmap item: each organisation once (its
    largest revenue at stake among the requests), with the segments asking."""

    target_id: int
    revenue: Decimal = Decimal(0)
    accounts: int = 0
    requests: int = 0
    segments: dict[str, int] = field(default_factory=dict)
    largest: Decimal = Decimal(0)
    largest_name: str = ""
    target: object = None

    @property
    def dominated(self) -> bool:
        return (
            self.accounts > 1 and self.revenue > 0 and self.largest / self.revenue > DOMINANT_SHARE
        )

    @property
    def largest_share(self) -> int:
        return round(100 * self.largest / self.revenue) if self.revenue else 0


def rollups_computed(
    workspace: Workspace,
    *,
    by: str,
    offset: int = 0,
    limit: int | None = None,
    target_ids: list[int] | None = None,
    segments: bool = True,
) -> list[Rollup]:
    """Roll-ups per ``opportunity`` or ``roadmap_item`` (only ``target_ids`` when given),
    computed now from every request account: what the stored roll-ups (``rollups``) must
    equal, for the tests and ``large.verify``. Most revenue first, ``offset``/``limit``
    applied. Open and released requests count; requests not planned or merged do not.

    The database sums (each organisation's largest revenue per target, then per target), so
    the work does not grow in Python with the number of requests; the segments and the
    largest account are read for the returned targets only."""
    if by not in ("opportunity", "roadmap_item"):
        raise ValueError(by)
    if target_ids is not None and not target_ids:
        return []
    column = f"{by}_id"
    params: list[object] = [workspace.pk, Status.MERGED, Status.NOT_PLANNED]
    only = ""
    if target_ids is not None:
        only = f" AND r.{column} IN ({', '.join(['%s'] * len(target_ids))})"
        params += list(target_ids)
    page = ""
    if limit is not None:
        page = " LIMIT %s OFFSET %s"
        params += [limit, offset]
    elif offset:
        page = " LIMIT -1 OFFSET %s" if connection.vendor == "sqlite" else " OFFSET %s"
        params.append(offset)
    # Only table and column names (from the models, ``by`` checked above) and placeholders
    # are put into the text; every value is a parameter.
    sql = (
        "SELECT target, SUM(arr), COUNT(*), MAX(arr), SUM(asks) FROM ("  # noqa: S608
        f" SELECT r.{column} AS target, a.organisation_id AS org, MAX(a.arr) AS arr,"
        "  COUNT(*) AS asks"
        f" FROM {RequestAccount._meta.db_table} a"
        f" JOIN {Request._meta.db_table} r ON r.id = a.request_id"
        f" WHERE r.workspace_id = %s AND r.{column} IS NOT NULL"
        f"  AND r.status NOT IN (%s, %s){only}"
        f" GROUP BY r.{column}, a.organisation_id) per_account"
        f" GROUP BY target ORDER BY SUM(arr) DESC, target{page}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = [
            Rollup(
                target,
                revenue=_money(revenue),
                accounts=accounts,
                requests=int(asks),
                largest=_money(largest),
            )
            for target, revenue, accounts, largest, asks in cursor.fetchall()
        ]
    if not found:
        return found
    by_id = {r.target_id: r for r in found}
    key = f"request__{by}"
    counted = (
        []
        if not segments
        else (
            RequestAccount.objects.filter(
                request__workspace=workspace, **{f"{key}__in": list(by_id)}
            )
            .exclude(request__status__in=(Status.MERGED, Status.NOT_PLANNED))
            .values(key, "organisation__segment__name")
            .annotate(n=Count("organisation", distinct=True))
            .order_by(key, "organisation__segment__name")
        )
    )
    for row in counted:
        by_id[row[key]].segments[row["organisation__segment__name"] or ""] = row["n"]
    # The account with the largest revenue behind a target, by name, for the warning: only
    # where one account is more than half (few targets, so the lookup stays small).
    dominated = [r for r in found if r.dominated]
    if dominated:
        tops = Q()
        for rollup in dominated:
            tops |= Q(**{key: rollup.target_id, "arr": rollup.largest})
        names = (
            RequestAccount.objects.filter(tops, request__workspace=workspace)
            .exclude(request__status__in=(Status.MERGED, Status.NOT_PLANNED))
            .values_list(key, "organisation__name")
            .order_by(key, "organisation__name")
        )
        for target, name in names:
            if not by_id[target].largest_name:
                by_id[target].largest_name = name
    return found


def _money(value: object) -> Decimal:
    """A sum as the database answers it (SQLite: a float) in cents."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def rollup_targets(workspace: Workspace, found: list[Rollup], *, by: str) -> list[Rollup]:
    """The roll-ups with their opportunity or roadmap item attached."""
    if by == "opportunity":
        from leitstern.discovery.models import Opportunity

        targets = Opportunity.objects.filter(pk__in=[r.target_id for r in found])
    else:
        from leitstern.roadmap.models import RoadmapItem

        targets = RoadmapItem.objects.filter(pk__in=[r.target_id for r in found]).select_related(
            "roadmap__product"
        )
    by_id = {t.pk: t for t in targets}
    for rollup in found:
        rollup.target = by_id.get(rollup.target_id)
    return found


# --- stored roll-ups -------------------------------------------------------------------------

BY = ("roadmap_item", "opportunity")


def _totals(workspace: Workspace, by: str, target_ids: list[int] | None) -> dict[int, dict]:
    """The stored roll-up's fields per target, computed now (two queries): every target
    with a request not merged gets a row."""
    if by not in BY:
        raise ValueError(by)
    column = f"{by}_id"
    only, extra = "", []
    if target_ids is not None:
        only = f" AND r.{column} IN ({', '.join(['%s'] * len(target_ids))})"
        extra = list(target_ids)
    # Only table and column names (from the models, ``by`` checked above) and placeholders
    # are put into the text; every value is a parameter.
    per_account = (
        f"SELECT r.{column}, a.organisation_id, o.segment_id, o.name,"  # noqa: S608
        "  MAX(CASE WHEN r.status <> %s THEN a.arr END),"
        "  SUM(CASE WHEN r.status <> %s THEN 1 ELSE 0 END)"
        f" FROM {RequestAccount._meta.db_table} a"
        f" JOIN {Request._meta.db_table} r ON r.id = a.request_id"
        f" JOIN {Organisation._meta.db_table} o ON o.id = a.organisation_id"
        f" WHERE r.workspace_id = %s AND r.{column} IS NOT NULL AND r.status <> %s{only}"
        f" GROUP BY r.{column}, a.organisation_id, o.segment_id, o.name"
    )
    per_target = (
        f"SELECT r.{column}, COUNT(*),"  # noqa: S608
        "  SUM(CASE WHEN r.status <> %s THEN 1 ELSE 0 END)"
        f" FROM {Request._meta.db_table} r"
        f" WHERE r.workspace_id = %s AND r.{column} IS NOT NULL AND r.status <> %s{only}"
        f" GROUP BY r.{column}"
    )
    found: dict[int, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(per_target, [Status.NOT_PLANNED, workspace.pk, Status.MERGED, *extra])
        for target, total, still_open in cursor.fetchall():
            found[target] = {
                "revenue": Decimal(0),
                "accounts": 0,
                "asks": 0,
                "largest": Decimal(0),
                "largest_organisation_id": None,
                "largest_name": "",
                "segments": {},
                "requests": total,
                "open": int(still_open or 0),
                "asking": 0,
            }
        cursor.execute(
            per_account,
            [Status.NOT_PLANNED, Status.NOT_PLANNED, workspace.pk, Status.MERGED, *extra],
        )
        rows = cursor.fetchall()
    for target, organisation, segment, name, arr, asks in rows:
        row = found[target]
        row["asking"] += 1
        if arr is None:  # asks only in requests not planned
            continue
        arr = _money(arr)
        row["revenue"] += arr
        row["accounts"] += 1
        row["asks"] += int(asks)
        key = str(segment or "")
        row["segments"][key] = row["segments"].get(key, 0) + 1
        # The largest account; on a tie the first by name, as ``rollups_computed`` names it.
        if arr > row["largest"] or (
            arr == row["largest"]
            and (row["largest_organisation_id"] is None or name < row["largest_name"])
        ):
            row["largest"], row["largest_organisation_id"], row["largest_name"] = (
                arr,
                organisation,
                name,
            )
    return found


def _state(workspace: Workspace) -> RollupState:
    """The workspace's roll-up state, locked until the transaction ends: whoever
    recomputes roll-ups holds it, so two changes to one target's requests cannot store
    totals that miss the other one's (the second computes after the first committed)."""
    locked = RollupState.objects.select_for_update().filter(workspace=workspace).first()
    if locked is None:
        # Never computed: a row without a computation (``computed_at`` empty).
        RollupState.objects.bulk_create([RollupState(workspace=workspace)], ignore_conflicts=True)
        locked = RollupState.objects.select_for_update().get(workspace=workspace)
    return locked


@transaction.atomic
def rollup_refresh(workspace: Workspace, *, by: str, target_ids: list[int] | None = None) -> int:
    """Compute the roll-ups of ``target_ids`` (every target of the workspace when None)
    and store them; a target without a request (any more) loses its row. The number
    stored. The request services call it for the targets a change touches, in the
    change's transaction. A workspace whose roll-ups were never computed as a whole (new,
    or from before they were stored) gets all of them computed by its first change."""
    if target_ids is not None:
        target_ids = sorted({t for t in target_ids if t is not None})
        if not target_ids:
            return 0
    state = _state(workspace)
    if state.computed_at is None:
        return _refresh_all(workspace, state)
    return _store(workspace, by, target_ids)


def _store(workspace: Workspace, by: str, target_ids: list[int] | None) -> int:
    """Compute and store (the caller holds the state's lock)."""
    if target_ids is not None and not target_ids:
        return 0
    found = _totals(workspace, by, target_ids)
    stored = RevenueRollup.objects.filter(workspace=workspace, **{f"{by}__isnull": False})
    if target_ids is not None:
        stored = stored.filter(**{f"{by}_id__in": target_ids})
    stored.delete()
    now = timezone.now()
    rows: list[RevenueRollup] = []
    for target, values in found.items():
        values = {k: v for k, v in values.items() if k != "largest_name"}
        rows.append(
            RevenueRollup(workspace=workspace, computed_at=now, **{f"{by}_id": target}, **values)
        )
    RevenueRollup.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _stamp(workspace: Workspace, state: RollupState) -> None:
    """Note the organisations the stored roll-ups now stand on: their latest change,
    their number and the highest id (one query), and save the state."""
    found = (
        Organisation.objects.filter(workspace=workspace)
        .order_by()
        .aggregate(latest=Max("updated_at"), n=Count("id"), top=Max("id"))
    )
    state.organisations_changed = found["latest"]
    state.organisations, state.highest_organisation = found["n"] or 0, found["top"] or 0
    state.save()


@transaction.atomic
def rollup_refresh_all(workspace: Workspace) -> int:
    """Every stored roll-up of the workspace anew, and the state they stand on (the daily
    run, the large workspace, after a workspace import)."""
    return _refresh_all(workspace, _state(workspace))


def _refresh_all(workspace: Workspace, state: RollupState) -> int:
    stored = sum(_store(workspace, by, None) for by in BY)
    state.computed_at = timezone.now()
    _stamp(workspace, state)
    return stored


@transaction.atomic
def organisations_changed(*, workspace: Workspace, ids: list[int], fields: set[str] | None) -> None:
    """The customers module's services changed organisations ``ids`` (``fields``; None:
    their rows moved, as in a merge): the targets they ask for are stored anew when their
    segment or their rows changed, in that change's transaction (``customers.signals``)."""
    state = _state(workspace)
    if state.computed_at is None:
        return  # nothing stored to keep: the first request change computes everything
    if fields is None or "segment" in fields:
        targets = (
            RequestAccount.objects.filter(request__workspace=workspace, organisation__in=ids)
            .exclude(request__status=Status.MERGED)
            .values_list("request__roadmap_item_id", "request__opportunity_id")
            .distinct()
        )
        items, opportunities = set(), set()
        for item, opportunity in targets:
            items.add(item)
            opportunities.add(opportunity)
        _store(workspace, "roadmap_item", sorted(i for i in items if i is not None))
        _store(workspace, "opportunity", sorted(o for o in opportunities if o is not None))
    _stamp(workspace, state)


def rollups_current(workspace: Workspace) -> bool:
    """Whether the stored roll-ups can be read (one query; a read never writes): computed
    as a whole once, no organisation they stand on deleted since, and none that asks
    changed since its ask without the customers' services saying so (a change written
    around them: an admin's edit, a bulk update). Otherwise the pages compute the roll-ups
    now, as before they were stored, until the next daily run stores them anew."""
    known = (
        Organisation.objects.filter(workspace=workspace, pk__lte=OuterRef("highest_organisation"))
        .order_by()
        .values("workspace")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    # Organisations changed since (few, by the workspace's index) that asked before.
    asked_before = RequestAccount.objects.filter(
        organisation=OuterRef("pk"), added_at__lt=OuterRef("updated_at")
    )
    touched = Organisation.objects.filter(
        workspace=workspace, updated_at__gt=OuterRef("organisations_changed")
    ).filter(Exists(asked_before))
    state = (
        RollupState.objects.filter(workspace=workspace, computed_at__isnull=False)
        .annotate(
            known=Subquery(known, output_field=IntegerField()),
            touched=Exists(touched),
        )
        .first()
    )
    if state is None:
        return False
    if state.organisations_changed is None:  # no organisation when computed
        return state.organisations == 0 and not (state.known or 0)
    return (state.known or 0) == state.organisations and not state.touched


def rollups(
    workspace: Workspace,
    *,
    by: str,
    offset: int = 0,
    limit: int | None = None,
) -> list[Rollup]:
    """The roll-ups per ``opportunity`` or ``roadmap_item``, most revenue first,
    ``offset``/``limit`` applied: the stored ones while they are current
    (``rollups_current``), else computed now (``rollups_computed``)."""
    if by not in BY:
        raise ValueError(by)
    if not rollups_current(workspace):
        return rollups_computed(workspace, by=by, offset=offset, limit=limit)
    return rollups_stored(workspace, by=by, offset=offset, limit=limit)


def item_totals(workspace: Workspace, item_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per roadmap item of ``item_ids``: its requests (not merged) and the organisations
    asking in them (each once), as the stored roll-ups hold them (``requests``,
    ``asking``) while they are current (``rollups_current``), else counted now. An item
    without such a request is missing. Two queries."""
    if not item_ids:
        return {}
    if rollups_current(workspace):
        stored = RevenueRollup.objects.filter(workspace=workspace, roadmap_item__in=item_ids)
        rows = stored.values_list("roadmap_item_id", "requests", "asking")
        return {item: (requests, asking) for item, requests, asking in rows}
    counted = (
        Request.objects.filter(workspace=workspace, roadmap_item__in=item_ids)
        .visible()
        .values("roadmap_item")
        .annotate(
            requests=Count("id", distinct=True),
            asking=Count("accounts__organisation", distinct=True),
        )
        .order_by()
    )
    return {row["roadmap_item"]: (row["requests"], row["asking"]) for row in counted}


def rollups_stored(
    workspace: Workspace, *, by: str, offset: int = 0, limit: int | None = None
) -> list[Rollup]:
    """The stored roll-ups as they are (a target with at least one account counted):
    three queries however many requests there are."""
    stored = (
        RevenueRollup.objects.filter(
            workspace=workspace, accounts__gt=0, **{f"{by}__isnull": False}
        )
        .select_related("largest_organisation")
        .order_by("-revenue", f"{by}_id")
    )
    rows = list(stored[offset : None if limit is None else offset + limit])
    names = _segment_names(workspace, rows)
    return [_rollup(row, by, names) for row in rows]


def _segment_names(workspace: Workspace, rows: list[RevenueRollup]) -> dict[str, str]:
    from leitstern.customers.models import Segment

    ids = {int(key) for row in rows for key in row.segments if key}
    if not ids:
        return {}
    found = Segment.objects.filter(workspace=workspace, pk__in=ids).values_list("pk", "name")
    return {str(pk): name for pk, name in found}


def _rollup(row: RevenueRollup, by: str, names: dict[str, str]) -> Rollup:
    """A stored row as the pages and the API show it: segments by name (a segment deleted
    since counts as none), the largest account by its name now."""
    segments: dict[str, int] = {}
    for key, n in row.segments.items():
        name = names.get(key, "")
        segments[name] = segments.get(name, 0) + n
    organisation = row.largest_organisation
    return Rollup(
        getattr(row, f"{by}_id"),
        revenue=_money(row.revenue),
        accounts=row.accounts,
        requests=row.asks,
        segments=dict(sorted(segments.items())),
        largest=_money(row.largest),
        largest_name=organisation.name if organisation is not None else "",
    )
