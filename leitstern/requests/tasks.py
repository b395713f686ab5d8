"""The requests' background work. Django's tasks have no scheduler: ``leitstern
requests_daily`` enqueues the daily run, for cron or a systemd timer."""

from __future__ import annotations

import logging

from django.tasks import task

from leitstern.requests.models import LIVE, Commitment
from leitstern.requests.selectors import risk_refresh
from leitstern.requests.selectors.accounts import person_accounts_rebuild
from leitstern.requests.selectors.revenue import rollup_refresh_all
from leitstern.workspaces.models import Workspace

log = logging.getLogger(__name__)

BATCH = 500  # live commitments computed and stored at a time


@task()
def refresh_risks() -> int:
    """Store the risk of every live commitment anew: the chance of meeting a date moves
    with each day, and with the work planned ahead of an item."""
    live = Commitment.objects.filter(
        state__in=LIVE, workspace__deletion_requested_at__isnull=True
    ).order_by("pk")
    stored, after = 0, 0
    while True:
        batch = list(live.filter(pk__gt=after)[:BATCH].values_list("pk", flat=True))
        if not batch:
            break
        stored += risk_refresh(Commitment.objects.filter(pk__in=batch))
        after = batch[-1]
    log.info("requests daily: %d commitment risks stored", stored)
    return stored


@task()
def refresh_rollups() -> int:
    """Store every workspace's revenue roll-ups anew: the services keep them as requests
    change, and a read recomputes what changed organisations touch; this run catches what
    neither sees (rows changed outside the services)."""
    stored = 0
    for workspace in Workspace.objects.filter(deletion_requested_at__isnull=True).order_by("pk"):
        stored += rollup_refresh_all(workspace)
    log.info("requests daily: %d revenue roll-ups stored", stored)
    return stored


@task()
def refresh_accounts() -> int:
    """Store every workspace's accounts looked after anew (``PersonAccount``): the services
    keep them as requests and commitments change; this run catches rows changed outside
    them."""
    stored = 0
    for workspace in Workspace.objects.filter(deletion_requested_at__isnull=True).order_by("pk"):
        stored += person_accounts_rebuild(workspace)
    log.info("requests daily: %d accounts looked after stored", stored)
    return stored
