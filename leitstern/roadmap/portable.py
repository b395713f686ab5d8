"""Roadmaps with their items, comments, history, snapshots, pauses, decisions, audience
views, share links and follows travel with their workspace. Share links keep their record
but not their secret: links given out by the old installation do not open on the new one."""

from __future__ import annotations

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
    StakeholderFollow,
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
portability.register(StakeholderFollow)
