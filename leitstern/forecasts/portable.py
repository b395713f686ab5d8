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
    WipLimit,
    WorkItem,
)

portability.register(WorkItem)
portability.register(TeamHistory)
portability.register(DailyCount)
portability.register(SavedForecast)
portability.register(TrackingForecast)
portability.register(TrackingPoint)
portability.register(WipLimit)
portability.register(ShareLink, secrets={"token_hash": portability.random_secret_hash})
