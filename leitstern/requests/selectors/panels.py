"""The requests behind a roadmap item or an opportunity, contributed to their pages
(``core.contributions``): how many requests, from how many organisations, the revenue at
stake (each organisation once), and the open commitments with their dates and risk.

Requests are second-hand evidence by nature (someone in sales, support or customer
success heard them); the panels say so. Revenue is shown only to the roles that may see
it (``can_see_revenue``). The queries do not grow with the number of requests: counts and
sums come from the database, the lists are capped."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum

from leitstern.requests.access import can_see_revenue
from leitstern.requests.models import LIVE, Commitment, Request, Status
from leitstern.requests.selectors import (
    Risk,
    Rollup,
    commitments_with_risk,
    rollups,
    settings_for,
)

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
    key = by
    linked = Request.objects.filter(workspace=workspace, **{key: target_id}).visible()
    counts = linked.aggregate(
        requests=Count("id", distinct=True),
        open=Count("id", distinct=True, filter=~Q(status__in=(Status.NOT_PLANNED,))),
        organisations=Count("accounts__organisation", distinct=True),
    )
    data = RequestsBehind(
        by=by,
        target_id=target_id,
        requests=counts["requests"],
        open=counts["open"],
        organisations=counts["organisations"],
        revenue_visible=revenue_visible,
    )
    if data.requests:
        found = rollups(workspace, by=by, target_ids=[target_id])
        data.rollup = found[0] if found else None
        data.shown = list(
            linked.annotate(
                organisation_count=Count("accounts"),
                **({"stake": Sum("accounts__arr")} if revenue_visible else {}),
            ).order_by(*(("-stake",) if revenue_visible else ()), "-created_at", "-id")[:SHOWN]
        )
    live = Commitment.objects.filter(workspace=workspace, state__in=LIVE)
    if by == "roadmap_item":
        live = live.filter(Q(roadmap_item_id=target_id) | Q(request__roadmap_item_id=target_id))
    else:
        live = live.filter(request__opportunity_id=target_id)
    live = live.order_by("due_on", "id")
    listed = list(live[: COMMITMENTS + 1])
    data.more_commitments = max(0, live.count() - COMMITMENTS) if len(listed) > COMMITMENTS else 0
    data.commitments = commitments_with_risk(
        Commitment.objects.filter(pk__in=[c.pk for c in listed[:COMMITMENTS]])
    )
    if revenue_visible:
        data.currency = settings_for(workspace).currency
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
        from leitstern.discovery.selectors import opportunity_evidence

        # Requests alone are second-hand: say so when no direct research evidence backs
        # the opportunity (its own evidence line counts research quotes only).
        no_direct = opportunity_evidence([target.pk])[target.pk].direct == 0
    return {"behind": data, "target": target, "no_direct": no_direct}
