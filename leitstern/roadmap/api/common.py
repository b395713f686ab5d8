"""What the roadmap API's topic modules share: the path prefix, the names the API gives related
objects in a conflict's answer, and objects named by id in a body (422 naming the field for
anyone or anything outside the workspace)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from leitstern.workspaces.models import Membership

W = "/workspaces/{slug}"

# The API names related objects by id.
API_NAMES = {
    "owner": "owner_id",
    "team": "team_id",
    "key_results": "key_result_ids",
    "objectives": "objective_ids",
    "opportunities": "opportunity_ids",
    "hypotheses": "hypothesis_ids",
    "decided_by": "decided_by_id",
    "items": "item_ids",
    "roadmaps": "roadmap_ids",
}


def member_user(member: Membership, user_id: int | None, field: str):
    """A member of the workspace by user id (422 naming ``field`` for anyone else)."""
    if user_id is None:
        return None
    found = Membership.objects.filter(workspace=member.workspace, user_id=user_id).first()
    if found is None:
        raise ValidationError({field: _("Choose a member of this workspace.")})
    return found.user


def related_for(member: Membership, lookup, pk: int | None, field: str):
    """An object of the workspace by an id sent in a body; 422 naming ``field`` for an id
    that is missing or elsewhere (a body's id is input, not an address)."""
    if pk is None:
        return None
    try:
        return lookup(member, pk)
    except Http404:
        raise ValidationError(
            {field: _("No such object in this workspace: %(id)s.") % {"id": pk}}
        ) from None


def all_related_for(member: Membership, lookup, ids: list[int], field: str) -> list:
    return [related_for(member, lookup, pk, field) for pk in dict.fromkeys(ids)]
