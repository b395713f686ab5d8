"""Roadmaps with their items, comments, history, snapshots, pauses, decisions, audience
views, share links and follows travel with their workspace. Share links keep their record
but not their secret: links given out by the old installation do not open on the new one."""

from __future__ import annotations

from django.db.models import Max

from leitstern.core import portability
from leitstern.roadmap.models import (
    Audience,
    AudienceLink,
    Decision,
    Follow,
    ItemChange,
    ItemComment,
    Pause,
    Roadmap,
    RoadmapItem,
    Snapshot,
)

portability.register(Roadmap)
portability.register(RoadmapItem)
portability.register(ItemComment)
portability.register(ItemChange)
portability.register(Snapshot)
portability.register(Pause)
portability.register(Decision)
portability.register(Audience)
portability.register(AudienceLink, secrets={"token_hash": portability.random_secret_hash})
portability.register(Follow)


def _snapshot_marks(workspace) -> None:
    """A snapshot names the last change it includes by id, and the import gives changes new
    ids: each snapshot points again at its roadmap's last change up to when it was taken."""
    for snapshot in Snapshot.objects.filter(roadmap__workspace=workspace):
        last = ItemChange.objects.filter(
            roadmap_id=snapshot.roadmap_id, at__lte=snapshot.taken_at
        ).aggregate(last=Max("id"))["last"]
        Snapshot.objects.filter(pk=snapshot.pk).update(last_change_id=last or 0)


portability.after_import(_snapshot_marks)
