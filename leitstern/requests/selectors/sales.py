"""The sales view of the roadmap: what is coming, at the detail sales may share with
customers, and for each item which requests of the salesperson's accounts it answers and
the promises made on it.

The detail comes from the roadmap's audience settings: the workspace's audience view
starting from the "sales" preset (the first by name when there are several), or that
preset's defaults while product has saved none. Only the items, horizons, levels and
fields that view shows appear; the roadmap's own selector decides which items those are
(``roadmap.selectors.audiences.audience_items``), so nothing internal can slip in here.

The queries do not grow with the number of items or requests: a fixed number per page
(counts per horizon, one page of items per horizon, the totals and commitments of the
items shown). With chosen accounts (one, or the reader's stored accounts for "mine"), the
items answering them are found once and placed into their lanes here, each shown item
gets the newest ``ASKS`` of their requests, and their live commitments (at most
``COMMITMENTS``) come with their risk, which reads the team forecast of each item they
rest on."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast

from leitstern.accounts.models import User
from leitstern.customers.models import Organisation
from leitstern.requests.models import (
    LIVE,
    Commitment,
    PersonAccount,
    Request,
    RequestAccount,
    Status,
)
from leitstern.requests.selectors import Risk, commitments_with_risk
from leitstern.requests.selectors.revenue import item_totals
from leitstern.roadmap.models import Audience, Horizon, Roadmap, RoadmapItem
from leitstern.roadmap.models.audiences import PRESETS, Preset
from leitstern.roadmap.selectors.audiences import audience_items, audience_roadmaps
from leitstern.workspaces.models import Workspace

PER_LANE = 50  # items listed per horizon; the rest are counted
ASKS = 5  # newest requests of the chosen accounts listed per item; more are only noted
COMMITMENTS = 20  # live commitments of the chosen accounts listed with their risk
# Up to this many chosen accounts (or SHARE of the workspace's organisations, whichever is
# more), the items answering them are found from their requests; with more, each item is
# asked whether one of them asks for it (see ``answered``).
FEW_ACCOUNTS = 250
SHARE = 0.05


@dataclass
class Account:
    """One of the chosen accounts asking, with the link to its account page."""

    pk: int
    name: str
    url: str = ""  # set by the page (built without a URL lookup each)


@dataclass
class Ask:
    """One of the chosen accounts' requests that an item answers, with which of the chosen
    accounts ask for it."""

    request_id: int
    title: str
    status: str
    status_label: str
    accounts: list[Account] = field(default_factory=list)
    request_url: str = ""  # set by the page


@dataclass
class SalesItem:
    item: RoadmapItem
    requests: int = 0  # every request (not merged) this item answers
    accounts: int = 0  # the organisations asking for them
    asks: list[Ask] = field(default_factory=list)  # the newest of the chosen accounts
    more_asks: bool = False  # the chosen accounts ask in more requests than listed
    more_url: str = ""  # where all its requests are (set by the page)
    promises: int = 0  # live commitments on this item, to any account
    commitments: list[tuple[Commitment, Risk]] = field(default_factory=list)


@dataclass
class SalesLane:
    horizon: str
    label: str
    items: list[SalesItem]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class SalesRoadmap:
    audience: Audience
    saved: bool  # False: the sales preset's defaults, product has saved no sales view
    lanes: list[SalesLane]
    organisations: bool | None  # whether the chosen accounts are any (None: none chosen)
    roadmaps: list[Roadmap]
    # A commitment's path before and after its id (set by the page, as the asks' links).
    commitment_link: tuple[str, str] = ("", "")

    @property
    def fields(self) -> list[str]:
        return list(self.audience.item_fields)

    @property
    def empty(self) -> bool:
        return not any(lane.count for lane in self.lanes)


def sales_audience(workspace: Workspace) -> Audience:
    """The saved sales view, or an unsaved one with the sales preset's defaults."""
    found = (
        Audience.objects.filter(workspace=workspace, preset=Preset.SALES)
        .order_by("name", "id")
        .first()
    )
    return found or Audience(workspace=workspace, preset=Preset.SALES, **PRESETS[Preset.SALES])


