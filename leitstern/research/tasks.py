"""Research's background work. Django's tasks have no scheduler: ``leitstern
research_daily`` enqueues the daily runs and ``leitstern research_weekly`` the weekly
reminder, for cron or a systemd timer."""

from __future__ import annotations

from django.tasks import task

from leitstern.research.services.expiry import consents_flag_expiring
from leitstern.research.services.reminders import reminders_send
from leitstern.research.services.retention import retention_apply


@task
def flag_expiring_consents() -> int:
    """Flag consents that expire soon and tell the editors whose to renew."""
    return consents_flag_expiring()


@task
def apply_retention() -> list[int]:
    """Delete transcripts, recordings and notes past the workspaces' retention periods."""
    attachments, notes = retention_apply()
    return [attachments, notes]


@task
def send_weekly_reminders() -> int:
    """Remind interviewers behind their goal, gently, once a week."""
    return reminders_send()
