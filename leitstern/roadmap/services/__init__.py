"""Every write of the roadmap, by topic. Views, the API, imports, the demo and the
large-workspace generator call these, never the models' ``save``."""

from leitstern.roadmap.services.audiences import (
    AudienceChanges,
    audience_create,
    audience_delete,
    audience_update,
    digest_link_create,
    follow_set,
    link_create,
    link_resolve,
    link_revoke,
)
from leitstern.roadmap.services.digests import digest_send
from leitstern.roadmap.services.following import stakeholder_follow_set
from leitstern.roadmap.services.items import (
    ItemFields,
    RoadmapChanges,
    comment_add,
    item_create,
    item_move,
    item_remove,
    item_restore,
    item_step,
    item_update,
    roadmap_create,
    roadmap_update,
)
from leitstern.roadmap.services.plans import (
    DecisionChanges,
    PauseChanges,
    decision_create,
    decision_update,
    pause_create,
    pause_delete,
    pause_update,
    snapshot_take,
)

__all__ = [
    "AudienceChanges",
    "DecisionChanges",
    "ItemFields",
    "PauseChanges",
    "RoadmapChanges",
    "audience_create",
    "audience_delete",
    "audience_update",
    "comment_add",
    "decision_create",
    "decision_update",
    "digest_link_create",
    "digest_send",
    "follow_set",
    "item_create",
    "item_move",
    "item_remove",
    "item_restore",
    "item_step",
    "item_update",
    "link_create",
    "link_resolve",
    "link_revoke",
    "pause_create",
    "pause_delete",
    "pause_update",
    "roadmap_create",
    "roadmap_update",
    "snapshot_take",
    "stakeholder_follow_set",
]
