"""Reads of the requests module: the triage inbox, account pages, commitment risk and the
revenue roll-ups. Pages and the API share them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from leitstern.customers.models import Organisation
from leitstern.requests.models import (
    CLOSED,
    LIVE,
    OPEN,
    WAITING,
    Commitment,
    CommitmentState,
    Request,
    RequestAccount,
    RequestSettings,
    RevenueRollup,
    RollupState,
    Status,
)
from leitstern.workspaces.models import Workspace

DOMINANT_SHARE = Decimal("0.5")  # one account above half the revenue at stake dominates


def today() -> date:
    return timezone.localdate()


def settings_for(workspace: Workspace) -> RequestSettings:
    """The workspace's settings; the defaults (unsaved) until someone changes them."""
    found = RequestSettings.objects.filter(workspace=workspace).first()
    return found or RequestSettings(workspace=workspace)


def with_revenue(requests: QuerySet[Request]) -> QuerySet[Request]:
    """Each request with its revenue at stake (``revenue``) and how many accounts ask
    (``account_count``)."""
    return requests.annotate(revenue=Sum("accounts__arr"), account_count=Count("accounts"))


def requests_of(workspace: Workspace, *, status: str = "") -> QuerySet[Request]:
    """The requests (not merged), newest first, each with its revenue and account count."""
    return with_revenue(listed(workspace, status=status))


def listed(workspace: Workspace, *, status: str = "") -> QuerySet[Request]:
    """The requests (not merged), newest first, without their totals: a list pages these
    (the index on workspace, status and time finds and counts them) and adds the totals of
    the shown rows with ``add_revenue``. Summing the accounts of every request before
    paging cost a join and a grouping over the whole workspace for each page."""
    requests = Request.objects.filter(workspace=workspace).visible()
    if status == "open":
        requests = requests.filter(status__in=OPEN)
    elif status:
        requests = requests.filter(status=status)
    return requests.select_related("heard_by").order_by("-created_at", "-id")


def add_revenue(requests: Iterable[Request]) -> list[Request]:
    """``requests`` with ``revenue`` and ``account_count`` set as ``with_revenue`` gives
    them (no accounts: no revenue, ``None``, and a count of 0), in one grouped query."""
    rows = list(requests)
    totals = {
        row["request"]: row
        for row in RequestAccount.objects.filter(request__in=[r.pk for r in rows])
        .values("request")
        .annotate(revenue=Sum("arr"), n=Count("id"))
        .order_by()
    }
    for row in rows:
        found = totals.get(row.pk)
        # The names ``with_revenue`` annotates, so the templates and the API read either.
        row.revenue = found["revenue"] if found else None  # type: ignore[attr-defined]  # as annotate() sets it
        row.account_count = found["n"] if found else 0  # type: ignore[attr-defined]  # as annotate() sets it
    return rows


def inbox(workspace: Workspace) -> QuerySet[Request]:
    """Requests waiting for product's triage, oldest first."""
    waiting = Request.objects.filter(workspace=workspace, status__in=WAITING)
    return with_revenue(waiting.select_related("heard_by")).order_by("created_at", "id")


def accounts_of(request: Request) -> list[RequestAccount]:
    return list(request.accounts.select_related("organisation__segment").order_by("-arr", "id"))


# --- commitment risk -------------------------------------------------------------------------


@dataclass
class Risk:
    """How likely a promise is kept: ``level`` green/amber/red (or ``unknown``/``settled``),
    the percent chance from the team's forecast, and why when there is none."""

    level: str
    percent: int | None = None
    overdue: bool = False
    note: str = ""

    @property
    def rank(self) -> int:
        """Overdue first, then red, amber, unknown, green, settled."""
        if self.overdue:
            return 0
        return {"red": 1, "amber": 2, "unknown": 3, "green": 4}.get(self.level, 5)


GREEN, AMBER = 85, 50


