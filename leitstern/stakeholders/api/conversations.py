"""Conversations in the stakeholders API: a stakeholder's conversations (list, record) and
one conversation (edit with If-Match, delete)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.stakeholders import access, services
from leitstern.stakeholders.api.common import S, W
from leitstern.stakeholders.models import Conversation
from leitstern.stakeholders.schemas import (
    StakeholderConversationIn,
    StakeholderConversationOut,
    StakeholderConversationPatch,
)
from leitstern.workspaces.models import Need

router = Router()


@router.get(S + "/conversations", response=list[StakeholderConversationOut])
@operation(need=Need.EDIT)
def conversation_list(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id):
    member = request.member
    return access.get_stakeholder_for(member, stakeholder_id).conversations.all()


@router.post(S + "/conversations", response={201: StakeholderConversationOut})
@operation(need=Need.EDIT)
def conversation_record(
    request: WorkspaceRequest, slug: Slug, stakeholder_id: Id, payload: StakeholderConversationIn
):
    member = request.member
    conversation = services.conversation_record(
        actor=request.user,
        stakeholder=access.get_stakeholder_for(member, stakeholder_id),
        **payload.model_dump(),
    )
    return Status(201, conversation)


@router.patch(
    W + "/stakeholder-conversations/{stakeholder_conversation_id}",
    response={200: StakeholderConversationOut, 409: conflict_schema(StakeholderConversationOut)},
)
@operation(need=Need.EDIT)
def conversation_update(
    request: WorkspaceRequest,
    slug: Slug,
    stakeholder_conversation_id: Id,
    payload: StakeholderConversationPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    conversation = access.get_conversation_for(member, stakeholder_conversation_id)
    sent = payload.model_fields_set - {"version"}
    try:
        services.conversation_update(
            actor=request.user,
            conversation=conversation,
            version=expected_version(if_match, payload.version),
            **{name: getattr(payload, name) for name in sent},
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, Conversation.objects.get(pk=conversation.pk))
    tag(response, conversation.version)
    return conversation


@router.delete(W + "/stakeholder-conversations/{stakeholder_conversation_id}", response={204: None})
@operation(need=Need.EDIT)
def conversation_delete(request: WorkspaceRequest, slug: Slug, stakeholder_conversation_id: Id):
    member = request.member
    services.conversation_delete(
        actor=request.user,
        conversation=access.get_conversation_for(member, stakeholder_conversation_id),
    )
    return Status(204, None)
