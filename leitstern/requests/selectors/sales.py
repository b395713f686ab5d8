"""The sales view of the roadmap: what is coming, at the detail sales may share with
customers, and for each item which requests of the salesperson's accounts it answers and
the promises made on it.

The detail comes from the roadmap's audience settings: the workspace's audience view
starting from the "sales" preset (the first by name when there are several), or that
preset's defaults while product has saved none. Only the items, horizons, levels and
fields that view shows appear; the roadmap's own selector decides which items those are
(``roadmap.selectors.audiences.audience_items``), so nothing internal can slip in here.

The queries do not grow with the number of items or requests: a fixed number per page
(counts per horizon, one page of items per horizon, the requests and commitments of the
items shown). With chosen accounts, their live commitments (at most ``COMMITMENTS``) come
with their risk, which reads the team forecast of each item they rest on."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from leitstern.customers.models import Organisation
from leitstern.requests.models import LIVE, Commitment, Request, RequestAccount, Status
from leitstern.requests.selectors import Risk, commitments_with_risk
from leitstern.roadmap.models import Audience, Horizon, Roadmap, RoadmapItem
from leitstern.roadmap.models.audiences import PRESETS, Preset
from leitstern.roadmap.selectors.audiences import audience_items, audience_roadmaps
from leitstern.workspaces.models import Workspace

PER_LANE = 50  # items listed per horizon; the rest are counted
ASKS = 500  # request rows of the chosen accounts read for one page
COMMITMENTS = 20  # live commitments of the chosen accounts listed with their risk


@dataclass
class Ask:
    """One of the chosen accounts' requests that an item answers."""

    request_id: int
    title: str
    status: str
    status_label: str
    organisation_id: int
    organisation: str
    account_url: str = ""  # set by the page (up to ``ASKS`` links, built without a lookup each)
    request_url: str = ""


@dataclass
class SalesItem:
    item: RoadmapItem
    requests: int = 0  # every request (not merged) this item answers
    accounts: int = 0  # the organisations asking for them
    asks: list[Ask] = field(default_factory=list)  # those of the chosen accounts
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
    or heard, and those they own a commitment to. Subqueries, never a list of ids: the
    owner of a large workspace may look after nearly every account.

    The requests are found by the person alone (their index), not also by the workspace:
    with both, a database may walk every request of the workspace instead. The organisations
    are the workspace's, and a request only ever names organisations of its own workspace."""
    asked = RequestAccount.objects.filter(Q(request__created_by=user) | Q(request__heard_by=user))
    return Organisation.objects.filter(workspace=workspace).filter(
        Q(pk__in=asked.values("organisation_id"))
        | Q(
            pk__in=Commitment.objects.filter(workspace=workspace, sales_owner=user).values(
                "organisation_id"
            )
        )
    )


def sales_roadmap(
    workspace: Workspace,
    *,
    organisations: QuerySet[Organisation] | None = None,
    per_lane: int = PER_LANE,
) -> SalesRoadmap:
    """The sales view; with ``organisations``, only the items answering their requests,
    each with those requests listed."""
    audience = sales_audience(workspace)
    if audience.pk:
        roadmaps = audience_roadmaps(audience)
    else:
        roadmaps = list(Roadmap.objects.active().filter(workspace=workspace))
    # The chosen accounts stay a subquery: the database joins them, however many.
    chosen = None if organisations is None else organisations.order_by().values("pk")
    answered: list[int] = []
    if chosen is not None:
        # The items answering them, found once (at most the workspace's items that requests
        # are linked to): as a subquery, the counts and each lane joined every request of
        # the chosen accounts again.
        answered = sorted(
            RequestAccount.objects.filter(
                organisation__in=chosen, request__roadmap_item__isnull=False
            )
            .exclude(request__status=Status.MERGED)
            .values_list("request__roadmap_item", flat=True)
            .distinct()
            .order_by()
        )
    # Whether there are any chosen accounts is only asked when no item answers them.
    has_accounts = None if chosen is None else bool(answered) or chosen.exists()
    if not roadmaps or has_accounts is False:
        lanes = [SalesLane(h, Horizon(h).label, [], 0) for h in audience.horizons]
        return SalesRoadmap(audience, bool(audience.pk), lanes, has_accounts, roadmaps)
    items = reduce(operator.or_, (audience_items(audience, roadmap) for roadmap in roadmaps))
    if chosen is not None:
        items = items.filter(pk__in=answered)
    counts = dict(items.order_by().values_list("horizon").annotate(n=Count("id")))
    related = ["roadmap__product", "team", "owner"]
    lanes = []
    for horizon in audience.horizons:
        shown = []
        if counts.get(horizon):
            query = items.filter(horizon=horizon).select_related(*related)
            shown = [
                SalesItem(item)
                for item in query.order_by("roadmap_id", "position", "id")[:per_lane]
            ]
        lanes.append(SalesLane(horizon, Horizon(horizon).label, shown, counts.get(horizon, 0)))
    by_id = {row.item.pk: row for lane in lanes for row in lane.items}
    if by_id:
        _add_requests(by_id, chosen)
        _add_commitments(workspace, by_id, chosen)
    return SalesRoadmap(audience, bool(audience.pk), lanes, has_accounts, roadmaps)


def _add_requests(by_id: dict[int, SalesItem], chosen: QuerySet | None) -> None:
    totals = (
        Request.objects.filter(roadmap_item__in=list(by_id))
        .visible()
        .values("roadmap_item")
        .annotate(
            requests=Count("id", distinct=True),
            accounts=Count("accounts__organisation", distinct=True),
        )
        .order_by()
    )
    for row in totals:
        by_id[row["roadmap_item"]].requests = row["requests"]
        by_id[row["roadmap_item"]].accounts = row["accounts"]
    if chosen is None:
        return
    labels = dict(Status.choices)
    # The asks on the shown items, each checked against the chosen accounts: led by the
    # items, not by the accounts (which may be nearly all of them, each with its requests
    # on items not shown).
    asks = (
        RequestAccount.objects.filter(
            Exists(chosen.filter(pk=OuterRef("organisation_id"))),
            request__roadmap_item__in=list(by_id),
        )
        .exclude(request__status=Status.MERGED)
        .values_list(
            "request__roadmap_item",
            "request_id",
            "request__title",
            "request__status",
            "organisation_id",
            "organisation__name",
        )
        .order_by("organisation__name", "-request__created_at", "request_id")[:ASKS]
    )
    for item_id, request_id, title, status, org_id, org_name in asks:
        by_id[item_id].asks.append(
            Ask(request_id, title, status, labels.get(status, status), org_id, org_name)
        )


def _add_commitments(
    workspace: Workspace, by_id: dict[int, SalesItem], chosen: QuerySet | None
) -> None:
    """Every item: how many live promises rest on it. For chosen accounts: their promises
    with the risk (each needs its item's team forecast, so at most ``COMMITMENTS``)."""
    live = Commitment.objects.filter(
        workspace=workspace, state__in=LIVE, roadmap_item__in=list(by_id)
    )
    for item_id, n in live.values_list("roadmap_item").annotate(n=Count("id")).order_by():
        by_id[item_id].promises = n
    if chosen is None:
        return
    listed = list(
        live.filter(organisation__in=chosen)
        .order_by("due_on", "id")
        .values_list("pk", flat=True)[:COMMITMENTS]
    )
    for commitment, risk in commitments_with_risk(Commitment.objects.filter(pk__in=listed)):
        by_id[commitment.roadmap_item_id].commitments.append((commitment, risk))
