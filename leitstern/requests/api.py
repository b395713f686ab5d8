"""The requests API: requests (list, submit, read, change with If-Match, triage, merge,
comment, add an organisation), commitments (propose, decide, move, settle), account pages
and revenue roll-ups. The same services and access lookups as the pages: contributors
submit and comment; editors triage and decide on commitments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Day, Id, In, Limit, Line, Name, Offset, Slug, Text, unchanged
from leitstern.api.versions import (
    IF_MATCH,
    VERSION_FIELD,
    conflict_answer,
    conflict_schema,
    expected_version,
    tag,
)
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.customers.access import get_organisation_for
from leitstern.requests import selectors, services
from leitstern.requests.access import can_see_revenue, get_commitment_for, get_request_for
from leitstern.requests.models import (
    MAX_AMOUNT,
    Commitment,
    Source,
    Stage,
    Urgency,
)
from leitstern.requests.models import (
    Status as RequestStatus,
)
from leitstern.requests.selectors import revenue
from leitstern.workspaces.models import Need

router = Router(tags=["requests"])
W = "/workspaces/{slug}/requests"

Money = Decimal
MONEY = {"ge": 0, "le": Decimal(MAX_AMOUNT), "decimal_places": 2}
SourceName = Literal[tuple(Source.values)]  # type: ignore[valid-type]  # built from the choices
UrgencyName = Literal[tuple(Urgency.values)]  # type: ignore[valid-type]  # built from the choices
StageName = Literal[tuple(["", *Stage.values])]  # type: ignore[valid-type]  # built from the choices
TriageStatus = Literal[tuple(v for v in RequestStatus.values if v != RequestStatus.MERGED)]  # type: ignore[valid-type]  # built from the choices
CurrencyCode = Line(3)


class AccountOut(Schema):
    organisation_id: int
    organisation: str
    deal: str
    stage: str
    amount: Decimal | None = Field(
        description="null for viewers: revenue is for contributors and up"
    )
    close_date: date | None
    arr: Decimal | None = Field(description="null for viewers")


class RequestOut(Schema):
    id: int
    title: str
    problem: str
    source: str
    urgency: str
    deadline: date | None
    status: str
    reason: str
    answer: str
    opportunity_id: int | None
    roadmap_item_id: int | None
    merged_into_id: int | None
    heard_by: str | None
    revenue: Decimal | None = Field(
        description="null for viewers: revenue is for contributors and up"
    )
    currency: str
    accounts: list[AccountOut]
    version: int


class RequestRow(Schema):
    id: int
    title: str
    status: str
    revenue: Decimal | None = Field(description="null for viewers")
    account_count: int
    created_at: str


class DealIn(In):
    arr: Money = Field(..., **MONEY)
    deal: Line(200) = ""
    stage: StageName = ""
    amount: Money | None = Field(None, **MONEY)
    close_date: Day | None = None
    currency: CurrencyCode = Field("", description="Optional; must be the workspace's currency.")


class AccountIn(DealIn):
    organisation_id: Id


class RequestIn(DealIn):
    """The request and the deal of the organisation named in the path; ``also`` names
    further organisations asking for the same."""

    title: Name(200)
    problem: Text = Field(..., min_length=1)
    source: SourceName = Source.SALES_CALL.value
    urgency: UrgencyName = Urgency.MEDIUM.value
    deadline: Day | None = None
    also: list[AccountIn] = Field([], max_length=limits.MAX_PAGE_SIZE)


class RequestPatch(In):
    title: Name(200) = unchanged()
    problem: Text = unchanged()
    source: SourceName = unchanged()
    urgency: UrgencyName = unchanged()
    deadline: Day | None = unchanged()
    version: int | None = VERSION_FIELD


class TriageIn(In):
    status: TriageStatus
    opportunity_id: Id | None = None
    roadmap_item_id: Id | None = None
    reason: Text = ""
    answer: Text = ""
    version: int | None = VERSION_FIELD


class CommentIn(In):
    body: Text = Field(..., min_length=1)


class CommentOut(Schema):
    id: int
    body: str


class CommitmentOut(Schema):
    id: int
    what: str
    organisation_id: int
    due_on: date
    state: str
    contractual: bool
    request_id: int | None
    roadmap_item_id: int | None
    team_id: int | None
    risk: str
    chance_percent: int | None
    overdue: bool
    version: int


class CommitmentIn(In):
    what: Name(300)
    due_on: Day
    contractual: bool = False
    request_id: Id | None = None
    roadmap_item_id: Id | None = None


class DecisionIn(In):
    approve: bool


class MoveIn(In):
    due_on: Day
    why: Text = Field(..., min_length=1)


class SettleIn(In):
    kept: bool


class AccountPageOut(Schema):
    organisation_id: int
    name: str
    revenue: Decimal | None = Field(description="null for viewers")
    currency: str
    requests: list[RequestRow]
    commitments: list[CommitmentOut]
    roadmap_item_ids: list[int]


class RollupOut(Schema):
    id: int
    title: str
    revenue: Decimal | None = Field(description="null for viewers")
    accounts: int
    segments: dict[str, int]
    dominated_by: str | None


def _request_out(request: WorkspaceRequest, found) -> dict:
    accounts = selectors.accounts_of(found)
    visible = can_see_revenue(request.member)
    return {
        "id": found.pk,
        "title": found.title,
        "problem": found.problem,
        "source": found.source,
        "urgency": found.urgency,
        "deadline": found.deadline,
        "status": found.status,
        "reason": found.reason,
        "answer": found.answer,
        "opportunity_id": found.opportunity_id,
        "roadmap_item_id": found.roadmap_item_id,
        "merged_into_id": found.merged_into_id,
        "heard_by": str(found.heard_by) if found.heard_by else None,
        "revenue": sum((a.arr for a in accounts), Decimal(0)) if visible else None,
        "currency": selectors.settings_for(request.workspace).currency,
        "accounts": [
            {
                "organisation_id": a.organisation_id,
                "organisation": a.organisation.name,
                "deal": a.deal,
                "stage": a.stage,
                "amount": a.amount if visible else None,
                "close_date": a.close_date,
                "arr": a.arr if visible else None,
            }
            for a in accounts
        ],
        "version": found.version,
    }


def _commitment_out(commitment, risk) -> dict:
    return {
        "id": commitment.pk,
        "what": commitment.what,
        "organisation_id": commitment.organisation_id,
        "due_on": commitment.due_on,
        "state": commitment.state,
        "contractual": commitment.contractual,
        "request_id": commitment.request_id,
        "roadmap_item_id": commitment.roadmap_item_id,
        "team_id": commitment.team_id,
        "risk": risk.level,
        "chance_percent": risk.percent,
        "overdue": risk.overdue,
        "version": commitment.version,
    }


def _row(r, *, visible: bool) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "status": r.status,
        "revenue": (r.revenue or Decimal(0)) if visible else None,
        "account_count": r.account_count,
        "created_at": r.created_at.isoformat(),
    }


def _account_input(
    request: WorkspaceRequest, payload: DealIn, organisation_id: int, field: str = "organisation_id"
) -> services.AccountInput:
    services.check_currency(request.workspace, payload.currency)
    return services.AccountInput(
        organisation=_in_workspace(request, get_organisation_for, organisation_id, field),
        arr=payload.arr,
        deal=payload.deal,
        stage=payload.stage,
        amount=payload.amount,
        close_date=payload.close_date,
    )


def _in_workspace(request: WorkspaceRequest, lookup, pk: int, field: str, need: int = Need.VIEW):
    """A linked object by id, or a field error saying it is not in this workspace."""
    try:
        return lookup(request.member, pk, need=need)
    except Http404:
        raise ValidationError({field: f"{pk} is not an id of this workspace."}) from None


@router.get(W, response=list[RequestRow])
@operation(need=Need.VIEW)
def request_list(
    request: WorkspaceRequest,
    slug: Slug,
    status: Line(20) = "",
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Requests, newest first; ``status`` one of the statuses or ``open``."""
    if status and status not in ("open", *RequestStatus.values):
        raise ValidationError({"status": "Unknown status."})
    rows = selectors.add_revenue(
        selectors.listed(request.workspace, status=status)[offset : offset + limit]
    )
    return [_row(r, visible=can_see_revenue(request.member)) for r in rows]


