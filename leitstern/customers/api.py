"""The customers API: organisations (list, add, read, change with If-Match), contacts
(email and phone for editors and owners only), segments and personas. The same services
and access lookups as the pages."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
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
from leitstern.customers import selectors, services
from leitstern.customers.access import get_organisation_for, get_segment_for
from leitstern.workspaces.models import Need

router = Router(tags=["customers"])
W = "/workspaces/{slug}/customers"


class OrganisationOut(Schema):
    id: int
    name: str
    segment_id: int | None
    size: str
    country: str
    plan: str
    arr: Decimal | None
    crm_id: str
    version: int


class OrganisationIn(In):
    name: Name(200)
    segment_id: Id | None = None
    country: Line(60) = ""
    plan: Line(60) = ""
    arr: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)
    crm_id: Line(100) = ""
    notes: Text = ""


class OrganisationPatch(In):
    name: Name(200) = unchanged()
    country: Line(60) = unchanged()
    plan: Line(60) = unchanged()
    crm_id: Line(100) = unchanged()
    notes: Text = unchanged()
    version: int | None = VERSION_FIELD


class GroupingOut(Schema):
    id: int
    name: str
    description: str
    goal_per_quarter: int


class PersonOut(Schema):
    id: int
    name: str
    organisation_id: int | None
    role: str
    email: str | None = Field(None, description="Editors and owners only; null for others.")
    phone: str | None = Field(None, description="Editors and owners only; null for others.")


@router.get(W + "/organisations", response=list[OrganisationOut])
@operation(need=Need.VIEW)
def organisation_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Active organisations by name; paged."""
    return selectors.organisations_of(request.workspace)[offset : offset + limit]


@router.post(W + "/organisations", response={201: OrganisationOut})
@operation(need=Need.EDIT)
def organisation_create(request: WorkspaceRequest, slug: Slug, payload: OrganisationIn):
    segment = get_segment_for(request.member, payload.segment_id) if payload.segment_id else None
    organisation = services.organisation_create(
        actor=request.user,
        workspace=request.workspace,
        name=payload.name,
        segment=segment,
        country=payload.country,
        plan=payload.plan,
        arr=payload.arr,
        crm_id=payload.crm_id,
        notes=payload.notes,
    )
    return Status(201, organisation)


@router.get(W + "/organisations/{organisation_id}", response=OrganisationOut)
@operation(need=Need.VIEW)
def organisation_detail(
    request: WorkspaceRequest, slug: Slug, organisation_id: Id, response: HttpResponse
):
    organisation = get_organisation_for(request.member, organisation_id)
    tag(response, organisation.version)
    return organisation


@router.patch(
    W + "/organisations/{organisation_id}",
    response={200: OrganisationOut, 409: conflict_schema(OrganisationOut)},
)
@operation(need=Need.EDIT)
def organisation_update(
    request: WorkspaceRequest,
    slug: Slug,
    organisation_id: Id,
    payload: OrganisationPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those; a field someone else changed since the
    version named answers 409."""
    organisation = get_organisation_for(request.member, organisation_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    fields = {
        name: getattr(payload, name)
        for name in ("name", "country", "plan", "crm_id", "notes")
        if name in payload.model_fields_set
    }
    try:
        services.organisation_update(
            actor=request.user, organisation=organisation, version=version, **fields
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, conflict.instance)
    tag(response, organisation.version)
    return organisation


@router.get(W + "/contacts", response=list[PersonOut])
@operation(need=Need.VIEW)
def contact_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Contacts by name; email address and phone number for editors and owners only."""
    personal = request.member.can_edit
    return [
        {
            "id": p.pk,
            "name": p.name,
            "organisation_id": p.organisation_id,
            "role": p.role,
            "email": p.email if personal else None,
            "phone": p.phone if personal else None,
        }
        for p in selectors.people_of(request.workspace)[offset : offset + limit]
    ]


@router.get(W + "/segments", response=list[GroupingOut])
@operation(need=Need.VIEW)
def segment_list(request: WorkspaceRequest, slug: Slug):
    return list(selectors.segments_of(request.workspace)[: limits.MAX_PAGE_SIZE])


@router.get(W + "/personas", response=list[GroupingOut])
@operation(need=Need.VIEW)
def persona_list(request: WorkspaceRequest, slug: Slug):
    return list(selectors.personas_of(request.workspace)[: limits.MAX_PAGE_SIZE])
