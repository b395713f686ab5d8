"""Reads of the requests module: the triage inbox, account pages, commitment risk and the
sales–product alignment. Pages and the API share them; the revenue roll-ups are in
``revenue``, the sales roadmap in ``sales``, the accounts each person looks after in
``accounts``, the panels on other modules' pages in ``panels``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    IntegerField,
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
    Status,
)
from leitstern.workspaces.models import Workspace


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
