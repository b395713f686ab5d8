"""The research API: participants (contact data for editors and owners only), consents
(record, withdraw), erasure and the Art. 15 export, conversations and second-hand
feedback, quotes, insights with their evidence, and search. The same services and access
lookups as the pages: contributors propose participants and submit second-hand feedback,
editors record conversations, viewers read."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, Literal

from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Limit, Line, Name, Offset, Slug, Text, unchanged
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
from leitstern.research import search, services
from leitstern.research.access import (
    get_conversation_for,
    get_insight_for,
    get_participant_for,
)
from leitstern.research.gdpr import access_export
from leitstern.research.models import (
    Conversation,
    Insight,
    Participant,
    Quote,
)
from leitstern.research.selectors import evidence_by_insight
from leitstern.research.services._common import of_workspace
from leitstern.workspaces.models import Need

router = Router(tags=["research"])
W = "/workspaces/{slug}/research"
MAX_IDS = 100

PurposeName = Literal["interview", "recording", "recontact", "quoting"]
LanguageName = Literal["en", "de"]
RelayName = Literal["sales", "support", "marketing", "survey", "other"]
IdList = list[Id]


def _one(workspace, pk: int | None, model, field: str) -> Any:
    """The workspace's object of ``model`` with ``pk`` (None stays None); refused on
    ``field`` otherwise."""
    if pk is None:
        return None
    return of_workspace(workspace, [pk], model, field=field)[0]


# --- participants -----------------------------------------------------------------------


class ParticipantOut(Schema):
    id: int
    name: str
    status: str
    role: str
    organisation_id: int | None
    segment_ids: list[int]
    persona_ids: list[int]
    language: str
    email: str | None = Field(None, description="Editors and owners only; null for others.")
    phone: str | None = Field(None, description="Editors and owners only; null for others.")
    consents: list[str] = Field(description="Purposes with a valid consent now.")
    version: int


class ParticipantIn(In):
    name: Name(200)
    email: Line(254) = ""
    phone: Line(40) = ""
    role: Line(120) = ""
    organisation_id: Id | None = None
    segment_ids: IdList = Field(default_factory=list, max_length=MAX_IDS)
    persona_ids: IdList = Field(default_factory=list, max_length=MAX_IDS)
    language: LanguageName = "de"
    notes: Text = ""


class ParticipantPatch(In):
    name: Name(200) = unchanged()
    email: Line(254) = unchanged()
    phone: Line(40) = unchanged()
    role: Line(120) = unchanged()
    language: LanguageName = unchanged()
    notes: Text = unchanged()
    version: int | None = VERSION_FIELD


def _participant_out(participant: Participant, request: WorkspaceRequest) -> dict:
    personal = request.member.can_edit
    return {
        "id": participant.pk,
        "name": str(participant) if participant.is_removed else participant.name,
        "status": participant.status,
        "role": participant.role,
        "organisation_id": participant.organisation_id,
        "segment_ids": [s.pk for s in participant.segments.all()],
        "persona_ids": [p.pk for p in participant.personas.all()],
        "language": participant.language,
        "email": participant.email if personal else None,
        "phone": participant.phone if personal else None,
        "consents": sorted(participant.valid_consents()),
        "version": participant.version,
    }


@router.get(W + "/participants", response=list[ParticipantOut])
@operation(need=Need.VIEW)
def participant_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Participants by name (tombstones of withdrawn and erased people too); paged."""
    people = (
        Participant.objects.filter(workspace=request.workspace)
        .prefetch_related("segments", "personas")
        .order_by("name", "id")
    )
    return [_participant_out(p, request) for p in people[offset : offset + limit]]


@router.post(W + "/participants", response={201: ParticipantOut})
@operation(need=Need.CONTRIBUTE)
def participant_create(request: WorkspaceRequest, slug: Slug, payload: ParticipantIn):
    """Editors add a participant; a contributor's is a proposal an editor accepts."""
    workspace = request.workspace
    participant = services.participant_create(
        actor=request.user,
        workspace=workspace,
        name=payload.name,
        proposed=not request.member.can_edit,
        email=payload.email,
        phone=payload.phone,
        role=payload.role,
        organisation=_one(workspace, payload.organisation_id, Organisation, "organisation_id"),
        segments=payload.segment_ids,
        personas=payload.persona_ids,
        language=payload.language,
        notes=payload.notes,
    )
    return Status(201, _participant_out(participant, request))


@router.get(W + "/participants/{participant_id}", response=ParticipantOut)
@operation(need=Need.VIEW)
def participant_detail(
    request: WorkspaceRequest, slug: Slug, participant_id: Id, response: HttpResponse
):
    participant = get_participant_for(request.member, participant_id)
    tag(response, participant.version)
    return _participant_out(participant, request)


