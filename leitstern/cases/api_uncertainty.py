"""The API of a case's yes/no events and of the correlations between its inputs: the same
services and access lookups as the pages. Changes carry the case's ``revision`` (refused
when the assumptions changed since); the engine's refusals come back by field
(``probability``, ``first``, ``second``, ``rank``, or ``__all__`` for correlations that
cannot all hold at once)."""

from __future__ import annotations

from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Line, Name, Number, Slug, Text, unchanged
from leitstern.cases import uncertainty
from leitstern.cases.access import get_case_for, get_correlation_for, get_event_for
from leitstern.core.http import WorkspaceRequest
from leitstern.workspaces.models import Need

router = Router(tags=["cases"])
W = "/workspaces/{slug}"
Revision = Field(None, ge=0, le=2**31)


class EventOut(Schema):
    id: int
    key: str
    name: str
    probability: float
    note: str


class EventIn(In):
    name: Name(120)
    probability: Number = Field(..., description="The chance that it happens, 0 to 1.")
    note: Text = ""
    why: Line() = ""
    revision: int | None = Revision


class EventPatch(In):
    name: Name(120) = unchanged()
    probability: Number = unchanged()
    note: Text = unchanged()
    why: Line() = ""
    revision: int | None = Revision


class CorrelationOut(Schema):
    id: int
    first: str
    second: str
    rank: float
    note: str


class CorrelationIn(In):
    first: Line(100) = Field(..., description='An input key: "line.field", "phases.<key>"…')
    second: Line(100)
    rank: Number = Field(..., description="The rank correlation, -1 to 1.")
    note: Line(300) = ""
    why: Line() = ""
    revision: int | None = Revision


class CorrelationPatch(In):
    first: Line(100) = unchanged()
    second: Line(100) = unchanged()
    rank: Number = unchanged()
    note: Line(300) = unchanged()
    why: Line() = ""
    revision: int | None = Revision


def _data(payload: In) -> dict:
    return {
        name: getattr(payload, name)
        for name in payload.model_fields_set
        if name not in ("why", "revision")
    }


@router.post(W + "/cases/{case_id}/events", response={201: EventOut})
@operation(need=Need.EDIT)
def event_create(request: WorkspaceRequest, slug: Slug, case_id: Id, payload: EventIn):
    """Add a yes/no event; lines name it by its ``key`` (``event``)."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    event = uncertainty.event_create(
        actor=request.user,
        case=case,
        name=payload.name,
        probability=payload.probability,
        note=payload.note,
        why=payload.why,
        revision=payload.revision,
    )
    return Status(201, event)


@router.patch(W + "/case-events/{event_id}", response=EventOut)
@operation(need=Need.EDIT)
def event_update(request: WorkspaceRequest, slug: Slug, event_id: Id, payload: EventPatch):
    event = get_event_for(request.member, event_id, need=Need.EDIT)
    return uncertainty.event_update(
        actor=request.user,
        event=event,
        why=payload.why,
        revision=payload.revision,
        **_data(payload),
    )


@router.delete(W + "/case-events/{event_id}", response={204: None})
@operation(need=Need.EDIT)
def event_delete(request: WorkspaceRequest, slug: Slug, event_id: Id):
    """Remove an event and the correlations naming it; refused (422) while a line hangs
    on it."""
    uncertainty.event_delete(
        actor=request.user, event=get_event_for(request.member, event_id, need=Need.EDIT)
    )
    return Status(204, None)


@router.post(W + "/cases/{case_id}/correlations", response={201: CorrelationOut})
@operation(need=Need.EDIT)
def correlation_create(request: WorkspaceRequest, slug: Slug, case_id: Id, payload: CorrelationIn):
    """Correlate two uncertain inputs (keys as in the result's ``sensitivity``)."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    correlation = uncertainty.correlation_create(
        actor=request.user,
        case=case,
        first=payload.first,
        second=payload.second,
        rank=payload.rank,
        note=payload.note,
        why=payload.why,
        revision=payload.revision,
    )
    return Status(201, correlation)


@router.patch(W + "/case-correlations/{correlation_id}", response=CorrelationOut)
@operation(need=Need.EDIT)
def correlation_update(
    request: WorkspaceRequest, slug: Slug, correlation_id: Id, payload: CorrelationPatch
):
    correlation = get_correlation_for(request.member, correlation_id, need=Need.EDIT)
    return uncertainty.correlation_update(
        actor=request.user,
        correlation=correlation,
        why=payload.why,
        revision=payload.revision,
        **_data(payload),
    )


@router.delete(W + "/case-correlations/{correlation_id}", response={204: None})
@operation(need=Need.EDIT)
def correlation_delete(request: WorkspaceRequest, slug: Slug, correlation_id: Id):
    uncertainty.correlation_delete(
        actor=request.user,
        correlation=get_correlation_for(request.member, correlation_id, need=Need.EDIT),
    )
    return Status(204, None)
