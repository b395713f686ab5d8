"""Stakeholders who follow a roadmap or an audience view: the digest about it reaches
them as it reaches members who follow. The roadmap owns the link (the later side of the
evidence chain owns the key); erasing the stakeholder removes it with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StakeholderFollow(models.Model):
    """A stakeholder following a roadmap or an audience view, added by an editor. Exactly
    one of ``roadmap`` and ``audience`` is set."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("stakeholder"),
    )
    roadmap = models.ForeignKey(
        "roadmap.Roadmap",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stakeholder_follows",
    )
    audience = models.ForeignKey(
        "roadmap.Audience",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stakeholder_follows",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "workspace"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(roadmap__isnull=False, audience__isnull=True)
                    | models.Q(roadmap__isnull=True, audience__isnull=False)
                ),
                name="stakeholder_follow_one_thing",
            ),
            models.UniqueConstraint(
                fields=["stakeholder", "roadmap"],
                condition=models.Q(roadmap__isnull=False),
                name="stakeholder_follows_roadmap_once",
            ),
            models.UniqueConstraint(
                fields=["stakeholder", "audience"],
                condition=models.Q(audience__isnull=False),
                name="stakeholder_follows_audience_once",
            ),
        ]
        verbose_name = _("stakeholder following")
        verbose_name_plural = _("stakeholders following")

    def __str__(self) -> str:
        # Without the name: a stakeholder's name is personal data.
        return f"{self._meta.verbose_name} {self.pk}"