def my_accounts(workspace: Workspace, user: Any) -> QuerySet[Organisation]:
    """The organisations a salesperson looks after: those whose requests they submitted
    or heard, and those they own a commitment to — as stored (``PersonAccount``, kept by
    the request services; see ``selectors.accounts``). A subquery, never a list of ids: the
    owner of a large workspace may look after nearly every account."""
    # By the person alone (the unique index on person and organisation): the organisations
    # are the workspace's.
    stored = PersonAccount.objects.filter(user=user).values("organisation_id")
    return Organisation.objects.filter(workspace=workspace, pk__in=stored)


def _counted(workspace: Workspace, chosen: QuerySet) -> tuple[int, int]:
    """How many chosen accounts there are and how many organisations the workspace has
    (one query over the workspace's organisations)."""
    found = (
        Organisation.objects.filter(workspace=workspace)
        .order_by()
        .aggregate(total=Count("pk"), chosen=Count("pk", filter=Q(pk__in=chosen)))
    )
    return found["chosen"] or 0, found["total"] or 0


def by_items(chosen: int, organisations: int = 0, *, vendor: str = "sqlite") -> bool:
    """Whether the items answering ``chosen`` accounts are best found item by item: for
    many accounts (a workspace's owner may look after a thousand and more), walking their
    requests costs more than asking each item whether one of them asks (an index probe per
    item); for few, walking their requests is nearly free and the probes would walk each
    item's requests. On SQLite "many" also grows with the workspace's ``organisations``;
    PostgreSQL needs only the first ``FEW_ACCOUNTS`` counted (for the large workspace's
    owner: 11 ms item by item, 20 ms from the accounts)."""
    if vendor != "sqlite":
        return chosen > FEW_ACCOUNTS
    return chosen > max(FEW_ACCOUNTS, SHARE * organisations)


def _member(chosen: QuerySet, person: User | None) -> Exists:
    """Whether a row's organisation (its ``organisation_id``: a request account's or a
    commitment's) is one of the chosen accounts, asked row by row: a list of the accounts
    made the database try every account for every request. A person's stored accounts are
    probed by their unique index (the rows are the workspace's already)."""
    if person is not None:
        stored = PersonAccount.objects.filter(user=person, organisation=OuterRef("organisation_id"))
        return Exists(stored)
    return Exists(chosen.filter(pk=OuterRef("organisation_id")))


def answered(
    items: QuerySet[RoadmapItem], chosen: QuerySet, member: Exists, *, item_driven: bool
) -> QuerySet[RoadmapItem]:
    """Those of ``items`` that answer a request (not merged) of the ``chosen`` accounts
    (``member`` tells an ask of theirs): asked item by item (``item_driven``), or found
    from the accounts' requests. The same items either way."""
    if item_driven:
        # The first ask of each item, as a value: PostgreSQL turns an EXISTS into one join
        # over every ask of the chosen accounts (27 ms for the large workspace's owner),
        # a subquery with a LIMIT stays a probe per item (11 ms).
        first = (
            RequestAccount.objects.filter(member, request__roadmap_item=OuterRef("pk"))
            .exclude(request__status=Status.MERGED)
            .order_by()
            .values("pk")[:1]
        )
        return items.annotate(first_ask=Subquery(first)).filter(first_ask__isnull=False)
    linked = (
        RequestAccount.objects.filter(organisation__in=chosen, request__roadmap_item__isnull=False)
        .exclude(request__status=Status.MERGED)
        .values("request__roadmap_item")
    )
    return items.filter(pk__in=linked)


