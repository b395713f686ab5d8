"""Audience views and their share links in the roadmap API: views (list, add, read, edit with
If-Match, delete) and a view's read-only links (list, create with the address shown once,
revoke)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Limit, Offset, Slug, sent
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.roadmap import services
from leitstern.roadmap.access import get_audience_for, get_link_for, get_roadmap_for
from leitstern.roadmap.api.common import API_NAMES, W, all_related_for
from leitstern.roadmap.models import Audience, AudienceLink, Roadmap
from leitstern.roadmap.schemas import (
    AudienceIn,
    AudienceOut,
    AudiencePatch,
    ShareLinkCreatedOut,
    ShareLinkIn,
    ShareLinkOut,
)
from leitstern.workspaces.models import Membership, Need

router = Router()


def _audience_out(audience: Audience) -> dict:
    return {
        "id": audience.pk,
        "name": audience.name,
        "preset": audience.preset,
        "description": audience.description,
        "item_fields": audience.item_fields,
        "horizons": audience.horizons,
        "levels": audience.levels,
        "include_internal": audience.include_internal,
        "roadmap_ids": sorted(r.pk for r in audience.roadmaps.all()),
        "version": audience.version,
    }


def _roadmaps_of(member: Membership, ids: list[int]) -> list[Roadmap]:
    return all_related_for(member, get_roadmap_for, ids, "roadmap_ids")


@router.get(W + "/roadmap-audiences", response=list[AudienceOut])
@operation(need=Need.VIEW)
def audience_list(
    request: WorkspaceRequest,
    slug: Slug,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """The workspace's audience views by name; paged."""
    audiences = (
        Audience.objects.filter(workspace=request.workspace)
        .prefetch_related("roadmaps")
        .order_by("name", "id")
    )
    return [_audience_out(a) for a in audiences[offset : offset + limit]]


@router.post(W + "/roadmap-audiences", response={201: AudienceOut})
@operation(need=Need.EDIT)
def audience_create(request: WorkspaceRequest, slug: Slug, payload: AudienceIn):
    """An audience view; fields, horizons, levels and whether internal items show come
    from the preset unless sent. The name is unique in the workspace (422 otherwise)."""
    audience = services.audience_create(
        actor=request.user,
        workspace=request.workspace,
        name=payload.name,
        preset=payload.preset,
        description=payload.description,
        item_fields=payload.item_fields,
        horizons=payload.horizons,
        levels=payload.levels,
        include_internal=payload.include_internal,
        roadmaps=_roadmaps_of(request.member, payload.roadmap_ids),
    )
    return Status(201, _audience_out(audience))


@router.get(W + "/roadmap-audiences/{audience_id}", response=AudienceOut)
@operation(need=Need.VIEW)
def audience_detail(request: WorkspaceRequest, slug: Slug, audience_id: Id, response: HttpResponse):
    audience = get_audience_for(request.member, audience_id)
    tag(response, audience.version)
    return _audience_out(audience)


@router.patch(
    W + "/roadmap-audiences/{audience_id}",
    response={200: AudienceOut, 409: conflict_schema(AudienceOut)},
)
@operation(need=Need.EDIT)
def audience_update(
    request: WorkspaceRequest,
    slug: Slug,
    audience_id: Id,
    payload: AudiencePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those; 409 on a field someone else changed since
    the version named."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    changes = sent(payload, services.AudienceChanges)
    if "roadmap_ids" in payload.model_fields_set:
        changes["roadmaps"] = _roadmaps_of(request.member, payload.roadmap_ids)
    try:
        services.audience_update(actor=request.user, audience=audience, version=version, **changes)
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict, _audience_out(Audience.objects.get(pk=audience.pk)), names=API_NAMES
        )
    tag(response, audience.version)
    return _audience_out(Audience.objects.get(pk=audience.pk))


@router.delete(W + "/roadmap-audiences/{audience_id}", response={204: None})
@operation(need=Need.EDIT)
def audience_delete(request: WorkspaceRequest, slug: Slug, audience_id: Id):
    """Delete the view; its share links stop working."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    services.audience_delete(actor=request.user, audience=audience)
    return Status(204, None)


@router.get(W + "/roadmap-audiences/{audience_id}/links", response=list[ShareLinkOut])
@operation(need=Need.EDIT)
def link_list(
    request: WorkspaceRequest,
    slug: Slug,
    audience_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """The view's share links, newest first (their addresses are never shown again)."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    return audience.links.order_by("-created_at", "-id")[offset : offset + limit]


@router.post(W + "/roadmap-audiences/{audience_id}/links", response={201: ShareLinkCreatedOut})
@operation(need=Need.EDIT)
def link_create(request: WorkspaceRequest, slug: Slug, audience_id: Id, payload: ShareLinkIn):
    """A read-only link to the view, opened without signing in, valid ``days`` days. Its
    address (``url``) is in this answer only: just a hash of it is stored."""
    audience = get_audience_for(request.member, audience_id, need=Need.EDIT)
    link, raw = services.link_create(
        actor=request.user, audience=audience, days=payload.days, label=payload.label
    )
    link.url = _share_url(request, raw)  # type: ignore[attr-defined]  # answered once
    return Status(201, link)


def _share_url(request: HttpRequest, raw: str) -> str:
    return request.build_absolute_uri(reverse("roadmap_share:view", args=[raw]))


@router.post(W + "/roadmap-links/{link_id}/revoke", response=ShareLinkOut)
@operation(need=Need.EDIT)
def link_revoke(request: WorkspaceRequest, slug: Slug, link_id: Id):
    """The link stops working at once; revoking it again changes nothing."""
    link = get_link_for(request.member, link_id, need=Need.EDIT)
    services.link_revoke(actor=request.user, link=link)
    return AudienceLink.objects.get(pk=link.pk)
