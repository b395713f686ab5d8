"""Conversations in the research API: direct conversations (schedule or record, every
participant with a valid consent on the day; read, edit with If-Match) and second-hand
feedback relayed by sales, support, marketing or a survey."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Limit, Name, Offset, Slug, Text, unchanged
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
from leitstern.customers.models import Organisation, Persona, Segment
from leitstern.products.models import Product
from leitstern.research import services
from leitstern.research.access import get_conversation_for
from leitstern.research.api.common import MAX_IDS, IdList, W, one_of
from leitstern.research.models import Conversation
from leitstern.workspaces.models import Need

router = Router()


RelayName = Literal["sales", "support", "marketing", "survey", "other"]


class ConversationOut(Schema):
    id: int
    title: str
    source: str
    second_hand: bool
    relayed_by: str
    status: str
    date: dt.date
    product_id: int | None
    organisation_id: int | None
    segment_id: int | None
    persona_id: int | None
    participant_ids: list[int]
    interviewer_ids: list[int]
    goal: str
    notes: str
    version: int

    @staticmethod
    def resolve_second_hand(obj) -> bool:
        return obj.is_second_hand

    @staticmethod
    def resolve_participant_ids(obj) -> list[int]:
        return [p.pk for p in obj.participants.all()]

    @staticmethod
    def resolve_interviewer_ids(obj) -> list[int]:
        return [u.pk for u in obj.interviewers.all()]


class ConversationIn(In):
    title: Name(200)
    date: dt.date
    held: bool = False
    participant_ids: IdList = Field(default_factory=list, max_length=MAX_IDS)
    interviewer_ids: IdList = Field(default_factory=list, max_length=MAX_IDS)
    product_id: Id | None = None
    organisation_id: Id | None = None
    segment_id: Id | None = None
    persona_id: Id | None = None
    goal: Text = ""
    notes: Text = ""


class ConversationPatch(In):
    title: Name(200) = unchanged()
    date: dt.date = unchanged()
    goal: Text = unchanged()
    notes: Text = unchanged()
    version: int | None = VERSION_FIELD


class FeedbackIn(In):
    title: Name(200)
    date: dt.date
    relayed_by: RelayName
    product_id: Id | None = None
    organisation_id: Id | None = None
    segment_id: Id | None = None
    notes: Text = ""


def _details(workspace, payload) -> dict:
    details = {}
    for name, model in (("product", Product), ("organisation", Organisation),
                        ("segment", Segment), ("persona", Persona)):  # fmt: skip
        if hasattr(payload, f"{name}_id"):
            details[name] = one_of(workspace, getattr(payload, f"{name}_id"), model, f"{name}_id")
    return details


def _conversations():
    return Conversation.objects.prefetch_related("participants", "interviewers")


@router.get(W + "/conversations", response=list[ConversationOut])
@operation(need=Need.VIEW)
def conversation_list(
    request: WorkspaceRequest,
    slug: Slug,
    source: Literal["direct", "second_hand"] | None = None,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Conversations and second-hand feedback, newest first; paged."""
    conversations = _conversations().filter(workspace=request.workspace).order_by("-date", "-id")
    if source is not None:
        conversations = conversations.filter(source=source)
    return conversations[offset : offset + limit]


@router.post(W + "/conversations", response={201: ConversationOut})
@operation(need=Need.EDIT)
def conversation_create(request: WorkspaceRequest, slug: Slug, payload: ConversationIn):
    """Schedule (``held`` false) or record a direct conversation. Every participant needs
    a valid consent to research interviews on its date; otherwise 422 names who lacks it."""
    conversation = services.conversation_create(
        actor=request.user,
        workspace=request.workspace,
        title=payload.title,
        date=payload.date,
        held=payload.held,
        participants=payload.participant_ids,
        interviewers=payload.interviewer_ids,
        goal=payload.goal,
        notes=payload.notes,
        **_details(request.workspace, payload),
    )
    return Status(201, _conversations().get(pk=conversation.pk))


@router.post(W + "/feedback", response={201: ConversationOut})
@operation(need=Need.CONTRIBUTE)
def feedback_submit(request: WorkspaceRequest, slug: Slug, payload: FeedbackIn):
    """Second-hand feedback relayed by sales, support, marketing or a survey; marked
    second-hand wherever it appears."""
    conversation = services.feedback_submit(
        actor=request.user,
        workspace=request.workspace,
        title=payload.title,
        date=payload.date,
        relayed_by=payload.relayed_by,
        notes=payload.notes,
        **_details(request.workspace, payload),
    )
    return Status(201, _conversations().get(pk=conversation.pk))


@router.get(W + "/conversations/{conversation_id}", response=ConversationOut)
@operation(need=Need.VIEW)
def conversation_detail(
    request: WorkspaceRequest, slug: Slug, conversation_id: Id, response: HttpResponse
):
    conversation = get_conversation_for(request.member, conversation_id)
    tag(response, conversation.version)
    return conversation


@router.patch(
    W + "/conversations/{conversation_id}",
    response={200: ConversationOut, 409: conflict_schema(ConversationOut)},
)
@operation(need=Need.EDIT)
def conversation_update(
    request: WorkspaceRequest,
    slug: Slug,
    conversation_id: Id,
    payload: ConversationPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those; a new date needs every participant's
    consent on it. With If-Match (or ``version``), a conflicting field answers 409."""
    conversation = get_conversation_for(request.member, conversation_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    fields = {
        name: getattr(payload, name)
        for name in ("title", "date", "goal", "notes")
        if name in payload.model_fields_set
    }
    try:
        services.conversation_update(
            actor=request.user, conversation=conversation, version=version, **fields
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, conflict.instance)
    tag(response, conversation.version)
    return conversation
