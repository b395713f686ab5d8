"""Roadmap: a product's living outcome roadmap (Now / Next / Later, set-aside items, a
timeline), its history with reasons and snapshots, consolidation periods, a decision log,
audience views with share links, and follows for digests."""

from leitstern.roadmap.models.audiences import (
    ALL_FIELDS,
    PRESETS,
    Audience,
    AudienceLink,
    Follow,
    Preset,
    ViewField,
)
from leitstern.roadmap.models.following import StakeholderFollow
from leitstern.roadmap.models.history import STATE_FIELDS, ChangeKind, ItemChange, Snapshot
from leitstern.roadmap.models.items import (
    DEFAULT_CONFIDENCE,
    HORIZON_ORDER,
    PLANNED,
    SET_ASIDE,
    HardDateKind,
    Horizon,
    ItemComment,
    Level,
    Roadmap,
    RoadmapItem,
    Size,
    Status,
    Visibility,
    normalize_tags,
)
from leitstern.roadmap.models.plans import Decision, Pause, PauseKind

__all__ = [
    "ALL_FIELDS",
    "DEFAULT_CONFIDENCE",
    "HORIZON_ORDER",
    "PLANNED",
    "PRESETS",
    "SET_ASIDE",
    "STATE_FIELDS",
    "Audience",
    "AudienceLink",
    "ChangeKind",
    "Decision",
    "Follow",
    "HardDateKind",
    "Horizon",
    "ItemChange",
    "ItemComment",
    "Level",
    "Pause",
    "PauseKind",
    "Preset",
    "Roadmap",
    "RoadmapItem",
    "Size",
    "Snapshot",
    "StakeholderFollow",
    "Status",
    "ViewField",
    "Visibility",
    "normalize_tags",
]
