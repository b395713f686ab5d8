"""Background tasks shared by every domain."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task

log = logging.getLogger(__name__)


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email. Runs in the worker; the body may contain a secret link, so
    it is never logged."""
    sent = EmailMessage(
        subject=subject, body=body, to=to, from_email=settings.DEFAULT_FROM_EMAIL
    ).send()
    log.info("email sent: %r to %d recipient(s)", subject, len(to))
    return sent


def send_email_on_commit(*, subject: str, body: str, to: list[str]) -> None:
    """Queue an email once the current transaction commits: a rolled-back write sends
    nothing."""
    transaction.on_commit(lambda: send_email.enqueue(subject=str(subject), body=body, to=to))