def sales_roadmap(
    workspace: Workspace,
    *,
    organisations: QuerySet[Organisation] | None = None,
    person: User | None = None,
    per_lane: int = PER_LANE,
    item_driven: bool | None = None,
) -> SalesRoadmap:
    """The sales view; with ``organisations`` (or ``person``: the accounts they look
    after, ``my_accounts``), only the items answering their requests, each with the
    newest of those requests listed. ``item_driven`` forces how those items are found
    (``answered``; None: by the number of chosen accounts)."""
    audience = sales_audience(workspace)
    if audience.pk:
        roadmaps = audience_roadmaps(audience)
    else:
        roadmaps = list(Roadmap.objects.active().filter(workspace=workspace))
    if person is not None:
        organisations = my_accounts(workspace, person)
    # The chosen accounts stay a subquery: the database joins them, however many.
    chosen = None if organisations is None else organisations.order_by().values("pk")
    has_accounts = None
    if organisations is not None and chosen is not None:
        if connection.vendor == "sqlite":
            n, total = _counted(workspace, chosen)
        else:
            # Counted up to where ``by_items`` decides, without counting the workspace's
            # organisations (3 ms for 10,000 on PostgreSQL).
            n, total = chosen[: FEW_ACCOUNTS + 1].count(), 0
        has_accounts = n > 0
        if item_driven is None:
            item_driven = by_items(n, total, vendor=connection.vendor)
    if not roadmaps or has_accounts is False:
        lanes = [SalesLane(h, Horizon(h).label, [], 0) for h in audience.horizons]
        return SalesRoadmap(audience, bool(audience.pk), lanes, has_accounts, roadmaps)
    items = reduce(operator.or_, (audience_items(audience, roadmap) for roadmap in roadmaps))
    # Only the rows the page shows: each joined row is a model per item (most views show
    # neither team nor owner, and the product only with several roadmaps).
    related = [name for name in ("team", "owner") if name in audience.item_fields]
    if len(roadmaps) > 1:
        related.append("roadmap__product")
    member = None
    if chosen is None:
        lanes = _lanes(items, audience.horizons, related, per_lane)
    else:
        member = _member(chosen, person)
        found = answered(items, chosen, member, item_driven=bool(item_driven))
        lanes = _lanes_of(found, audience.horizons, related, per_lane)
    by_id = {row.item.pk: row for lane in lanes for row in lane.items}
    if by_id:
        _add_requests(workspace, by_id, member)
        _add_commitments(workspace, by_id, member)
    return SalesRoadmap(audience, bool(audience.pk), lanes, has_accounts, roadmaps)


def _lanes(
    items: QuerySet[RoadmapItem], horizons: list[str], related: list[str], per_lane: int
) -> list[SalesLane]:
    """Each horizon's first ``per_lane`` items and their count: a query per horizon."""
    counts = dict(items.order_by().values_list("horizon").annotate(n=Count("id")))
    lanes = []
    for horizon in horizons:
        shown = []
        if counts.get(horizon):
            query = items.filter(horizon=horizon)
            if related:  # with no names, select_related() would join every relation
                query = query.select_related(*related)
            shown = [
                SalesItem(item)
                for item in query.order_by("roadmap_id", "position", "id")[:per_lane]
            ]
        lanes.append(SalesLane(horizon, Horizon(horizon).label, shown, counts.get(horizon, 0)))
    return lanes


def _lanes_of(
    found: QuerySet[RoadmapItem], horizons: list[str], related: list[str], per_lane: int
) -> list[SalesLane]:
    """The lanes of the items answering chosen accounts (at most the workspace's items
    that requests are linked to): found once, counted and placed here, then the shown
    ones read (two queries; the answering items as a subquery of each lane's query asked
    the database to find them again every time)."""
    placed = found.order_by().values_list("horizon", "roadmap_id", "position", "pk")
    by_horizon: dict[str, list[tuple]] = {h: [] for h in horizons}
    for horizon, roadmap, position, pk in placed:
        if horizon in by_horizon:
            by_horizon[horizon].append((roadmap, position, pk))
    shown_ids = {h: [row[-1] for row in sorted(rows)[:per_lane]] for h, rows in by_horizon.items()}
    wanted = [pk for ids in shown_ids.values() for pk in ids]
    loaded = {}
    if wanted:
        rows = RoadmapItem.objects.all()
        if related:  # with no names, select_related() would join every relation
            rows = rows.select_related(*related)
        loaded = rows.in_bulk(wanted)
    return [
        SalesLane(
            horizon,
            Horizon(horizon).label,
            [SalesItem(loaded[pk]) for pk in shown_ids[horizon] if pk in loaded],
            len(by_horizon[horizon]),
        )
        for horizon in horizons
    ]


