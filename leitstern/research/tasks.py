"""Research's background work. Django's tasks have no scheduler: ``leitstern
research_daily`` enqueues the daily run, for cron or a systemd timer."""

from __future__ import annotations

from django.tasks import task

from leitstern.research.services.expiry import consents_flag_expiring


@task
def flag_expiring_consents() -> int:
    """Flag consents that expire soon and tell the editors whose to renew."""
    return consents_flag_expiring()
