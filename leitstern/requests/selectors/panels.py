"""The requests behind a roadmap item or an opportunity, contributed to their pages
(``core.contributions``): how many requests, from how many organisations, the revenue at
stake (each organisation once), and the open commitments with their dates and risk.

Requests are second-hand evidence by nature (someone in sales, support or customer
success heard them); the panels say so. Revenue is shown only to the roles that may see
it (``can_see_revenue``). The queries do not grow with the number of requests: the counts
and the roll-up are stored (``RevenueRollup``), the lists are capped."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Count, DecimalField, IntegerField, Q, Subquery, Sum

from leitstern.requests.access import can_see_revenue
from leitstern.requests.models import (
    LIVE,
    Commitment,
    Currency,
    Request,
    RequestSettings,
    RevenueRollup,
)
from leitstern.requests.selectors import Risk, by_risk, commitments_with_risk
from leitstern.requests.selectors.revenue import BY, Rollup, _money, _totals, rollups_current

if TYPE_CHECKING:
    from leitstern.core.http import WorkspaceRequest

SHOWN = 8  # requests listed in a panel (the most revenue first); the rest are counted
COMMITMENTS = 10  # open commitments listed in a panel, the ones at risk first


@dataclass
class RequestsBehind:
    """What a panel shows about the requests behind one roadmap item or opportunity."""

    by: str
    target_id: int
    requests: int = 0
    open: int = 0
    organisations: int = 0
    rollup: Rollup | None = None
    shown: list[Request] = field(default_factory=list)
    commitments: list[tuple[Commitment, Risk]] = field(default_factory=list)
    more_commitments: int = 0
    currency: str = ""
    revenue_visible: bool = False

    @property
    def revenue(self) -> Decimal:
        return self.rollup.revenue if self.rollup else Decimal(0)


def requests_behind(
    workspace: Any, *, by: str, target_id: int, revenue_visible: bool
) -> RequestsBehind:
    """The requests (not merged) linked to ``target_id`` through ``by`` (``roadmap_item``
    or ``opportunity``), their organisations and revenue at stake, and the live
    commitments on them."""
    if by not in BY:
        raise ValueError(by)
    linked = Request.objects.filter(workspace=workspace, **{by: target_id}).visible()
    # The counts and the roll-up are stored (``selectors.revenue.rollup_refresh``): read with the
    # workspace's currency as columns of the listed requests' one query, most revenue first;
    # computed now instead while the stored ones are not current (two more queries).
    current = rollups_current(workspace)
    stored = RevenueRollup.objects.filter(workspace=workspace, **{f"{by}_id": target_id})

    def column(name: str, output: Any) -> Subquery:
        return Subquery(stored.values(name)[:1], output_field=output)

    money = DecimalField(max_digits=20, decimal_places=2)
    currency = RequestSettings.objects.filter(workspace=workspace).values("currency")[:1]
    shown = list(
        linked.annotate(
            organisation_count=Count("accounts"),
            total=column("requests", IntegerField()),
            still_open=column("open", IntegerField()),
            asking=column("asking", IntegerField()),
            currency=Subquery(currency, output_field=CharField()),
            **(
                {
                    "rollup_revenue": column("revenue", money),
                    "rollup_accounts": column("accounts", IntegerField()),
                    "rollup_largest": column("largest", money),
                    "rollup_largest_name": column("largest_organisation__name", CharField()),
                    "stake": Sum("accounts__arr"),
                }
                if revenue_visible
                else {}
            ),
        ).order_by(*(("-stake",) if revenue_visible else ()), "-created_at", "-id")[:SHOWN]
    )
    first = shown[0] if shown else None
    if first is not None and not current:
        fresh = _totals(workspace, by, [target_id]).get(target_id, {})
        first.total, first.still_open = fresh.get("requests", 0), fresh.get("open", 0)
        first.asking = fresh.get("asking", 0)
        first.rollup_revenue, first.rollup_accounts = fresh.get("revenue"), fresh.get("accounts")
        first.rollup_largest = fresh.get("largest")
        first.rollup_largest_name = fresh.get("largest_name", "")
    data = RequestsBehind(
        by=by,
        target_id=target_id,
        requests=(first.total or 0) if first else 0,
        open=(first.still_open or 0) if first else 0,
        organisations=(first.asking or 0) if first else 0,
        revenue_visible=revenue_visible,
        shown=shown,
    )
    if first is not None and revenue_visible:
        data.currency = first.currency or Currency.EUR
        if first.rollup_accounts:
            data.rollup = Rollup(
                target_id,
                revenue=_money(first.rollup_revenue),
                accounts=first.rollup_accounts,
                largest=_money(first.rollup_largest),
                largest_name=first.rollup_largest_name or "",
            )
    live = Commitment.objects.filter(workspace=workspace, state__in=LIVE)
    if by == "roadmap_item":
        live = live.filter(Q(roadmap_item_id=target_id) | Q(request__roadmap_item_id=target_id))
    else:
        live = live.filter(request__opportunity_id=target_id)
    # The ones at risk first by the stored risk, so the listed ones are those that matter.
    live = by_risk(live)
    listed = commitments_with_risk(live, limit=COMMITMENTS + 1)
    data.more_commitments = max(0, live.count() - COMMITMENTS) if len(listed) > COMMITMENTS else 0
    data.commitments = listed[:COMMITMENTS]
    return data


def item_panel(request: WorkspaceRequest, item: Any) -> dict[str, Any] | None:
    """On a roadmap item's page: the requests behind it."""
    return _panel(request, by="roadmap_item", target=item)


def opportunity_panel(request: WorkspaceRequest, opportunity: Any) -> dict[str, Any] | None:
    """On an opportunity's page: the requests behind it, flagged as second-hand evidence."""
    return _panel(request, by="opportunity", target=opportunity)


def _panel(request: WorkspaceRequest, *, by: str, target: Any) -> dict[str, Any] | None:
    """Nothing when no request is linked: most items have none, and an empty panel on
    each of them would be noise."""
    data = requests_behind(
        request.workspace,
        by=by,
        target_id=target.pk,
        revenue_visible=can_see_revenue(request.member),
    )
    if not data.requests and not data.commitments:
        return None
    no_direct = False
    if by == "opportunity" and data.requests:
        from leitstern.discovery.selectors import evidence_of

        # Requests alone are second-hand: say so when no direct research evidence backs
        # the opportunity (its own evidence line counts research quotes only; the page
        # counted it already).
        no_direct = evidence_of(target).direct == 0
    return {"behind": data, "target": target, "no_direct": no_direct}
