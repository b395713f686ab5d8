"""Writes of the requests module: requests, their accounts and comments, triage, merges,
closing the loop, and commitments. Pages, the API, the import and the demo call these.

Every service is atomic and records its activity entry in the same transaction; emails go
out after commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.tasks import send_email_on_commit
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.customers.models import Organisation
from leitstern.discovery.models import Opportunity
from leitstern.requests import kinds, selectors
from leitstern.requests.models import (
    CLOSED,
    MAX_AMOUNT,
    Commitment,
    CommitmentState,
    Currency,
    DateChange,
    Request,
    RequestAccount,
    RequestComment,
    RequestSettings,
    Source,
    Stage,
    Status,
    Urgency,
)
from leitstern.requests.selectors.accounts import person_accounts_refresh
from leitstern.requests.selectors.revenue import rollup_refresh
from leitstern.roadmap.models import RoadmapItem
from leitstern.teams.models import Team
from leitstern.workspaces.models import Workspace


def today() -> date:
    return timezone.localdate()


# --- settings -------------------------------------------------------------------------------


@transaction.atomic
def settings_update(
    *,
    actor: User,
    workspace: Workspace,
    currency: str,
    ageing_days: int,
    version: int | None = None,
) -> RequestSettings:
    found, created = RequestSettings.objects.select_for_update().get_or_create(workspace=workspace)
    changes = update_versioned(
        found,
        {"currency": currency, "ageing_days": ageing_days},
        version=None if created else version,
    )
    if changes:
        activity_record(
            workspace=workspace,
            actor=actor,
            kind=kinds.SETTINGS_CHANGED,
            target=found,
            changes=changes,
        )
    return found


def check_currency(workspace: Workspace, currency: str | None, *, field: str = "currency") -> None:
    """``currency`` (when given) must be the workspace's: revenue is summed in one currency."""
    if not currency:
        return
    from leitstern.requests.selectors import settings_for

    code = currency.strip().upper()
    if code not in Currency.values:
        raise ValidationError(
            {
                field: _("Unknown currency “%(code)s”; use one of %(known)s.")
                % {"code": currency, "known": ", ".join(Currency.values)}
            }
        )
    expected = settings_for(workspace).currency
    if code != expected:
        raise ValidationError(
            {
                field: _("This workspace counts revenue in %(expected)s, not %(code)s.")
                % {"expected": expected, "code": code}
            }
        )


# --- requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountInput:
    """One organisation asking, with its deal and the revenue at stake."""

    organisation: Organisation
    arr: Decimal = Decimal(0)
    deal: str = ""
    stage: str = ""
    amount: Decimal | None = None
    close_date: date | None = None


def _same_workspace(workspace: Workspace, obj: Any, field: str, path: str) -> None:
    owner_id = obj
    for part in path.split("__"):
        owner_id = getattr(owner_id, part)
    if owner_id != workspace.pk:
        raise ValidationError({field: _("This belongs to another workspace.")})


def _check_account(workspace: Workspace, account: AccountInput, *, created: date) -> None:
    _same_workspace(workspace, account.organisation, "organisation", "workspace_id")
    if account.arr is None or account.arr < 0:
        raise ValidationError({"arr": _("Revenue at stake cannot be negative.")})
    if account.arr > MAX_AMOUNT:
        raise ValidationError({"arr": _("Revenue at stake is too large.")})
    if account.amount is not None and account.amount < 0:
        raise ValidationError({"amount": _("The deal amount cannot be negative.")})
    if account.amount is not None and account.amount > MAX_AMOUNT:
        raise ValidationError({"amount": _("The deal amount is too large.")})
    if account.stage and account.stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown deal stage.")})
    if account.close_date is not None and account.close_date < created:
        raise ValidationError(
            {"close_date": _("The expected close date lies before the request was made.")}
        )


def _add_account(request: Request, account: AccountInput) -> RequestAccount:
    row = RequestAccount(
        request=request,
        organisation=account.organisation,
        arr=account.arr,
        deal=account.deal,
        stage=account.stage,
        amount=account.amount,
        close_date=account.close_date,
    )
    row.full_clean()
    with unique_race_as_error(row):
        row.save()
    return row


def _accounts_touched(
    workspace: Workspace, requests: Iterable[Request], organisations: Iterable[int]
) -> None:
    """Store anew the accounts looked after (``PersonAccount``) of the people who submitted
    or heard ``requests``, for ``organisations``: in the change's transaction."""
    people = {u for r in requests for u in (r.created_by_id, r.heard_by_id)}
    person_accounts_refresh(workspace, users=people, organisations=organisations)


