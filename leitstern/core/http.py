"""Typed requests, so views say what they can rely on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from leitstern.accounts.models import User
    from leitstern.workspaces.models import Membership, Workspace


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


class WorkspaceRequest(AuthenticatedRequest):
    member: Membership
    workspace: Workspace
