"""The roadmap's kinds of activity entries, named in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from leitstern.activity import kinds

ROADMAP_CREATED = kinds.register("roadmap.created", _("started a roadmap"))
ROADMAP_UPDATED = kinds.register("roadmap.updated", _("changed a roadmap's settings"))
ITEM_ADDED = kinds.register("roadmap.item.added", _("added a roadmap item"))
ITEM_MOVED = kinds.register("roadmap.item.moved", _("moved a roadmap item"))
ITEM_REORDERED = kinds.register("roadmap.item.reordered", _("reordered a roadmap item"))
ITEM_CHANGED = kinds.register("roadmap.item.changed", _("changed a roadmap item"))
ITEM_REMOVED = kinds.register("roadmap.item.removed", _("removed a roadmap item"))
ITEM_RESTORED = kinds.register("roadmap.item.restored", _("restored a roadmap item"))
COMMENTED = kinds.register("roadmap.item.commented", _("commented on a roadmap item"))
SNAPSHOT_TAKEN = kinds.register("roadmap.snapshot", _("took a roadmap snapshot"))
PAUSE_CREATED = kinds.register("roadmap.pause.created", _("planned a consolidation period"))
PAUSE_UPDATED = kinds.register("roadmap.pause.updated", _("changed a consolidation period"))
PAUSE_DELETED = kinds.register("roadmap.pause.deleted", _("deleted a consolidation period"))
DECISION_LOGGED = kinds.register("roadmap.decision.created", _("logged a decision"))
DECISION_UPDATED = kinds.register("roadmap.decision.updated", _("changed a decision"))
AUDIENCE_CREATED = kinds.register("roadmap.audience.created", _("created an audience view"))
AUDIENCE_UPDATED = kinds.register("roadmap.audience.updated", _("changed an audience view"))
AUDIENCE_DELETED = kinds.register("roadmap.audience.deleted", _("deleted an audience view"))
LINK_CREATED = kinds.register("roadmap.link.created", _("shared an audience view"))
LINK_REVOKED = kinds.register("roadmap.link.revoked", _("revoked a share link"))
DIGEST_SENT = kinds.register("roadmap.digest", _("sent a roadmap digest"))
IMPORTED = kinds.register("roadmap.imported", _("imported roadmap items"))

kinds.register_field("why", _("why"))
kinds.register_field("horizon", _("horizon"))
kinds.register_field("position", _("position"))
kinds.register_field("followers", _("followers"))
