"""Forecasts' objects by a user-supplied id, only inside the member's workspace; missing,
elsewhere or beyond the member's role all answer 404. A team itself comes from
``teams.access.get_team_for``."""

from __future__ import annotations

from leitstern.core.imports.flow import jobs_for
from leitstern.core.imports.models import ImportJob
from leitstern.forecasts.importers import HISTORY
from leitstern.forecasts.models import (
    SavedForecast,
    ShareLink,
    TrackingForecast,
    WorkItem,
)
from leitstern.teams.models import Team
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need


def get_item_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> WorkItem:
    return get_object_for(member, WorkItem.objects.select_related("team"), pk, need=need)


def get_import_for(
    member: Membership, team: Team, pk: object, *, need: int = Need.EDIT
) -> ImportJob:
    """A history upload of ``team`` (404 for another team's or another importer's), without
    its file's bytes."""
    return get_object_for(member, jobs_for(HISTORY, team), pk, need=need)


def get_saved_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> SavedForecast:
    return get_object_for(
        member, SavedForecast.objects.select_related("team", "created_by"), pk, need=need
    )


def get_tracking_for(member: Membership, pk: object, *, need: int = Need.VIEW) -> TrackingForecast:
    return get_object_for(member, TrackingForecast.objects.select_related("team"), pk, need=need)


def get_share_for(member: Membership, pk: object, *, need: int = Need.EDIT) -> ShareLink:
    return get_object_for(
        member, ShareLink.objects.select_related("forecast", "tracking"), pk, need=need
    )
