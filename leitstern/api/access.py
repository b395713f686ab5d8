"""The API's door into the access module: a token reaches only its own workspace."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from leitstern.api.auth import token_workspace_slug
from leitstern.workspaces import access
from leitstern.workspaces.models import Membership, Need

NEEDS = {"view": Need.VIEW, "contribute": Need.CONTRIBUTE, "edit": Need.EDIT, "admin": Need.ADMIN}


def api_member(request: HttpRequest, slug: str, need: str) -> Membership:
    scoped = token_workspace_slug(request)
    if scoped is not None and scoped != slug:
        raise Http404
    return access.membership_for(request.user, slug, need=NEEDS[need])