def risk_of(
    commitment: Commitment, *, on: date | None = None, forecasts: dict | None = None
) -> Risk:
    """The chance of meeting the committed date, from the roadmap item's team forecast
    (the items planned before it count as ahead of it). ``forecasts`` keeps each item's
    forecast across calls, so commitments on one item read its team's history once."""
    from django.utils.translation import gettext as _

    on = on or today()
    if commitment.state not in LIVE:
        return Risk("settled")
    if commitment.due_on < on:
        return Risk("red", percent=0, overdue=True, note=_("The date has passed."))
    item = commitment.roadmap_item
    if item is None:
        return Risk("unknown", note=_("No roadmap item: no forecast."))
    from leitstern.forecasts.answers import ForecastError, Spec, compute
    from leitstern.forecasts.models import Question
    from leitstern.roadmap.selectors.evidence import item_forecast

    if forecasts is None:
        forecast = item_forecast(item)
    else:
        if item.pk not in forecasts:
            forecasts[item.pk] = item_forecast(item)
        forecast = forecasts[item.pk]
    if forecast is None:
        return Risk("unknown", note=_("The roadmap item has no team or no size in items."))
    if forecast.problem:
        return Risk("unknown", note=forecast.problem)
    try:
        answer = compute(
            forecast.team,
            Spec(question=Question.CHANCE, items=forecast.total, by=commitment.due_on),
        )
    except ForecastError as error:
        return Risk("unknown", note=error.message)
    percent = round(100 * float(answer.result.get("calibrated_probability", 0)))
    level = "green" if percent >= GREEN else "amber" if percent >= AMBER else "red"
    return Risk(level, percent=percent)


RELATED = (
    "organisation",
    "roadmap_item__team",
    "roadmap_item__roadmap",
    "team",
    "sales_owner",
    "request",
)


def _history_tokens(team_ids: set[int]) -> dict[int, str]:
    """Each team's history version (one query): it changes whenever the team's finished
    work changes, and with it the forecast."""
    from leitstern.forecasts.models import TeamHistory

    if not team_ids:
        return {}
    rows = TeamHistory.objects.filter(team_id__in=team_ids).values_list(
        "team_id", "version", "changed_at"
    )
    return {team: _token(version, changed) for team, version, changed in rows}


def _token(version: int | None, changed: datetime | None) -> str:
    return f"{version}-{changed.timestamp()}" if version is not None and changed else "0"


def with_history(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Each commitment with its item's team history version (``history_version``,
    ``history_changed``), in the same query: what the stored risk's basis is checked
    against."""
    from leitstern.forecasts.models import TeamHistory

    history = TeamHistory.objects.filter(team=OuterRef("roadmap_item__team"))
    return commitments.annotate(
        history_version=Subquery(history.values("version")[:1], output_field=IntegerField()),
        history_changed=Subquery(history.values("changed_at")[:1], output_field=DateTimeField()),
    )


def risk_basis(commitment: Commitment, tokens: dict[int, str]) -> str:
    """What the risk of ``commitment`` was computed from: its date, the roadmap item's
    version and its team's history version. A stored risk with another basis is stale."""
    item = commitment.roadmap_item
    if item is None:
        return f"due {commitment.due_on}|no item"
    history = tokens.get(item.team_id, "0") if item.team_id else "-"
    return f"due {commitment.due_on}|item {item.pk} v{item.version}|team {item.team_id} h{history}"


def _teams(commitments: list[Commitment]) -> set[int]:
    return {
        c.roadmap_item.team_id
        for c in commitments
        if c.state in LIVE and c.roadmap_item is not None and c.roadmap_item.team_id
    }


def stored_risk(commitment: Commitment, *, on: date | None = None) -> Risk | None:
    """The risk as stored; None when it was never computed. Overdue and settled need no
    forecast and are judged now."""
    on = on or today()
    if commitment.state not in LIVE:
        return Risk("settled")
    if commitment.due_on < on:
        from django.utils.translation import gettext as _

        return Risk("red", percent=0, overdue=True, note=_("The date has passed."))
    if not commitment.risk_level:
        return None
    return Risk(commitment.risk_level, percent=commitment.risk_percent, note=commitment.risk_note)