def _add_requests(workspace: Workspace, by_id: dict[int, SalesItem], member: Exists | None) -> None:
    """Every item: its requests and the organisations asking (the stored roll-ups). For
    chosen accounts (``member`` tells an ask of theirs): their newest ``ASKS`` requests on
    each item, and whether there are more (two queries, led by the shown items: the
    accounts may be nearly all of them, each with requests on items not shown)."""
    for item_id, (requests, asking) in item_totals(workspace, list(by_id)).items():
        by_id[item_id].requests, by_id[item_id].accounts = requests, asking
    if member is None:
        return
    theirs = RequestAccount.objects.filter(member)
    # Per shown item, the ids of its newest requests of the chosen accounts, one more than
    # listed: read backwards from the index on item and time, stopping after a few. The
    # ids come joined into one text per item, so the database looks each item's few up by
    # id instead of walking all its requests to test each against the list.
    newest = (
        Request.objects.filter(roadmap_item=OuterRef(OuterRef("pk")))
        .visible()
        .filter(Exists(theirs.filter(request=OuterRef("pk"))))
        .order_by("-created_at", "-id")
        .values("pk")[: ASKS + 1]
    )
    joined = (
        Request.objects.filter(pk__in=newest)
        .order_by()
        .values("roadmap_item")
        .annotate(ids=StringAgg(Cast("pk", CharField()), delimiter=Value(",")))
        .values("ids")
    )
    per_item = (
        RoadmapItem.objects.filter(pk__in=list(by_id))
        .order_by()  # not the items' own order: it joins their roadmap and product
        .annotate(ids=Subquery(joined, output_field=CharField()))
        .values_list("pk", "ids")
    )
    item_of = {int(r): item for item, ids in per_item if ids for r in ids.split(",")}
    if not item_of:
        return
    found = (
        theirs.filter(request__in=list(item_of))
        .values_list(
            "request_id",
            "request__title",
            "request__status",
            "organisation_id",
            "organisation__name",
        )
        .order_by("-request__created_at", "-request_id", "organisation__name", "organisation_id")
    )
    labels = {value: str(label) for value, label in Status.choices}  # translated once
    asks: dict[int, Ask | None] = {}
    for request_id, title, status, organisation_id, name in found:
        if request_id not in asks:
            row = by_id[item_of[request_id]]
            if len(row.asks) == ASKS:
                row.more_asks, asks[request_id] = True, None
                continue
            asks[request_id] = Ask(request_id, title, status, labels.get(status, status))
            row.asks.append(asks[request_id])
        ask = asks[request_id]
        if ask is not None:
            ask.accounts.append(Account(organisation_id, name))


def _add_commitments(
    workspace: Workspace, by_id: dict[int, SalesItem], member: Exists | None
) -> None:
    """Every item: how many live promises rest on it. For chosen accounts (``member``
    tells a promise to one of them, asked for each of the items' live promises): their
    promises with the risk (each needs its item's team forecast, so at most
    ``COMMITMENTS``)."""
    live = Commitment.objects.filter(
        workspace=workspace, state__in=LIVE, roadmap_item__in=list(by_id)
    )
    for item_id, n in live.values_list("roadmap_item").annotate(n=Count("id")).order_by():
        by_id[item_id].promises = n
    if member is None:
        return
    listed = list(
        live.filter(member).order_by("due_on", "id").values_list("pk", flat=True)[:COMMITMENTS]
    )
    for commitment, risk in commitments_with_risk(Commitment.objects.filter(pk__in=listed)):
        by_id[commitment.roadmap_item_id].commitments.append((commitment, risk))
