"""The daily recomputation. A tracking forecast's first point is a task next to the service
that enqueues it (``services/tracking.py``); uploads run through the kernel's import flow
(``core.imports``)."""

from __future__ import annotations

import logging

from django.tasks import task

from leitstern.forecasts.models import SavedForecast, TrackingForecast
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import saved_forecast_score, tracking_refresh

log = logging.getLogger(__name__)


@task()
def daily() -> dict[str, int]:
    """Recompute every tracking forecast and score every saved forecast that came due."""
    refreshed = scored = 0
    # A workspace scheduled for deletion rests: nobody should get new numbers or scores for it.
    live = {"team__workspace__deletion_requested_at__isnull": True}
    for tracking in TrackingForecast.objects.filter(**live).select_related("team__workspace"):
        try:
            refreshed += tracking_refresh(tracking=tracking) is not None
        except Exception:  # one broken forecast must not stop the others
            log.exception("tracking forecast %s could not be refreshed", tracking.pk)
    for forecast in SavedForecast.objects.filter(scored_at__isnull=True, **live).select_related(
        "team"
    ):
        scored += saved_forecast_score(forecast=forecast)
    log.info(
        "daily forecasts: %d tracking refreshed, %d saved scored (%s)", refreshed, scored, today()
    )
    return {"refreshed": refreshed, "scored": scored}