def risk_refresh(commitments: QuerySet[Commitment] | list[Commitment]) -> int:
    """Compute the risk of each live commitment and store it with its basis; the number
    stored. The services call it after a change, the daily run for every live one."""
    if isinstance(commitments, QuerySet):
        commitments = list(commitments.filter(state__in=LIVE).select_related(*RELATED))
    rows = [c for c in commitments if c.state in LIVE]
    tokens = _history_tokens(_teams(rows))
    forecasts: dict = {}
    now = timezone.now()
    for commitment in rows:
        risk = risk_of(commitment, forecasts=forecasts)
        fields = {
            "risk_level": "red" if risk.overdue else risk.level,
            "risk_percent": risk.percent,
            "risk_note": str(risk.note)[:300],
            "risk_basis": risk_basis(commitment, tokens),
            "risk_computed_at": now,
        }
        # A derived value, not an edit: no new version, so nobody's open edit conflicts.
        Commitment.objects.filter(pk=commitment.pk).update(**fields)
        for name, value in fields.items():
            setattr(commitment, name, value)
    return len(rows)


def commitments_with_risk(
    commitments: QuerySet[Commitment], *, on: date | None = None, limit: int | None = None
) -> list[tuple[Commitment, Risk]]:
    """Commitments (the first ``limit`` of them) with their risk, overdue and at-risk ones
    on top, in one query. The stored risk serves while its basis holds; a row whose team
    history, item or date changed since (or never computed) is computed now, each item's
    forecast once (not stored: a read does not write; the next change or the daily run
    stores it)."""
    on = on or today()
    commitments = with_history(commitments.select_related(*RELATED))
    rows = list(commitments if limit is None else commitments[:limit])
    found = []
    forecasts: dict = {}
    for commitment in rows:
        risk = stored_risk(commitment, on=on)
        item = commitment.roadmap_item
        tokens = {}
        if item is not None and item.team_id:
            tokens[item.team_id] = _token(commitment.history_version, commitment.history_changed)
        live_forecast = risk is not None and risk.level != "settled" and not risk.overdue
        if live_forecast and commitment.risk_basis != risk_basis(commitment, tokens):
            risk = None
        if risk is None:
            risk = risk_of(commitment, on=on, forecasts=forecasts)
        found.append((commitment, risk))
    found.sort(key=lambda row: (row[1].rank, row[0].due_on, row[0].pk))
    return found


