"""Finished-work history, saved and tracking forecasts and share links travel with their
workspace. Share links keep their record but not their secret: links given out by the old
installation do not open on the new one."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.forecasts.models import (
    DailyCount,
    SavedForecast,
    ShareLink,
    TeamHistory,
    TrackingForecast,
    TrackingPoint,
    WorkItem,
)

portability.register(WorkItem, workspace="team__workspace")
portability.register(TeamHistory, workspace="team__workspace")
portability.register(DailyCount, workspace="team__workspace")
portability.register(SavedForecast, workspace="team__workspace")
portability.register(TrackingForecast, workspace="team__workspace")
portability.register(TrackingPoint, workspace="tracking__team__workspace")
portability.register(
    ShareLink, workspace="workspace", secrets={"token_hash": portability.random_secret_hash}
)
