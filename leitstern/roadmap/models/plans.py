"""The power of the pause: consolidation periods and the decision log of a roadmap."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class PauseKind(models.TextChoices):
    CONSOLIDATION = "consolidation", _("consolidation period")
    FEATURE_PAUSE = "feature_pause", _("feature pause")


class Pause(Versioned):
    """A time range in which the team deliberately ships nothing new: fixing, learning,
    measuring. Scheduling an item into it asks for a reason (``services``)."""

    roadmap = models.ForeignKey("roadmap.Roadmap", on_delete=models.CASCADE, related_name="pauses")
    title = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=16, choices=PauseKind.choices, default=PauseKind.CONSOLIDATION
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    purpose = models.TextField(
        _("what the time is for"),
        blank=True,
        help_text=_("For example: fix the top support issues, measure the new checkout."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "roadmap__workspace"
    EDITABLE_FIELDS = ["title", "kind", "starts_on", "ends_on", "purpose"]

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The pause ends before it starts.")})


class Decision(Versioned):
    """One entry of a roadmap's decision log: what was decided, in which context, which
    options were weighed, who decided, and when to look at it again."""

    roadmap = models.ForeignKey(
        "roadmap.Roadmap", on_delete=models.CASCADE, related_name="decisions"
    )
    title = models.CharField(_("decision"), max_length=200)
    context = models.TextField(_("context"), blank=True)
    options = models.TextField(
        _("options considered"), blank=True, help_text=_("One option per line.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"))
    revisit_on = models.DateField(
        _("revisit after"),
        null=True,
        blank=True,
        help_text=_("A reminder goes to whoever decided, and to the roadmap's followers."),
    )
    items = models.ManyToManyField(
        "roadmap.RoadmapItem", blank=True, related_name="decisions", verbose_name=_("items")
    )
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "roadmap__workspace"
    EDITABLE_FIELDS = ["title", "context", "options", "decided_by", "decided_on", "revisit_on",
                       "items"]  # fmt: skip

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.title

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self) -> None:
        """Everything a decision links to lives on its roadmap; a revisit comes after the
        decision."""
        if self.revisit_on and self.decided_on and self.revisit_on <= self.decided_on:
            raise ValidationError({"revisit_on": _("Revisit the decision after it was made.")})