def by_risk(commitments: QuerySet[Commitment], *, on: date | None = None) -> QuerySet[Commitment]:
    """Overdue and at-risk first by the stored risk, in the database, so a list can be
    paged: overdue, red, amber, unknown, green, settled; then by date."""
    on = on or today()
    rank = Case(
        When(~Q(state__in=LIVE), then=Value(5)),
        When(due_on__lt=on, then=Value(0)),
        When(risk_level="red", then=Value(1)),
        When(risk_level="amber", then=Value(2)),
        When(risk_level="green", then=Value(4)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return commitments.annotate(risk_rank=rank).order_by("risk_rank", "due_on", "id")


def commitments_of(workspace: Workspace, *, organisation: Organisation | None = None):
    commitments = Commitment.objects.filter(workspace=workspace)
    if organisation is not None:
        commitments = commitments.filter(organisation=organisation)
    return commitments


# --- account pages ---------------------------------------------------------------------------


@dataclass
class AccountRow:
    organisation: Organisation
    open_requests: int
    revenue: Decimal


def accounts_asking(workspace: Workspace) -> QuerySet[Organisation]:
    """Organisations with requests, the most revenue at stake first (an organisation that
    still asks in a merged request is left out).

    Each organisation's total is summed from its own asks (the index on organisation and
    revenue holds both, so no row of the accounts table is read), and only then are the
    organisations sorted: grouping every ask of the workspace with all of its organisation's
    columns cost a second per page."""
    asks = RequestAccount.objects.filter(organisation=OuterRef("pk")).order_by()
    merged = RequestAccount.objects.filter(
        request__workspace=workspace, request__status=Status.MERGED
    ).values("organisation_id")
    return (
        Organisation.objects.filter(Exists(asks), workspace=workspace)
        .annotate(
            revenue=Subquery(
                asks.values("organisation").annotate(s=Sum("arr")).values("s"),
                output_field=RequestAccount._meta.get_field("arr"),
            ),
            request_count=Subquery(
                asks.values("organisation").annotate(n=Count("id")).values("n"),
                output_field=IntegerField(),
            ),
        )
        .exclude(pk__in=merged)
        .select_related("segment")
        .order_by("-revenue", "name", "id")
    )


@dataclass
class AccountPage:
    organisation: Organisation
    asks: list[RequestAccount]
    commitments: list[tuple[Commitment, Risk]]
    helping: list  # roadmap items that serve this account's requests
    revenue: Decimal = Decimal(0)


def account_page(organisation: Organisation, *, limit: int = 200) -> AccountPage:
    asks = list(
        RequestAccount.objects.filter(organisation=organisation)
        .exclude(request__status=Status.MERGED)
        .select_related("request__roadmap_item__roadmap", "request__opportunity")
        .order_by("-request__created_at", "-id")[:limit]
    )
    helping: dict[int, object] = {}
    for ask in asks:
        item = ask.request.roadmap_item
        if item is not None and item.removed_at is None:
            helping[item.pk] = item
    commitments = commitments_with_risk(
        Commitment.objects.filter(organisation=organisation).exclude(state=CommitmentState.DECLINED)
    )
    revenue = sum((a.arr for a in asks if a.request.status not in CLOSED), Decimal(0))
    return AccountPage(organisation, asks, commitments, list(helping.values()), revenue)


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


def ageing_cutoff(workspace: Workspace) -> timezone.datetime:
    return timezone.now() - timedelta(days=settings_for(workspace).ageing_days)


def group_by_status(requests: QuerySet[Request]) -> dict[str, int]:
    counts = defaultdict(int)
    for row in requests.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return dict(counts)


# --- sales–product alignment per quarter -----------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str, *, default: Quarter) -> Quarter:
        """``2026-Q4``; ``default`` for anything else."""
        try:
            year, number = text.upper().split("-Q")
            found = cls(int(year), int(number))
        except ValueError:
            return default
        return found if 1970 <= found.year <= 2100 and 1 <= found.number <= 4 else default

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The last day."""
        return self.next().start - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


@dataclass
class Alignment:
    quarter: Quarter
    objectives: list
    by_status: list[tuple[str, str, int]]
    answered: int
    median_days: float | None
    kept_broken: list[tuple[Quarter, int, int]]  # the last four quarters, oldest first


def alignment(workspace: Workspace, quarter: Quarter) -> Alignment:
    """The numbers a sales–product review of ``quarter`` starts from: the workspace-wide
    objectives of the cycles overlapping it (the goals both sides share), the requests made
    in it by status, the time to product's first answer, and commitments kept and broken
    in the last four quarters up to it."""
    from leitstern.strategy.models import Objective

    start, end = quarter.start, quarter.end
    objectives = list(
        Objective.objects.filter(
            cycle__workspace=workspace,
            cycle__starts_on__lte=end,
            cycle__ends_on__gte=start,
            product__isnull=True,
            team__isnull=True,
        )
        .select_related("cycle")
        .order_by("cycle__starts_on", "id")[:50]
    )
    # A range of moments (not the date of each row), so the index on the creation time
    # serves it.
    zone = timezone.get_current_timezone()
    made = Request.objects.filter(
        workspace=workspace,
        created_at__gte=datetime.combine(start, time.min, zone),
        created_at__lt=datetime.combine(quarter.next().start, time.min, zone),
    ).visible()
    counts = group_by_status(made)
    by_status = [
        (value, label, counts.get(value, 0))
        for value, label in Status.choices
        if value != Status.MERGED
    ]
    waits = sorted(
        (answered - created).total_seconds() / 86400
        for created, answered in made.filter(first_answer_at__isnull=False).values_list(
            "created_at", "first_answer_at"
        )
    )
    median = None
    if waits:
        middle = len(waits) // 2
        median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    quarters = [quarter]
    for _ in range(3):
        quarters.insert(0, quarters[0].previous())
    settled = Commitment.objects.filter(
        workspace=workspace,
        settled_on__gte=quarters[0].start,
        settled_on__lte=end,
        state__in=(CommitmentState.KEPT, CommitmentState.BROKEN),
    ).values_list("settled_on", "state")
    tally = {q: [0, 0] for q in quarters}
    for day, state in settled:
        tally[Quarter.of(day)][0 if state == CommitmentState.KEPT else 1] += 1
    return Alignment(
        quarter,
        objectives,
        by_status,
        len(waits),
        None if median is None else round(median, 1),
        [(q, kept, broken) for q, (kept, broken) in tally.items()],
    )
