"""Quotes in the research API: the quotes the caller may read (withdrawn ones without
their words) and a conversation's new quotes."""

from __future__ import annotations

from django.db.models import F
from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Limit, Offset, Slug, Text
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.research import services
from leitstern.research.access import get_conversation_for
from leitstern.research.api.common import MAX_IDS, IdList, W, one_of
from leitstern.research.models import Conversation, Participant, Quote
from leitstern.workspaces.models import Need

router = Router()


class QuoteOut(Schema):
    id: int
    conversation_id: int
    participant_id: int | None
    text: str
    withdrawn: bool
    second_hand: bool
    tags: list[str]

    @staticmethod
    def resolve_withdrawn(obj) -> bool:
        return obj.is_redacted

    @staticmethod
    def resolve_second_hand(obj) -> bool:
        return obj.conversation.is_second_hand

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [t.name for t in obj.tags.all()]


class QuoteIn(In):
    text: Text
    participant_id: Id | None = None
    tag_ids: IdList = Field(default_factory=list, max_length=MAX_IDS)


@router.get(W + "/quotes", response=list[QuoteOut])
@operation(need=Need.VIEW)
def quote_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Quotes the caller may read, newest first: a person's quotes without their consent
    to quoting only for the conversation's interviewers; withdrawn ones without words."""
    in_workspace = Conversation.objects.filter(workspace=request.workspace).values("pk")
    quotes = (
        # The quotes walked newest first by their index (``quote_newest``), each checked
        # against the workspace's conversations, stopping when the page is full: a join
        # (``+ 0`` prevents it) would let the planner read all of the workspace's quotes
        # and sort them (200,000 quotes: 200 ms and more).
        Quote.objects.alias(conversation_of=F("conversation_id") + 0)
        .filter(conversation_of__in=in_workspace)
        .visible_to(request.user)
        .prefetch_related("conversation", "tags")
        .order_by("-created_at", "-id")
    )
    return quotes[offset : offset + limit]


@router.post(W + "/conversations/{conversation_id}/quotes", response={201: QuoteOut})
@operation(need=Need.EDIT)
def quote_create(request: WorkspaceRequest, slug: Slug, conversation_id: Id, payload: QuoteIn):
    """A quote of the conversation, said by one of its participants (none for
    second-hand feedback; by default the only participant, if there is one). A passage of
    the notes is kept with where it stands."""
    conversation = get_conversation_for(request.member, conversation_id, need=Need.EDIT)
    participant = one_of(request.workspace, payload.participant_id, Participant, "participant_id")
    if participant is None and not conversation.is_second_hand:
        # Said by the conversation's only participant, when it has one.
        people = list(conversation.participants.all()[:2])
        participant = people[0] if len(people) == 1 else None
    quote = services.quote_create(
        actor=request.user,
        conversation=conversation,
        text=payload.text,
        participant=participant,
        source="notes" if payload.text and payload.text in conversation.notes else "typed",
        tags=payload.tag_ids,
    )
    return Status(201, quote)
