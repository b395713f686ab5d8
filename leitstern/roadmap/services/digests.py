"""Sending a digest on demand (from the history page)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.roadmap import followers, kinds
from leitstern.roadmap.models import Roadmap


@transaction.atomic
def digest_send(*, actor: User, roadmap: Roadmap, before_change_id: int, since: date) -> int:
    """Send the roadmap's followers what changed since ``since`` (the moment of change
    ``before_change_id``) and why, after this transaction commits. Returns how many people
    it goes to; the activity log keeps who sent it."""
    from leitstern.roadmap.tasks import send_digest_now

    count = len(followers.recipients(roadmap))
    activity_record(
        workspace=roadmap.workspace,
        actor=actor,
        kind=kinds.DIGEST_SENT,
        target=roadmap,
        product=roadmap.product,
        changes={"followers": ["", str(count)]},
    )
    if count:
        transaction.on_commit(
            lambda: send_digest_now.enqueue(
                roadmap_id=roadmap.pk, before_change_id=before_change_id, since=since.isoformat()
            )
        )
    return count
