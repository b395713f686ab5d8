"""The communication plan in the stakeholders API: who hears what, how often, through which
channel and from whom (list, add, edit with If-Match, mark sent, delete)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.stakeholders import access, selectors, services
from leitstern.stakeholders.api.common import API_NAMES, W, many_of, one_of, people_of, users_of
from leitstern.stakeholders.models import PlanItem
from leitstern.stakeholders.schemas import PlanIn, PlanOut, PlanPatch, SentIn
from leitstern.workspaces.models import Membership, Need

router = Router()


def _plan_out(item: PlanItem, member: Membership) -> dict:
    seen = set(people_of(member).filter(plan_groups=item).values_list("pk", flat=True))
    return {
        "id": item.pk,
        "stakeholder_id": item.stakeholder_id,
        "group_name": item.group_name,
        "member_ids": sorted(seen),
        "information": item.information,
        "frequency": item.frequency,
        "channel": item.channel,
        "owner_id": item.owner_id,
        "starts_on": item.starts_on,
        "last_sent_on": item.last_sent_on,
        "next_due": item.next_due(),
        "overdue": item.is_overdue(timezone.localdate()),
        "version": item.version,
    }


def _plan_data(member: Membership, payload, sent: set[str]) -> dict:
    data: dict = {}
    for name in ("information", "group_name", "frequency", "channel", "starts_on"):
        if name in sent and getattr(payload, name) is not None:
            data[name] = getattr(payload, name)
    if "stakeholder_id" in sent:
        data["stakeholder"] = one_of(people_of(member), payload.stakeholder_id, "stakeholder_id")
    if "member_ids" in sent:
        data["members"] = many_of(people_of(member), payload.member_ids, "member_ids")
    if "owner_id" in sent:
        data["owner"] = one_of(users_of(member), payload.owner_id, "owner_id")
    return data


@router.get(W + "/comms-plan", response=list[PlanOut])
@operation(need=Need.EDIT)
def plan_list(request: WorkspaceRequest, slug: Slug):
    member = request.member
    rows = selectors.plan_rows(member, timezone.localdate())
    return [_plan_out(row.item, member) for row in rows]


@router.post(W + "/comms-plan", response={201: PlanOut})
@operation(need=Need.EDIT)
def plan_create(request: WorkspaceRequest, slug: Slug, payload: PlanIn):
    member = request.member
    data = _plan_data(member, payload, set(PlanIn.model_fields))
    item = services.plan_item_create(
        actor=request.user,
        workspace=member.workspace,
        information=data.pop("information"),
        **data,
    )
    return Status(201, _plan_out(item, member))


@router.patch(
    W + "/comms-plan/{plan_id}",
    response={200: PlanOut, 409: conflict_schema(PlanOut)},
)
@operation(need=Need.EDIT)
def plan_update(
    request: WorkspaceRequest,
    slug: Slug,
    plan_id: Id,
    payload: PlanPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    item = access.get_plan_item_for(member, plan_id)
    try:
        services.plan_item_update(
            actor=request.user,
            item=item,
            version=expected_version(if_match, payload.version),
            **_plan_data(member, payload, payload.model_fields_set),
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict, _plan_out(PlanItem.objects.get(pk=item.pk), member), names=API_NAMES
        )
    tag(response, item.version)
    return _plan_out(item, member)


@router.post(W + "/comms-plan/{plan_id}/sent", response=PlanOut)
@operation(need=Need.EDIT)
def plan_sent(request: WorkspaceRequest, slug: Slug, plan_id: Id, payload: SentIn):
    """Mark the information sent (today unless ``day``); the next one is due a period
    later."""
    member = request.member
    item = services.plan_item_sent(
        actor=request.user, item=access.get_plan_item_for(member, plan_id), day=payload.day
    )
    return _plan_out(item, member)


@router.delete(W + "/comms-plan/{plan_id}", response={204: None})
@operation(need=Need.EDIT)
def plan_delete(request: WorkspaceRequest, slug: Slug, plan_id: Id):
    member = request.member
    services.plan_item_delete(actor=request.user, item=access.get_plan_item_for(member, plan_id))
    return Status(204, None)
