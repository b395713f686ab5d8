"""Editors add stakeholders as followers of a roadmap or an audience view (and take them
off again): the digest then reaches them too."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leitstern.core.http import WorkspaceRequest
from leitstern.roadmap import followers, services
from leitstern.roadmap.access import get_audience_for
from leitstern.roadmap.models import Audience, Roadmap
from leitstern.roadmap.views.common import get_roadmap
from leitstern.stakeholders import following as stakeholder_following
from leitstern.stakeholders.access import get_stakeholder_for
from leitstern.workspaces import access
from leitstern.workspaces.models import Need


def stakeholder_followers(request: WorkspaceRequest, target: Roadmap | Audience) -> dict:
    """The follower section's context: for editors, the stakeholders who follow ``target``
    and those that can still be added (names are for editors only)."""
    if not request.member.can_edit:
        return {"stakeholder_follows": [], "followable_stakeholders": []}
    follows = followers.stakeholders_of(target)
    taken = {f.stakeholder_id for f in follows}
    choices = [s for s in stakeholder_following.followable(request.member) if s.pk not in taken]
    members_only = isinstance(target, Roadmap)
    if members_only:
        # A whole roadmap's digest is for members; others follow an audience view. A
        # follow kept from before this rule is listed as getting nothing.
        members = followers.member_addresses(
            target.workspace_id, [s.email for s in choices] + [f.stakeholder.email for f in follows]
        )
        choices = [s for s in choices if s.email.strip().lower() in members]
        for follow in follows:
            follow.silent = follow.stakeholder.email.strip().lower() not in members
    return {
        "stakeholder_follows": follows,
        "followable_stakeholders": choices,
        "stakeholders_members_only": members_only,
    }


def _set(request: WorkspaceRequest, **target: Roadmap | Audience) -> None:
    following = request.POST.get("following", "1") != "0"
    chosen = request.POST.get("stakeholder", "")
    if not chosen:
        messages.error(request, _("Choose a stakeholder."))
        return
    stakeholder = get_stakeholder_for(request.member, chosen)
    try:
        services.stakeholder_follow_set(
            actor=request.user, stakeholder=stakeholder, following=following, **target
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    if following:
        messages.success(request, _("%(name)s now gets the digest.") % {"name": stakeholder.name})
    else:
        messages.success(
            request, _("%(name)s no longer gets the digest.") % {"name": stakeholder.name}
        )


@require_POST
@access.workspace_view(need=Need.EDIT)
def roadmap_stakeholder_follow(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Add (or with ``following=0`` remove) a stakeholder following the roadmap."""
    roadmap = get_roadmap(request, pk, Need.EDIT)
    _set(request, roadmap=roadmap)
    return redirect("roadmap:board", slug=request.workspace.slug, pk=roadmap.pk)


@require_POST
@access.workspace_view(need=Need.EDIT)
def audience_stakeholder_follow(request: WorkspaceRequest, pk: int) -> HttpResponse:
    """Add (or with ``following=0`` remove) a stakeholder following the audience view."""
    audience = get_audience_for(request.member, pk, need=Need.EDIT)
    _set(request, audience=audience)
    return redirect("roadmap:audience", slug=request.workspace.slug, pk=audience.pk)
