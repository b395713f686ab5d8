from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from leitstern.api.access import api_member
from leitstern.api.api import need
from leitstern.api.auth import token_workspace_slug
from leitstern.workspaces.models import Membership

router = Router(tags=["workspaces"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    language: str


class WorkspaceOut(Schema):
    slug: str
    name: str
    role: str


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    email: str
    role: str
    joined_at: datetime


@router.get("/me", response=MeOut, openapi_extra=need("login"))
def me(request: HttpRequest):
    user = request.user
    return {"id": user.pk, "email": user.email, "name": user.name, "language": user.language}


@router.get("/workspaces", response=list[WorkspaceOut], openapi_extra=need("login"))
def workspace_list(request: HttpRequest):
    memberships = Membership.objects.filter(user=request.user).select_related("workspace")
    scoped = token_workspace_slug(request)
    if scoped is not None:
        memberships = memberships.filter(workspace__slug=scoped)
    return [
        {"slug": m.workspace.slug, "name": m.workspace.name, "role": m.role} for m in memberships
    ]


@router.get("/workspaces/{slug}", response=WorkspaceOut, openapi_extra=need("view"))
def workspace_detail(request: HttpRequest, slug: str):
    member = api_member(request, slug, "view")
    return {"slug": member.workspace.slug, "name": member.workspace.name, "role": member.role}


@router.get("/workspaces/{slug}/members", response=list[MemberOut], openapi_extra=need("view"))
def member_list(request: HttpRequest, slug: str):
    member = api_member(request, slug, "view")
    memberships = member.workspace.memberships.select_related("user").order_by("user__name")
    return [
        {
            "id": m.pk,
            "user_id": m.user_id,
            "name": m.user.name,
            "email": m.user.email,
            "role": m.role,
            "joined_at": m.joined_at,
        }
        for m in memberships
    ]
