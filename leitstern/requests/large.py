"""The large workspace's sales requests (see ``leitstern.core.large``):
``scale.sales_requests`` requests over two years, each from one to three of the customer
organisations (``customers/large.py``) with revenue at stake, triaged as product would
(linked to discovery's opportunities and the roadmap's items, some not planned, some
released), and a commitment for every fiftieth request.

Rows are written directly, as the services write them; each request has its activity
entry. The derived rows (risks, roll-ups, the accounts each person looks after) are
stored at the end as the services keep them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from leitstern.activity.large import entry
from leitstern.core.large import LargeContext
from leitstern.customers.models import Organisation
from leitstern.discovery.models import Opportunity
from leitstern.requests import kinds
from leitstern.requests.models import (
    LIVE,
    Commitment,
    CommitmentState,
    PersonAccount,
    Request,
    RequestAccount,
    Source,
    Stage,
    Status,
    Urgency,
)
from leitstern.requests.selectors import risk_refresh
from leitstern.requests.selectors.accounts import person_accounts_rebuild, person_accounts_sources
from leitstern.requests.selectors.revenue import (
    rollup_refresh_all,
    rollups_computed,
    rollups_current,
    rollups_stored,
)
from leitstern.roadmap.models import RoadmapItem

YEARS = 2
PROBLEMS = [
    "Buyers cannot pay on invoice",
    "Returns take too long to refund",
    "Search misses products with typos",
    "Bulk upload of products",
    "Delivery date in the cart",
    "Weekly payouts",
    "Export orders to the ERP",
    "Gift cards",
    "Shop in French",
    "Accessibility statement",
]
STATUS_WEIGHTS = [
    (Status.NEW, 8),
    (Status.REVIEW, 6),
    (Status.LINKED, 10),
    (Status.PLANNED, 30),
    (Status.NOT_PLANNED, 20),
    (Status.RELEASED, 26),
]


def generate(context: LargeContext) -> None:
    scale, rng, today = context.scale, context.rng, context.today
    workspace, owner = context.workspace, context.owner
    assert workspace is not None and owner is not None
    now = timezone.now()
    # The organisations are the customers module's (``customers/large.py``, run before).
    arrs = {
        pk: arr or Decimal(0)
        for pk, arr in Organisation.objects.filter(workspace=workspace)
        .order_by("pk")
        .values_list("pk", "arr")
    }
    org_ids = list(arrs)
    items = list(
        RoadmapItem.objects.filter(roadmap__workspace=workspace, removed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    opportunities = list(
        Opportunity.objects.filter(product__workspace=workspace)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    writers = [user.pk for user in context.writers()]
    editors = [user.pk for user in context.editors()]
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    request_ids = context.next_ids(Request, scale.sales_requests)
    start = now - timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in request_ids)
    requests, accounts, commitments = [], [], []
    commitment_ids = iter(context.next_ids(Commitment, scale.sales_requests // 50 + 1))
    for n, (pk, at) in enumerate(zip(request_ids, moments, strict=True)):
        status = rng.choices(statuses, weights)[0]
        # Requests older than the ageing window have mostly been answered.
        if status in (Status.NEW, Status.REVIEW) and (now - at).days > 60 and rng.random() < 0.9:
            status = Status.PLANNED
        item = rng.choice(items) if items and status in (Status.PLANNED, Status.RELEASED) else None
        # Linked requests name their opportunity (as triage requires); half of the planned
        # and released ones came through one too.
        opportunity = None
        if not opportunities and status == Status.LINKED:
            status = Status.REVIEW
        elif opportunities and (
            status == Status.LINKED or (item is not None and rng.random() < 0.5)
        ):
            opportunity = rng.choice(opportunities)
        answered = at + timedelta(days=rng.randint(1, 30)) if status != Status.NEW else None
        closed = answered if status in (Status.NOT_PLANNED, Status.RELEASED) else None
        actor = rng.choice(writers)
        title = f"{PROBLEMS[n % len(PROBLEMS)]} ({n + 1})"
        requests.append(
            (
                pk,
                workspace.pk,
                title,
                "What the customer said, in their words.",
                rng.choice(Source.values),
                rng.choice(Urgency.values),
                None,
                actor,
                status,
                "Outside our direction for the year." if status == Status.NOT_PLANNED else "",
                "We answered the customer." if closed else "",
                opportunity,
                item,
                None,
                actor,
                at,
                answered,
                closed,
                None,
                1,
                {},
            )
        )
        chosen = rng.sample(org_ids, rng.choice([1, 1, 1, 2, 3]))
        for org in chosen:
            accounts.append(
                (
                    pk,
                    org,
                    "",
                    rng.choice(Stage.values),
                    None,
                    None,
                    arrs[org] * rng.choice([1, 1, 2]),
                    at,
                )
            )
        if n % 50 == 0:
            due = today + timedelta(days=rng.randint(-30, 200))
            state = (
                CommitmentState.COMMITTED
                if due >= today or rng.random() < 0.3
                else (rng.choice([CommitmentState.KEPT, CommitmentState.BROKEN]))
            )
            commitments.append(
                (
                    next(commitment_ids),
                    workspace.pk,
                    pk,
                    chosen[0],
                    f"Promise for {title}",
                    due,
                    rng.random() < 0.3,
                    item,
                    None,
                    state,
                    actor,
                    rng.choice(editors),
                    at,
                    due if state in (CommitmentState.KEPT, CommitmentState.BROKEN) else None,
                    at,
                    1,
                    {},
                    "",
                    "",
                    "",
                )
            )
        context.activity.append(
            entry(
                kind=kinds.REQUEST_CREATED,
                actor_id=actor,
                target_type="requests.request",
                target_id=pk,
                label=title,
                at=at,
            )
        )
    context.insert(
        Request,
        [
            "id",
            "workspace",
            "title",
            "problem",
            "source",
            "urgency",
            "deadline",
            "heard_by",
            "status",
            "reason",
            "answer",
            "opportunity",
            "roadmap_item",
            "merged_into",
            "created_by",
            "created_at",
            "first_answer_at",
            "closed_at",
            "loop_closed_at",
            "version",
            "field_versions",
        ],
        requests,
    )
    context.insert(
        RequestAccount,
        ["request", "organisation", "deal", "stage", "amount", "close_date", "arr", "added_at"],
        accounts,
    )
    context.insert(
        Commitment,
        [
            "id",
            "workspace",
            "request",
            "organisation",
            "what",
            "due_on",
            "contractual",
            "roadmap_item",
            "team",
            "state",
            "sales_owner",
            "agreed_by",
            "agreed_at",
            "settled_on",
            "created_at",
            "version",
            "field_versions",
            "risk_level",
            "risk_note",
            "risk_basis",
        ],
        commitments,
    )
    # The risk of each open promise, stored as the services store it (one forecast per
    # roadmap item, each commitment's chance by its date).
    risk_refresh(Commitment.objects.filter(workspace=workspace, state__in=LIVE))
    # The revenue roll-ups per item and opportunity, stored as the services keep them.
    rollup_refresh_all(workspace)
    # The accounts each person looks after, stored as the services keep them.
    person_accounts_rebuild(workspace)


def verify(context: LargeContext) -> list[str]:
    """Problems found: a stored revenue roll-up that differs from the one computed now
    from every request account (each organisation once, its largest revenue)."""
    problems = []
    workspace = context.workspace
    if not rollups_current(workspace):
        problems.append("the stored revenue roll-ups are not current")
    for by in ("roadmap_item", "opportunity"):
        stored = {r.target_id: r for r in rollups_stored(workspace, by=by)}
        fresh = {r.target_id: r for r in rollups_computed(workspace, by=by)}
        for target in sorted(set(stored) | set(fresh)):
            a, b = stored.get(target), fresh.get(target)
            if a is None or b is None or not same_rollup(a, b):
                problems.append(
                    f"{by} {target}: its stored revenue roll-up is not the computed one"
                )
    stored_pairs = set(
        PersonAccount.objects.filter(workspace=workspace).values_list("user_id", "organisation_id")
    )
    if stored_pairs != person_accounts_sources(workspace):
        problems.append("the stored accounts looked after are not the ones the requests give")
    return problems


def same_rollup(stored, fresh) -> bool:
    """The numbers a page shows agree (the largest account's name where it is named)."""
    return (
        stored.revenue == fresh.revenue
        and stored.accounts == fresh.accounts
        and stored.requests == fresh.requests
        and stored.largest == fresh.largest
        and stored.segments == fresh.segments
        and (not fresh.dominated or stored.largest_name == fresh.largest_name)
    )
