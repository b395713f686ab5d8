from __future__ import annotations

from typing import Any

from leitstern.forecasts.models import SavedForecast, TrackingForecast, WorkItem
from leitstern.teams.models import Team
from leitstern.workspaces import access
from leitstern.workspaces.models import Membership, Need


def team_for(member: Membership, pk: Any, *, need: int = Need.VIEW) -> Team:
    return access.get_object_for(member, Team, pk, need=need)


def item_for(member: Membership, pk: Any, *, need: int = Need.EDIT) -> WorkItem:
    return access.get_object_for(
        member, WorkItem.objects.select_related("team"), pk, need=need, scope="team__workspace"
    )


def saved_for(member: Membership, pk: Any, *, need: int = Need.VIEW) -> SavedForecast:
    return access.get_object_for(
        member,
        SavedForecast.objects.select_related("team", "created_by"),
        pk,
        need=need,
        scope="team__workspace",
    )


def tracking_for(member: Membership, pk: Any, *, need: int = Need.VIEW) -> TrackingForecast:
    return access.get_object_for(
        member,
        TrackingForecast.objects.select_related("team"),
        pk,
        need=need,
        scope="team__workspace",
    )