@router.patch(
    W + "/participants/{participant_id}",
    response={200: ParticipantOut, 409: conflict_schema(ParticipantOut)},
)
@operation(need=Need.EDIT)
def participant_update(
    request: WorkspaceRequest,
    slug: Slug,
    participant_id: Id,
    payload: ParticipantPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since answers 409 and nothing is saved."""
    participant = get_participant_for(request.member, participant_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    fields = {
        name: getattr(payload, name)
        for name in ("name", "email", "phone", "role", "language", "notes")
        if name in payload.model_fields_set
    }
    try:
        services.participant_update(
            actor=request.user, participant=participant, version=version, **fields
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _participant_out(conflict.instance, request))
    tag(response, participant.version)
    return _participant_out(participant, request)


class ConsentOut(Schema):
    id: int
    purpose: str
    text: str
    text_version: int
    language: str
    channel: str
    witness: str
    given_at: dt.datetime
    expires_at: dt.datetime
    withdrawn_at: dt.datetime | None
    state: str


class ConsentIn(In):
    purposes: list[PurposeName] = Field(min_length=1, max_length=4)
    channel: Literal["email", "verbal"]
    witness: Line(200) = ""
    given_on: dt.date | None = Field(None, description="The day it was given; today if left out.")
    language: LanguageName | None = None


class WithdrawIn(In):
    purposes: list[PurposeName] = Field(min_length=1, max_length=4)


@router.get(W + "/participants/{participant_id}/consents", response=list[ConsentOut])
@operation(need=Need.EDIT)
def consent_list(request: WorkspaceRequest, slug: Slug, participant_id: Id):
    """Every consent record of the participant, with the exact text shown (the proof)."""
    participant = get_participant_for(request.member, participant_id, need=Need.EDIT)
    return list(participant.consents.order_by("-given_at", "-id"))


@router.post(W + "/participants/{participant_id}/consents", response={201: list[ConsentOut]})
@operation(need=Need.EDIT)
def consent_record(request: WorkspaceRequest, slug: Slug, participant_id: Id, payload: ConsentIn):
    """Record consent the person gave by email or verbally (verbal needs a witness)."""
    participant = get_participant_for(request.member, participant_id, need=Need.EDIT)
    day = payload.given_on
    given_at = (
        None
        if day is None or day >= timezone.localdate()
        else timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    )
    consents = services.consent_record(
        actor=request.user,
        participant=participant,
        purposes=payload.purposes,
        channel=payload.channel,
        witness=payload.witness,
        given_at=given_at,
        language=payload.language,
    )
    return Status(201, consents)


@router.post(W + "/participants/{participant_id}/consents/withdraw", response=ParticipantOut)
@operation(need=Need.EDIT)
def consent_withdraw(
    request: WorkspaceRequest, slug: Slug, participant_id: Id, payload: WithdrawIn
):
    """Record a withdrawal. Withdrawing consent to research interviews removes the person
    from research: the answer is their tombstone."""
    participant = get_participant_for(request.member, participant_id, need=Need.EDIT)
    participant = services.consent_withdraw(
        actor=request.user, participant=participant, purposes=payload.purposes
    )
    return _participant_out(participant, request)


@router.post(W + "/participants/{participant_id}/erase", response=ParticipantOut)
@operation(need=Need.EDIT)
def participant_erase(request: WorkspaceRequest, slug: Slug, participant_id: Id):
    """Erase on request (GDPR Art. 17): nothing that identifies the person is kept."""
    participant = get_participant_for(request.member, participant_id, need=Need.EDIT)
    if not participant.is_removed:
        participant = services.participant_erase(actor=request.user, participant=participant)
    return _participant_out(participant, request)


@router.get(W + "/participants/{participant_id}/export", response=dict[str, Any])
@operation(need=Need.EDIT)
def participant_export(request: WorkspaceRequest, slug: Slug, participant_id: Id):
    """Everything kept about the participant (GDPR Art. 15)."""
    participant = get_participant_for(request.member, participant_id, need=Need.EDIT)
    return access_export(participant)


# --- conversations ----------------------------------------------------------------------


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
            details[name] = _one(workspace, getattr(payload, f"{name}_id"), model, f"{name}_id")
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


# --- quotes and insights ----------------------------------------------------------------


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
    participant = _one(request.workspace, payload.participant_id, Participant, "participant_id")
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


class InsightEvidenceOut(Schema):
    quotes: int
    direct: int
    second_hand: int
    withdrawn: int
    conversations: int
    participants: int
    organisations: int
    segments: list[str]
    personas: list[str]
    share_second_hand: float | None


class InsightOut(Schema):
    id: int
    title: str
    description: str
    product_id: int | None
    quote_ids: list[int]
    evidence: InsightEvidenceOut
    version: int


class InsightIn(In):
    title: Name(300)
    description: Text = ""
    product_id: Id | None = None
    quote_ids: IdList = Field(default_factory=list, max_length=limits.MAX_ITEMS)


class InsightPatch(In):
    title: Name(300) = unchanged()
    description: Text = unchanged()
    version: int | None = VERSION_FIELD


def _insights_out(insights: list[Insight]) -> list[dict]:
    evidence = evidence_by_insight(insights)
    held: dict[int, list[int]] = {i.pk: [] for i in insights}
    for insight_id, quote_id in Insight.quotes.through.objects.filter(
        insight__in=insights
    ).values_list("insight_id", "quote_id"):
        held[insight_id].append(quote_id)
    return [
        {
            "id": i.pk,
            "title": i.title,
            "description": i.description,
            "product_id": i.product_id,
            "quote_ids": sorted(held[i.pk]),
            "evidence": {
                **asdict(evidence[i.pk]),
                "share_second_hand": evidence[i.pk].share_second_hand,
            },
            "version": i.version,
        }
        for i in insights
    ]


@router.get(W + "/insights", response=list[InsightOut])
@operation(need=Need.VIEW)
def insight_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Insights with their evidence counts, most recently changed first; paged."""
    insights = Insight.objects.filter(workspace=request.workspace).active()
    return _insights_out(list(insights.order_by("-updated_at", "-id")[offset : offset + limit]))


@router.post(W + "/insights", response={201: InsightOut})
@operation(need=Need.EDIT)
def insight_create(request: WorkspaceRequest, slug: Slug, payload: InsightIn):
    insight = services.insight_create(
        actor=request.user,
        workspace=request.workspace,
        title=payload.title,
        description=payload.description,
        product=_one(request.workspace, payload.product_id, Product, "product_id"),
        quotes=payload.quote_ids,
    )
    return Status(201, _insights_out([insight])[0])


@router.get(W + "/insights/{insight_id}", response=InsightOut)
@operation(need=Need.VIEW)
def insight_detail(request: WorkspaceRequest, slug: Slug, insight_id: Id, response: HttpResponse):
    insight = get_insight_for(request.member, insight_id)
    tag(response, insight.version)
    return _insights_out([insight])[0]


@router.patch(
    W + "/insights/{insight_id}", response={200: InsightOut, 409: conflict_schema(InsightOut)}
)
@operation(need=Need.EDIT)
def insight_update(
    request: WorkspaceRequest,
    slug: Slug,
    insight_id: Id,
    payload: InsightPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    insight = get_insight_for(request.member, insight_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    fields = {
        name: getattr(payload, name)
        for name in ("title", "description")
        if name in payload.model_fields_set
    }
    try:
        services.insight_update(actor=request.user, insight=insight, version=version, **fields)
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _insights_out([conflict.instance])[0])
    tag(response, insight.version)
    return _insights_out([insight])[0]


# --- search -----------------------------------------------------------------------------


class HitOut(Schema):
    kind: str
    title: str
    excerpt: str
    day: dt.date | None
    second_hand: bool
    conversation_id: int | None
    quote_id: int | None
    insight_id: int | None


class ResultsOut(Schema):
    total: int
    hits: list[HitOut]


@router.get(W + "/search", response=ResultsOut)
@operation(need=Need.VIEW)
def research_search(
    request: WorkspaceRequest,
    slug: Slug,
    q: Line(200) = "",
    kind: Literal["notes", "snapshot", "transcript", "quote", "insight"] | None = None,
    source: Literal["direct", "second_hand"] | None = None,
    segment_id: Id | None = None,
    persona_id: Id | None = None,
    tag_id: Id | None = None,
    product_id: Id | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: Limit(50) = 20,
    offset: Offset = 0,
):
    """Full-text search over notes, snapshots, transcripts, quotes and insights (German
    and English word forms); withdrawn content never appears."""
    results = search.search(
        workspace=request.workspace,
        user=request.user,
        query=q,
        filters=search.Filters(
            kinds=(kind,) if kind else (),
            segment=segment_id,
            persona=persona_id,
            tag=tag_id,
            product=product_id,
            source=source or "",
            date_from=date_from,
            date_to=date_to,
        ),
        limit=limit,
        offset=offset,
    )
    return {
        "total": results.total,
        "hits": [
            {
                "kind": hit.kind,
                "title": hit.title,
                "excerpt": str(hit.excerpt),
                "day": hit.day,
                "second_hand": hit.is_second_hand,
                "conversation_id": hit.conversation_id,
                "quote_id": hit.quote_id,
                "insight_id": hit.insight_id,
            }
            for hit in results.hits
        ],
    }
