"""Participants in the research API: the register of people (contact data for editors and
owners only; contributors propose), their consents (record, withdraw: withdrawing consent to
interviews removes the person), erasure on request and the Art. 15 export."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

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
from leitstern.customers.models import Organisation
from leitstern.research import services
from leitstern.research.access import get_participant_for
from leitstern.research.api.common import MAX_IDS, IdList, W, one_of
from leitstern.research.gdpr import access_export
from leitstern.research.models import Participant
from leitstern.workspaces.models import Need

router = Router()


PurposeName = Literal["interview", "recording", "recontact", "quoting"]
LanguageName = Literal["en", "de"]


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
        organisation=one_of(workspace, payload.organisation_id, Organisation, "organisation_id"),
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