def _rollups_touched(workspace: Workspace, *requests: Request, before: Iterable = ()) -> None:
    """Store anew the roll-ups of the roadmap items and opportunities that ``requests`` are
    linked to, and of those they were linked to ``before`` (pairs of item and opportunity
    ids): in the change's transaction, so the stored totals never lag behind."""
    pairs = [(r.roadmap_item_id, r.opportunity_id) for r in requests] + list(before)
    items = [item for item, _o in pairs if item is not None]
    opportunities = [o for _i, o in pairs if o is not None]
    rollup_refresh(workspace, by="roadmap_item", target_ids=items)
    rollup_refresh(workspace, by="opportunity", target_ids=opportunities)


@transaction.atomic
def request_create(
    *,
    actor: User,
    workspace: Workspace,
    title: str,
    problem: str,
    accounts: Sequence[AccountInput],
    source: str = Source.SALES_CALL,
    urgency: str = Urgency.MEDIUM,
    deadline: date | None = None,
    heard_by: User | None = None,
) -> Request:
    """A new request from one or more organisations; heard by ``heard_by`` (the actor when
    not named)."""
    if not accounts:
        raise ValidationError({"organisations": _("Name at least one organisation that asks.")})
    seen: set[int] = set()
    for account in accounts:
        if account.organisation.pk in seen:
            raise ValidationError(
                {"organisations": _("“%(name)s” is named twice.") % {"name": account.organisation}}
            )
        seen.add(account.organisation.pk)
        _check_account(workspace, account, created=today())
    request = Request(
        workspace=workspace,
        title=title,
        problem=problem,
        source=source,
        urgency=urgency,
        deadline=deadline,
        heard_by=heard_by or actor,
        created_by=actor,
    )
    request.full_clean()
    request.save()
    for account in accounts:
        _add_account(request, account)
    _accounts_touched(workspace, [request], [a.organisation.pk for a in accounts])
    activity_record(workspace=workspace, actor=actor, kind=kinds.REQUEST_CREATED, target=request)
    return request