A = "/workspaces/{slug}/sales-accounts/{organisation_id}"


@router.post(A + "/requests", response={201: RequestOut})
@operation(need=Need.CONTRIBUTE)
def request_create(request: WorkspaceRequest, slug: Slug, organisation_id: Id, payload: RequestIn):
    """Submit a request of the organisation in the path (and of those in ``also``)."""
    organisation = get_organisation_for(request.member, organisation_id)
    accounts = [_account_input(request, payload, organisation.pk)] + [
        _account_input(request, a, a.organisation_id, "also") for a in payload.also
    ]
    created = services.request_create(
        actor=request.user,
        workspace=request.workspace,
        title=payload.title,
        problem=payload.problem,
        source=payload.source,
        urgency=payload.urgency,
        deadline=payload.deadline,
        accounts=accounts,
    )
    return Status(201, _request_out(request, created))


@router.get(W + "/{request_id}", response=RequestOut)
@operation(need=Need.VIEW)
def request_detail(request: WorkspaceRequest, slug: Slug, request_id: Id, response: HttpResponse):
    found = get_request_for(request.member, request_id)
    tag(response, found.version)
    return _request_out(request, found)


@router.patch(W + "/{request_id}", response={200: RequestOut, 409: conflict_schema(RequestOut)})
@operation(need=Need.EDIT)
def request_update(
    request: WorkspaceRequest,
    slug: Slug,
    request_id: Id,
    payload: RequestPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent; a field someone else changed since the version named
    answers 409."""
    found = get_request_for(request.member, request_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    fields = {
        name: getattr(payload, name)
        for name in ("title", "problem", "source", "urgency", "deadline")
        if name in payload.model_fields_set
    }
    try:
        services.request_update(actor=request.user, request=found, version=version, **fields)
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _request_out(request, conflict.instance))
    tag(response, found.version)
    return _request_out(request, found)


@router.post(
    W + "/{request_id}/triage", response={200: RequestOut, 409: conflict_schema(RequestOut)}
)
@operation(need=Need.EDIT)
def request_triage(
    request: WorkspaceRequest,
    slug: Slug,
    request_id: Id,
    payload: TriageIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Set the status, the linked opportunity and roadmap item, the reason and the answer
    to the requester (required when closing)."""
    from leitstern.discovery.access import get_opportunity_for
    from leitstern.roadmap.access import get_item_for

    found = get_request_for(request.member, request_id, need=Need.EDIT)
    opportunity = (
        _in_workspace(request, get_opportunity_for, payload.opportunity_id, "opportunity_id")
        if payload.opportunity_id
        else None
    )
    item = (
        _in_workspace(request, get_item_for, payload.roadmap_item_id, "roadmap_item_id")
        if payload.roadmap_item_id
        else None
    )
    try:
        services.request_triage(
            actor=request.user,
            request=found,
            status=payload.status,
            opportunity=opportunity,
            roadmap_item=item,
            reason=payload.reason,
            answer=payload.answer,
            version=expected_version(if_match, payload.version),
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _request_out(request, conflict.instance))
    tag(response, found.version)
    return _request_out(request, found)


@router.post(W + "/{request_id}/merge-from/{source_id}", response=RequestOut)
@operation(need=Need.EDIT)
def request_merge(request: WorkspaceRequest, slug: Slug, request_id: Id, source_id: Id):
    """Merge the request ``source_id`` (the same problem, asked again) into this one: its
    organisations, comments and commitments move over; an organisation asking in both
    counts once."""
    target = get_request_for(request.member, request_id, need=Need.EDIT)
    source = _in_workspace(request, get_request_for, source_id, "source_id", Need.EDIT)
    merged = services.request_merge(actor=request.user, target=target, sources=[source])
    return _request_out(request, merged)


@router.post(W + "/{request_id}/comments", response={201: CommentOut})
@operation(need=Need.CONTRIBUTE)
def request_comment(request: WorkspaceRequest, slug: Slug, request_id: Id, payload: CommentIn):
    found = get_request_for(request.member, request_id, need=Need.CONTRIBUTE)
    comment = services.comment_add(actor=request.user, request=found, body=payload.body)
    return Status(201, {"id": comment.pk, "body": comment.body})


@router.post(W + "/{request_id}/accounts/{organisation_id}", response={201: RequestOut})
@operation(need=Need.CONTRIBUTE)
def request_account_add(
    request: WorkspaceRequest, slug: Slug, request_id: Id, organisation_id: Id, payload: DealIn
):
    """The organisation in the path asks for the same thing."""
    found = get_request_for(request.member, request_id, need=Need.CONTRIBUTE)
    organisation = get_organisation_for(request.member, organisation_id)
    services.account_add(
        actor=request.user,
        request=found,
        account=_account_input(request, payload, organisation.pk),
    )
    return Status(201, _request_out(request, found))


# --- commitments ----------------------------------------------------------------------------

C = "/workspaces/{slug}/commitments"


@router.get(C, response=list[CommitmentOut])
@operation(need=Need.VIEW)
def commitment_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Commitments with their risk, overdue and at-risk ones first."""
    ordered = selectors.by_risk(selectors.commitments_of(request.workspace))
    listed = [c.pk for c in ordered.only("pk")[offset : offset + limit]]
    rows = selectors.commitments_with_risk(Commitment.objects.filter(pk__in=listed))
    return [_commitment_out(c, risk) for c, risk in rows]


@router.post(A + "/commitments", response={201: CommitmentOut})
@operation(need=Need.CONTRIBUTE)
def commitment_create(
    request: WorkspaceRequest, slug: Slug, organisation_id: Id, payload: CommitmentIn
):
    """Propose a promise to the organisation in the path; it holds once an editor
    approves it."""
    organisation = get_organisation_for(request.member, organisation_id)
    from leitstern.roadmap.access import get_item_for

    source = (
        _in_workspace(request, get_request_for, payload.request_id, "request_id")
        if payload.request_id
        else None
    )
    item = (
        _in_workspace(request, get_item_for, payload.roadmap_item_id, "roadmap_item_id")
        if payload.roadmap_item_id
        else None
    )
    commitment = services.commitment_propose(
        actor=request.user,
        workspace=request.workspace,
        organisation=organisation,
        what=payload.what,
        due_on=payload.due_on,
        contractual=payload.contractual,
        request=source,
        roadmap_item=item,
    )
    return Status(201, _commitment_out(commitment, selectors.risk_of(commitment)))


@router.get(C + "/{commitment_id}", response=CommitmentOut)
@operation(need=Need.VIEW)
def commitment_detail(request: WorkspaceRequest, slug: Slug, commitment_id: Id):
    found = get_commitment_for(request.member, commitment_id)
    return _commitment_out(found, selectors.risk_of(found))


@router.post(C + "/{commitment_id}/decision", response=CommitmentOut)
@operation(need=Need.EDIT)
def commitment_decide(
    request: WorkspaceRequest, slug: Slug, commitment_id: Id, payload: DecisionIn
):
    """Approve or decline a proposed commitment (once)."""
    found = get_commitment_for(request.member, commitment_id, need=Need.EDIT)
    found = services.commitment_decide(
        actor=request.user, commitment=found, approve=payload.approve
    )
    return _commitment_out(found, selectors.risk_of(found))


@router.post(C + "/{commitment_id}/move", response=CommitmentOut)
@operation(need=Need.EDIT)
def commitment_move(request: WorkspaceRequest, slug: Slug, commitment_id: Id, payload: MoveIn):
    """Move the date, with a why; the sales owner is told."""
    found = get_commitment_for(request.member, commitment_id, need=Need.EDIT)
    found = services.commitment_move(
        actor=request.user, commitment=found, due_on=payload.due_on, why=payload.why
    )
    return _commitment_out(found, selectors.risk_of(found))


@router.post(C + "/{commitment_id}/settle", response=CommitmentOut)
@operation(need=Need.EDIT)
def commitment_settle(request: WorkspaceRequest, slug: Slug, commitment_id: Id, payload: SettleIn):
    """Record whether a committed promise was kept."""
    found = get_commitment_for(request.member, commitment_id, need=Need.EDIT)
    found = services.commitment_settle(actor=request.user, commitment=found, kept=payload.kept)
    return _commitment_out(found, selectors.risk_of(found))


# --- accounts and roll-ups --------------------------------------------------------------------


@router.get(A, response=AccountPageOut)
@operation(need=Need.VIEW)
def account_page(request: WorkspaceRequest, slug: Slug, organisation_id: Id):
    """What an account asked for, where each request stands, its commitments with their
    risk and the roadmap items serving it."""
    data = selectors.account_page(get_organisation_for(request.member, organisation_id))
    visible = can_see_revenue(request.member)
    requests = selectors.with_revenue(
        selectors.requests_of(request.workspace).filter(accounts__organisation=data.organisation)
    )
    return {
        "organisation_id": data.organisation.pk,
        "name": data.organisation.name,
        "revenue": data.revenue if visible else None,
        "currency": selectors.settings_for(request.workspace).currency,
        "requests": [_row(r, visible=visible) for r in requests[: limits.MAX_PAGE_SIZE]],
        "commitments": [_commitment_out(c, risk) for c, risk in data.commitments],
        "roadmap_item_ids": [item.pk for item in data.helping],
    }


@router.get("/workspaces/{slug}/revenue-at-stake", response=list[RollupOut])
@operation(need=Need.VIEW)
def rollups(
    request: WorkspaceRequest,
    slug: Slug,
    by: Literal["roadmap_item", "opportunity"] = "roadmap_item",
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Revenue at stake per roadmap item or opportunity, each account counted once."""
    found = revenue.rollups(request.workspace, by=by, offset=offset, limit=limit)
    visible = can_see_revenue(request.member)
    return [
        {
            "id": r.target_id,
            "title": str(r.target) if r.target is not None else "",
            "revenue": r.revenue if visible else None,
            "accounts": r.accounts,
            "segments": r.segments,
            "dominated_by": r.largest_name if visible and r.dominated else None,
        }
        for r in revenue.rollup_targets(request.workspace, found, by=by)
    ]
