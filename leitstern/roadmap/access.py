"""The roadmap's objects by a user-supplied id, only inside the member's workspace; missing,
elsewhere or beyond the member's role all answer 404. Pages and the API use the same
lookups. Each model names its way to the workspace once (``workspace_path``)."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from leitstern.roadmap.models import (
    Audience,
    AudienceLink,
    Decision,
    Pause,
    Roadmap,
    RoadmapItem,
    Snapshot,
)
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def _get[M: Model](member: Membership, queryset: QuerySet[M], pk: object, need: int) -> M:
    return get_object_for(member, queryset, pk, need=need)


def get_roadmap_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Roadmap:
    return _get(member, Roadmap.objects.select_related("workspace", "product"), pk, need)


def get_item_for(
    member: Membership,
    pk: object,
    *,
    need: int = Need.VIEW,
    roadmap: Roadmap | None = None,
) -> RoadmapItem:
    """An item; with ``roadmap``, only an item of that roadmap."""
    items = RoadmapItem.objects.select_related(
        "roadmap__workspace", "roadmap__product", "team", "owner", "decided_by"
    )
    if roadmap is not None:
        items = items.filter(roadmap=roadmap)
    return _get(member, items, pk, need)


def get_snapshot_for(
    member: Membership, pk: object, *, roadmap: Roadmap, need: int = Need.VIEW
) -> Snapshot:
    return _get(member, Snapshot.objects.filter(roadmap=roadmap), pk, need)


def get_pause_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Pause:
    return _get(member, Pause.objects.select_related("roadmap__workspace", "roadmap__product"),
                pk, need)  # fmt: skip


def get_decision_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Decision:
    decisions = Decision.objects.select_related(
        "roadmap__workspace", "roadmap__product", "decided_by"
    )
    return _get(member, decisions, pk, need)


def get_audience_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> Audience:
    return _get(member, Audience.objects.select_related("workspace"), pk, need)


def get_link_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> AudienceLink:
    return _get(member, AudienceLink.objects.select_related("audience__workspace"), pk, need)
