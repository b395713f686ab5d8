"""The trail of each analysis: every position a stakeholder was given, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.stakeholders import analyses
from leitstern.stakeholders.models.register import (
    AXIS_VALIDATORS,
    Attitude,
    Engagement,
    Stakeholder,
    Theme,
)


class Analysis(models.TextChoices):
    GRID = "grid", _("power / interest grid")
    SALIENCE = "salience", _("salience")
    ENGAGEMENT = "engagement", _("engagement")
    ATTITUDE = "attitude", _("attitude")


class PositionRecord(models.Model):
    """One assessment in one analysis, as of ``day``: the grid's power and interest, the
    salience attributes, current and desired engagement, or the attitude toward a theme.
    Only the columns of its ``analysis`` are filled. The stakeholder's current position is
    the record with the latest day (an assessment entered for an earlier day joins the
    trail without changing where the person stands now)."""

    workspace_path = "stakeholder__workspace"

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="positions")
    analysis = models.CharField(_("analysis"), max_length=12, choices=Analysis.choices)
    day = models.DateField(_("as of"))
    power = models.FloatField(_("power"), null=True, blank=True, validators=AXIS_VALIDATORS)
    interest = models.FloatField(_("interest"), null=True, blank=True, validators=AXIS_VALIDATORS)
    has_power = models.BooleanField(_("power"), null=True, blank=True)
    has_legitimacy = models.BooleanField(_("legitimacy"), null=True, blank=True)
    has_urgency = models.BooleanField(_("urgency"), null=True, blank=True)
    engagement = models.CharField(
        _("current engagement"), max_length=12, choices=Engagement.choices, blank=True
    )
    desired_engagement = models.CharField(
        _("desired engagement"), max_length=12, choices=Engagement.choices, blank=True
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    attitude = models.CharField(_("attitude"), max_length=10, choices=Attitude.choices, blank=True)
    note = models.CharField(_("why"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "created_at", "id"]
        indexes = [
            models.Index(fields=["stakeholder", "analysis", "day"], name="position_trail"),
        ]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.analysis} {self.day}"

    @property
    def quadrant(self) -> str | None:
        return analyses.quadrant(self.power, self.interest)

    @property
    def salience(self) -> str:
        return analyses.salience_class(
            power=bool(self.has_power),
            legitimacy=bool(self.has_legitimacy),
            urgency=bool(self.has_urgency),
        )
