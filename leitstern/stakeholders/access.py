"""Stakeholder objects by a user-supplied id, only inside the member's workspace and only
what the member may see (404 otherwise). Every lookup needs at least the editor's role:
contributors and viewers see no stakeholder analysis at all. A private stakeholder — and
anything hanging off them (ties, conversations, plan rows) — is found only by its keeper."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from leitstern.stakeholders.models import Conversation, Influence, PlanItem, Stakeholder, Theme
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def _seen(member: Membership):
    return Stakeholder.objects.visible_to(member)


def get_stakeholder_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> Stakeholder:
    return get_object_for(
        member,
        _seen(member).select_related("workspace", "reports_to", "member", "relationship_owner"),
        pk,
        need=max(need, Need.EDIT),
    )


def get_erasable_for(member: Membership, pk: object) -> Stakeholder:
    """A stakeholder the member may erase: any they see for owners, their own private ones
    for the keeper."""
    stakeholder = get_stakeholder_for(member, pk)
    if not stakeholder.erasable_by(member):
        raise Http404
    return stakeholder


def get_theme_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> Theme:
    return get_object_for(
        member,
        Theme,
        pk,
        need=max(need, Need.EDIT),
    )


def get_influence_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> Influence:
    seen = _seen(member)
    ties = Influence.objects.filter(influencer__in=seen, listener__in=seen).select_related(
        "influencer", "listener", "workspace"
    )
    return get_object_for(
        member,
        ties,
        pk,
        need=max(need, Need.EDIT),
    )


def get_conversation_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> Conversation:
    conversations = Conversation.objects.filter(stakeholder__in=_seen(member)).select_related(
        "stakeholder__workspace"
    )
    return get_object_for(
        member,
        conversations,
        pk,
        need=max(need, Need.EDIT),
    )


def get_plan_item_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> PlanItem:
    items = PlanItem.objects.filter(
        Q(stakeholder__isnull=True) | Q(stakeholder__in=_seen(member))
    ).select_related("stakeholder", "owner", "workspace")
    return get_object_for(
        member,
        items,
        pk,
        need=max(need, Need.EDIT),
    )
