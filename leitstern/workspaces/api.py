from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from leitstern.api.auth import token_workspace_slug
from leitstern.api.operations import LOGIN, operation
from leitstern.api.types import Id, In, Limit, Offset, Slug, Text
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.workspaces import access, services
from leitstern.workspaces.models import Membership, Need, Role

router = Router(tags=["workspaces"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    language: str


class WorkspaceOut(Schema):
    slug: Slug
    name: str
    role: str


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    email: str
    role: str
    joined_at: datetime


@router.get("/me", response=MeOut)
@operation(need=LOGIN)
def me(request: HttpRequest):
    user = request.user
    return {"id": user.pk, "email": user.email, "name": user.name, "language": user.language}


@router.get("/workspaces", response=list[WorkspaceOut])
@operation(need=LOGIN)
def workspace_list(request: HttpRequest):
    memberships = Membership.objects.filter(
        user=request.user, workspace__deletion_requested_at__isnull=True
    ).select_related("workspace")
    scoped = token_workspace_slug(request)
    if scoped is not None:
        memberships = memberships.filter(workspace__slug=scoped)
    return [
        {"slug": m.workspace.slug, "name": m.workspace.name, "role": m.role} for m in memberships
    ]


@router.get("/workspaces/{slug}", response=WorkspaceOut)
@operation(need=Need.VIEW)
def workspace_detail(request: WorkspaceRequest, slug: Slug):
    return {
        "slug": request.workspace.slug,
        "name": request.workspace.name,
        "role": request.member.role,
    }


@router.get("/workspaces/{slug}/members", response=list[MemberOut])
@operation(need=Need.VIEW)
def member_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Members by name; paged."""
    memberships = request.workspace.memberships.select_related("user").order_by("user__name", "id")
    return [_member_out(m) for m in memberships[offset : offset + limit]]


class InvitationIn(In):
    email: str = Field(..., max_length=254)
    role: Role
    days_valid: int = Field(14, ge=1, le=90)


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    status: str
    expires_at: datetime


class RoleIn(In):
    role: Role
    note: Text = ""


def _member_out(m: Membership) -> dict:
    return {
        "id": m.pk,
        "user_id": m.user_id,
        "name": m.user.name,
        "email": m.user.email,
        "role": m.role,
        "joined_at": m.joined_at,
    }


@router.post(
    "/workspaces/{slug}/invitations",
    response={201: InvitationOut},
)
@operation(need=Need.ADMIN)
def invitation_create(request: WorkspaceRequest, slug: Slug, payload: InvitationIn):
    """Invite someone by email; the invitation email goes out as from the web page."""
    invitation, _token = services.invitation_create(
        actor=request.user,
        workspace=request.workspace,
        email=payload.email,
        role=payload.role,
        days_valid=payload.days_valid,
    )
    return Status(201, invitation)


@router.patch("/workspaces/{slug}/members/{member_id}", response=MemberOut)
@operation(need=Need.ADMIN)
def member_update(request: WorkspaceRequest, slug: Slug, member_id: Id, payload: RoleIn):
    target = access.get_member_for(request.member, member_id)
    services.membership_change_role(
        actor=request.user, membership=target, role=payload.role, note=payload.note
    )
    return _member_out(target)


@router.delete("/workspaces/{slug}/members/{member_id}", response={204: None})
@operation(need=Need.ADMIN)
def member_remove(request: WorkspaceRequest, slug: Slug, member_id: Id):
    target = access.get_member_for(request.member, member_id)
    services.membership_remove(actor=request.user, membership=target)
    return Status(204, None)
