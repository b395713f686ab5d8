"""The living document: every change to an item, with why, who and when, and named
snapshots to compare against.

Each ``ItemChange`` keeps the item's state *after* the change (title, horizon, status,
confidence …). The roadmap as it stood at any moment is therefore the last change of each
item up to that moment, and "what changed between A and B" needs only the items with a
change between them: their last change up to A and up to B. A moment is named by a change
id (every change of a roadmap has a larger id than the ones before it), a date by the last
change before its end, a snapshot by the last change when it was taken. See
``selectors.compare`` and docs/roadmap.md."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    ADDED = "added", _("added")
    MOVED = "moved", _("moved")
    REORDERED = "reordered", _("reordered")
    REWORDED = "reworded", _("reworded")
    CONFIDENCE = "confidence", _("confidence changed")
    STATUS = "status", _("status changed")
    RESCHEDULED = "rescheduled", _("rescheduled")
    EDITED = "edited", _("edited")
    REMOVED = "removed", _("removed")
    RESTORED = "restored", _("restored")


# The item's fields each change row keeps as they are after the change.
STATE_FIELDS = (
    "title",
    "outcome",
    "horizon",
    "status",
    "confidence",
    "level",
    "visibility",
    "window_start",
    "window_end",
    "hard_date",
    "team_id",
    "position",
    "removed",
)


def state_key(
    *,
    title: str,
    outcome: str,
    horizon: str,
    status: str,
    confidence: int | None,
    level: str,
    visibility: str,
    window_start: date | None,
    window_end: date | None,
    hard_date: date | None,
    removed: bool,
    **_other: Any,
) -> str:
    """What "what changed" compares of a state, in one short text: horizon, level,
    visibility, removed, status, confidence, the time window and hard date, and a 64-bit
    digest of the wording (title and outcome). Kept in an index with each change, so a
    comparison reads an item's earlier state from the index alone (``selectors.history``)."""
    wording = hashlib.blake2b(f"{title}\x00{outcome}".encode(), digest_size=8).hexdigest()
    return "|".join(
        (
            horizon,
            level,
            visibility,
            "1" if removed else "0",
            status,
            "" if confidence is None else str(confidence),
            window_start.isoformat() if window_start else "",
            window_end.isoformat() if window_end else "",
            hard_date.isoformat() if hard_date else "",
            wording,
        )
    )


# The parts of a state key, by position.
KEY_HORIZON, KEY_LEVEL, KEY_VISIBILITY, KEY_REMOVED, KEY_STATUS, KEY_CONFIDENCE = range(6)
KEY_SCHEDULE = slice(6, 9)
KEY_WORDING = 9
KEY_COUNT = 10  # parts in all
STATE_KEY_LENGTH = 120


class ItemChangeManager(models.Manager["ItemChange"]):
    def bulk_create(self, objs: Iterable[ItemChange], *args: Any, **kwargs: Any):  # type: ignore[override]  # same signature, keys filled first
        objs = list(objs)
        for change in objs:
            change.fill_state_key()
        return super().bulk_create(objs, *args, **kwargs)


class ItemChange(models.Model):
    roadmap = models.ForeignKey("roadmap.Roadmap", on_delete=models.CASCADE, related_name="changes")
    item = models.ForeignKey(
        "roadmap.RoadmapItem", on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChangeKind.choices)
    why = models.TextField(_("why"), blank=True)
    # {field: [old, new]} as text, like the activity log.
    changes = models.JSONField(default=dict, blank=True)
    # Counted in reports: why the change went over the limit of Now, or scheduled the item
    # into a consolidation period (empty when it did neither).
    limit_reason = models.TextField(_("why over the limit of Now"), blank=True)
    pause_reason = models.TextField(_("why during a consolidation period"), blank=True)
    # The item as it is after this change.
    title = models.CharField(max_length=200)
    outcome = models.TextField(blank=True)
    horizon = models.CharField(max_length=10)
    status = models.CharField(max_length=12)
    confidence = models.PositiveSmallIntegerField(null=True)  # as shown (horizon default)
    level = models.CharField(max_length=10)
    visibility = models.CharField(max_length=10)
    window_start = models.DateField(null=True)
    window_end = models.DateField(null=True)
    hard_date = models.DateField(null=True)
    team_id = models.BigIntegerField(null=True)
    position = models.FloatField(default=0.0)
    removed = models.BooleanField(default=False)
    # ``state_key(...)`` of the state above, always derived from it (on save and on bulk
    # creation, also of imported rows): never set by hand.
    state_key = models.CharField(max_length=STATE_KEY_LENGTH, default="", editable=False)

    objects = ItemChangeManager()

    workspace_path = "roadmap__workspace"

    class Meta:
        ordering = ["-id"]
        # Workspace imports create rows through the base manager: it fills the keys too.
        base_manager_name = "objects"
        indexes = [
            # The last change of each item up to a moment, with what a comparison reads of
            # it: grouped by item within a roadmap.
            models.Index(
                fields=["roadmap", "item", "id", "state_key"], name="roadmap_change_item_key"
            ),
            models.Index(fields=["roadmap", "id"], name="roadmap_change_order"),
            # The last change before a moment (a day's end): one seek, not a scan.
            models.Index(fields=["roadmap", "at", "id"], name="roadmap_change_at"),
        ]
        verbose_name = _("roadmap change")
        verbose_name_plural = _("roadmap changes")

    def __str__(self) -> str:
        return f"{self.kind} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_state_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(KEY_FIELDS):
            kwargs["update_fields"] = {*update_fields, "state_key"}
        super().save(*args, **kwargs)

    def fill_state_key(self) -> None:
        self.state_key = state_key(**{name: getattr(self, name) for name in KEY_FIELDS})


KEY_FIELDS = (
    "title", "outcome", "horizon", "status", "confidence", "level", "visibility",
    "window_start", "window_end", "hard_date", "removed",
)  # fmt: skip


class Snapshot(models.Model):
    """A named moment of a roadmap ("Q3 review") to compare today with. It holds no copy:
    the roadmap at ``last_change_id`` is reconstructed from the change rows."""

    roadmap = models.ForeignKey(
        "roadmap.Roadmap", on_delete=models.CASCADE, related_name="snapshots"
    )
    name = models.CharField(_("name"), max_length=120)
    note = models.TextField(_("note"), blank=True)
    taken_at = models.DateTimeField(_("taken at"))
    # The last change the snapshot includes (none: the roadmap had no change yet). A key,
    # not a number, so a workspace export and import keeps it pointing at the same change.
    last_change = models.ForeignKey(
        ItemChange, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+",
    )  # fmt: skip
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    workspace_path = "roadmap__workspace"

    class Meta:
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "name"],
                name="unique_snapshot_name",
                violation_error_message=_("This roadmap has a snapshot of that name already."),
            )
        ]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return self.name