@transaction.atomic
def request_update(
    *, actor: User, request: Request, version: int | None = None, **fields: Any
) -> Request:
    unknown = set(fields) - set(Request.EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changes = update_versioned(request, fields, version=version)
    if changes:
        activity_record(
            workspace=request.workspace,
            actor=actor,
            kind=kinds.REQUEST_CHANGED,
            target=request,
            changes=changes,
        )
    return request


@transaction.atomic
def account_add(*, actor: User, request: Request, account: AccountInput) -> RequestAccount:
    """Another organisation asks for the same thing."""
    created = timezone.localdate(request.created_at) if request.created_at else today()
    _check_account(request.workspace, account, created=created)
    if request.status == Status.MERGED:
        raise ValidationError(_("This request was merged into another; add it there."))
    row = _add_account(request, account)
    _accounts_touched(request.workspace, [request], [row.organisation_id])
    _rollups_touched(request.workspace, request)
    activity_record(
        workspace=request.workspace,
        actor=actor,
        kind=kinds.ACCOUNT_ADDED,
        target=request,
        note=str(account.organisation),
    )
    return row


@transaction.atomic
def comment_add(*, actor: User, request: Request, body: str) -> RequestComment:
    comment = RequestComment(request=request, author=actor, body=body)
    comment.full_clean()
    comment.save()
    activity_record(
        workspace=request.workspace, actor=actor, kind=kinds.REQUEST_COMMENTED, target=request
    )
    return comment


@transaction.atomic
def request_triage(
    *,
    actor: User,
    request: Request,
    status: str,
    opportunity: Opportunity | None = None,
    roadmap_item: RoadmapItem | None = None,
    reason: str = "",
    answer: str = "",
    version: int | None = None,
) -> Request:
    """Product's decision on a request. Closing it (not planned, released) needs an answer
    to the requester; not planned also a reason. Linked needs an opportunity, planned a
    roadmap item."""
    workspace = request.workspace
    errors: dict[str, str] = {}
    if status not in Status.values or status == Status.MERGED:
        errors["status"] = _("Choose a status.")
    if request.status == Status.MERGED:
        raise ValidationError(_("This request was merged into another; triage that one."))
    if opportunity is not None:
        _same_workspace(workspace, opportunity, "opportunity", "product__workspace_id")
    if roadmap_item is not None:
        _same_workspace(workspace, roadmap_item, "roadmap_item", "roadmap__workspace_id")
    if status == Status.LINKED and opportunity is None:
        errors["opportunity"] = _("Choose the opportunity the request is linked to.")
    if status == Status.PLANNED and roadmap_item is None:
        errors["roadmap_item"] = _("Choose the roadmap item that plans it.")
    if status == Status.NOT_PLANNED and not reason.strip():
        errors["reason"] = _("Say why it is not planned.")
    if status in CLOSED and not answer.strip():
        errors["answer"] = _("Write the answer the requester gets when you close a request.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": status,
        "opportunity": opportunity,
        "roadmap_item": roadmap_item,
        "reason": reason,
        "answer": answer,
    }
    if request.first_answer_at is None and status != Status.NEW:
        fields["first_answer_at"] = now
    if status in CLOSED and request.closed_at is None:
        fields["closed_at"] = now
    if status not in CLOSED:
        fields["closed_at"] = None
    before = (request.roadmap_item_id, request.opportunity_id)
    changes = update_versioned(request, fields, version=version)
    if changes:
        _rollups_touched(workspace, request, before=[before])
        activity_record(
            workspace=workspace,
            actor=actor,
            kind=kinds.REQUEST_TRIAGED,
            target=request,
            changes={
                k: v for k, v in changes.items() if k in ("status", "opportunity", "roadmap_item")
            },
        )
    return request


@transaction.atomic
def request_merge(*, actor: User, target: Request, sources: Iterable[Request]) -> Request:
    """Merge ``sources`` (the same problem, asked again) into ``target``: their
    organisations, comments and commitments move over; an organisation asking in both
    counts once, with the larger revenue at stake. Sources end as merged."""
    sources = list(sources)
    if not sources:
        raise ValidationError({"sources": _("Choose the requests to merge into this one.")})
    ids = sorted({target.pk, *(s.pk for s in sources)})
    locked = {
        r.pk: r for r in Request.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    target = locked[target.pk]
    for source in sources:
        if source.workspace_id != target.workspace_id:
            raise ValidationError(
                {"sources": _("Requests of different workspaces cannot be merged.")}
            )
        if source.pk == target.pk:
            raise ValidationError({"sources": _("A request cannot be merged into itself.")})
        if locked[source.pk].status == Status.MERGED:
            raise ValidationError(
                {"sources": _("“%(title)s” was already merged.") % {"title": source.title}}
            )
    if target.status == Status.MERGED:
        raise ValidationError(_("This request was merged into another."))
    existing = {a.organisation_id: a for a in target.accounts.select_for_update()}
    moved: set[int] = set()
    for source in sources:
        source = locked[source.pk]
        for account in source.accounts.select_for_update().order_by("pk"):
            moved.add(account.organisation_id)
            kept = existing.get(account.organisation_id)
            if kept is None:
                account.request = target
                account.save(update_fields=["request"])
                existing[account.organisation_id] = account
                continue
            # The same organisation asked twice: count it once, with the larger revenue.
            if account.arr > kept.arr:
                kept.arr = account.arr
                kept.deal, kept.stage = account.deal or kept.deal, account.stage or kept.stage
                kept.amount = account.amount if account.amount is not None else kept.amount
                kept.close_date = account.close_date or kept.close_date
                kept.save(update_fields=["arr", "deal", "stage", "amount", "close_date"])
            account.delete()
        RequestComment.objects.filter(request=source).update(request=target)
        Commitment.objects.filter(request=source).update(request=target)
        update_versioned(source, {"status": Status.MERGED, "merged_into": target}, clean=False)
    # The sources' people may lose an organisation (its ask moved to the target), the
    # target's people gain the sources' organisations.
    _accounts_touched(target.workspace, [target, *(locked[s.pk] for s in sources)], moved)
    _rollups_touched(target.workspace, target, *(locked[s.pk] for s in sources))
    activity_record(
        workspace=target.workspace,
        actor=actor,
        kind=kinds.REQUEST_MERGED,
        target=target,
        note=", ".join(s.title for s in sources)[:500],
    )
    return target


def loop_message(request: Request) -> str:
    """The message to send the customer when their request is released."""
    return _("Good news: what you asked us for (“%(title)s”) is now available.\n\n%(answer)s") % {
        "title": request.title,
        "answer": request.answer,
    }


@transaction.atomic
def loop_close(*, actor: User, request: Request) -> str:
    """Mark that the people who asked were told; only for a released request. Returns the
    message to send them."""
    if request.status != Status.RELEASED:
        raise ValidationError(_("Only a released request closes the loop."))
    if request.loop_closed_at is None:
        update_versioned(request, {"loop_closed_at": timezone.now()}, clean=False)
        activity_record(
            workspace=request.workspace, actor=actor, kind=kinds.LOOP_CLOSED, target=request
        )
    return loop_message(request)


# --- commitments ----------------------------------------------------------------------------


@transaction.atomic
def commitment_propose(
    *,
    actor: User,
    workspace: Workspace,
    organisation: Organisation,
    what: str,
    due_on: date,
    contractual: bool = False,
    request: Request | None = None,
    roadmap_item: RoadmapItem | None = None,
    team: Team | None = None,
) -> Commitment:
    """A promise sales wants to make; it holds only once product approves it."""
    _same_workspace(workspace, organisation, "organisation", "workspace_id")
    if request is not None:
        _same_workspace(workspace, request, "request", "workspace_id")
    if roadmap_item is not None:
        _same_workspace(workspace, roadmap_item, "roadmap_item", "roadmap__workspace_id")
        team = team or roadmap_item.team
    if team is not None:
        _same_workspace(workspace, team, "team", "workspace_id")
    if due_on < today():
        raise ValidationError({"due_on": _("A promise cannot be due in the past.")})
    commitment = Commitment(
        workspace=workspace,
        organisation=organisation,
        what=what,
        due_on=due_on,
        contractual=contractual,
        request=request,
        roadmap_item=roadmap_item,
        team=team,
        sales_owner=actor,
    )
    commitment.full_clean()
    commitment.save()
    person_accounts_refresh(workspace, users=[actor.pk], organisations=[organisation.pk])
    activity_record(
        workspace=workspace, actor=actor, kind=kinds.COMMITMENT_PROPOSED, target=commitment
    )
    selectors.risk_refresh([commitment])
    return commitment


def _locked(commitment: Commitment) -> Commitment:
    commitment.refresh_from_db(from_queryset=Commitment.objects.select_for_update())
    return commitment


@transaction.atomic
def commitment_decide(*, actor: User, commitment: Commitment, approve: bool) -> Commitment:
    """Product approves (the promise holds) or declines a proposed commitment; decided
    once, even when two people decide at the same moment. The same decision again changes
    nothing (a retried request); the other decision is refused."""
    commitment = _locked(commitment)
    same = CommitmentState.COMMITTED if approve else CommitmentState.DECLINED
    if commitment.state == same:
        return commitment
    if commitment.state != CommitmentState.PROPOSED:
        raise ValidationError(_("This commitment was already decided."))
    fields: dict[str, Any] = {
        "state": CommitmentState.COMMITTED if approve else CommitmentState.DECLINED
    }
    if approve:
        fields.update(agreed_by=actor, agreed_at=timezone.now())
    changes = update_versioned(commitment, fields, clean=False)
    activity_record(
        workspace=commitment.workspace,
        actor=actor,
        kind=kinds.COMMITMENT_DECIDED,
        target=commitment,
        changes={"state": changes["state"]},
    )
    selectors.risk_refresh([commitment])
    return commitment


@transaction.atomic
def commitment_move(*, actor: User, commitment: Commitment, due_on: date, why: str) -> Commitment:
    """Move a committed date: needs a why; the sales owner is told by email."""
    commitment = _locked(commitment)
    if commitment.state not in (CommitmentState.PROPOSED, CommitmentState.COMMITTED):
        raise ValidationError(_("Only an open commitment can move."))
    if not why.strip():
        raise ValidationError({"why": _("Say why the date moves.")})
    if due_on == commitment.due_on:
        raise ValidationError({"due_on": _("That is the date it has now.")})
    if due_on < today():
        raise ValidationError({"due_on": _("A promise cannot be due in the past.")})
    change = DateChange(commitment=commitment, old=commitment.due_on, new=due_on, why=why, by=actor)
    change.full_clean()
    change.save()
    changes = update_versioned(commitment, {"due_on": due_on}, clean=False)
    activity_record(
        workspace=commitment.workspace,
        actor=actor,
        kind=kinds.COMMITMENT_MOVED,
        target=commitment,
        changes=changes,
        note=why[:500],
    )
    selectors.risk_refresh([commitment])
    owner = commitment.sales_owner
    if owner is not None and owner.email and owner != actor:
        send_email_on_commit(
            subject=_("A committed date moved: %(what)s") % {"what": commitment.what},
            body=_(
                "The promise to %(organisation)s (“%(what)s”) is now due on %(new)s instead of "
                "%(old)s.\n\nWhy: %(why)s"
            )
            % {
                "organisation": commitment.organisation,
                "what": commitment.what,
                "new": due_on.isoformat(),
                "old": change.old.isoformat(),
                "why": why,
            },
            to=[owner.email],
        )
    return commitment


@transaction.atomic
def commitment_settle(*, actor: User, commitment: Commitment, kept: bool) -> Commitment:
    """Record whether a committed promise was kept."""
    commitment = _locked(commitment)
    if commitment.state != CommitmentState.COMMITTED:
        raise ValidationError(_("Only a committed promise is kept or broken."))
    state = CommitmentState.KEPT if kept else CommitmentState.BROKEN
    changes = update_versioned(commitment, {"state": state, "settled_on": today()}, clean=False)
    activity_record(
        workspace=commitment.workspace,
        actor=actor,
        kind=kinds.COMMITMENT_SETTLED,
        target=commitment,
        changes={"state": changes["state"]},
    )
    return commitment
