"""The activity log: who changed what, when, and why."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityEntryQuerySet(models.QuerySet["ActivityEntry"]):
    def visible_to(self, member) -> ActivityEntryQuerySet:
        """The entries of ``member``'s workspace their role may see (``kinds.register``'s
        ``need``)."""
        from leitstern.activity import kinds
        from leitstern.workspaces.models import ROLE_LEVEL

        entries = self.filter(workspace=member.workspace_id)
        hidden = kinds.hidden_from(ROLE_LEVEL[member.role])
        return entries.exclude(kind__in=hidden) if hidden else entries


class ActivityEntry(models.Model):
    """One recorded change. ``changes`` maps a field name to ``[old, new]`` as text;
    ``target_label`` keeps the object's name as it was, so the log stays readable after the
    object is renamed or deleted."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="activity"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Set when the actor deleted their account: the entry then reads "deleted user",
    # while an entry without actor and without this mark was written by Leitstern itself.
    actor_deleted = models.BooleanField(default=False)
    product = models.ForeignKey(
        "products.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    target_type = models.CharField(max_length=64)
    target_id = models.BigIntegerField(null=True)
    target_label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ActivityEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-created_at"]),
            # The log filtered by product (and a product's page) or by person, newest first
            # and counted, without reading every entry of the workspace.
            models.Index(
                fields=["workspace", "product", "-created_at"], name="activity_product_recent"
            ),
            models.Index(
                fields=["workspace", "actor", "-created_at"], name="activity_actor_recent"
            ),
            # The entries about one object (relabelled when a person is erased).
            models.Index(fields=["target_type", "target_id"], name="activity_target"),
        ]
        verbose_name = _("activity entry")
        verbose_name_plural = _("activity entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.target_label}"

    @property
    def actor_display(self) -> str:
        """Who to name: the person, "Deleted user" after an account deletion, else
        "Leitstern" for what the scheduled commands did."""
        if self.actor is not None:
            return str(self.actor)
        return str(_("Deleted user") if self.actor_deleted else _("Leitstern"))
