"""Who listens to whom: the real influence between stakeholders (the official reporting
line is ``Stakeholder.reports_to``, kept apart)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.stakeholders.models.register import Stakeholder


class Strength(models.IntegerChoices):
    WEAK = 1, _("weak")
    MEDIUM = 2, _("medium")
    STRONG = 3, _("strong")


class Influence(Versioned):
    """``listener`` listens to ``influencer`` with ``strength`` 1–3 ("j influences i").
    One tie per direction and pair; nobody influences themselves."""

    workspace_path = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    influencer = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="influences",
        verbose_name=_("who is listened to"),
    )
    listener = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="listens_to",
        verbose_name=_("who listens"),
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        choices=Strength.choices,
        default=Strength.MEDIUM,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("For example: “trusts her judgement on pricing”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    EDITABLE_FIELDS = ["strength", "note"]

    class Meta:
        ordering = ["listener__name", "influencer__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["influencer", "listener"],
                name="one_influence_per_pair",
                violation_error_message=_(
                    "This tie is already on the map; change its strength instead."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(influencer=F("listener")),
                name="influence_not_self",
                violation_error_message=_("A person cannot influence themselves."),
            ),
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=3),
                name="influence_strength_1_to_3",
                violation_error_message=_(
                    "The strength must be 1 (weak), 2 (medium) or 3 (strong)."
                ),
            ),
        ]
        indexes = [models.Index(fields=["workspace", "listener"], name="influence_listener")]
        verbose_name = _("influence")
        verbose_name_plural = _("influences")

    def __str__(self) -> str:
        return f"{self.listener} ← {self.influencer}"

    def clean(self) -> None:
        errors = {}
        for field in ("influencer", "listener"):
            person = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if person is not None and person.workspace_id != self.workspace_id:
                errors[field] = _("Choose a stakeholder of this workspace.")
        if self.influencer_id and self.influencer_id == self.listener_id:
            errors["listener"] = _("A person cannot influence themselves: choose two people.")
        if errors:
            raise ValidationError(errors)


class NetworkRevision(models.Model):
    """Counters raised by every change to a workspace's map, so computed centrality and
    networks are cached until the map changes: ``ties`` for who is on the map and who
    listens to whom (what centrality depends on), ``people`` for everything else the
    suggestions read (engagement, power, attitudes)."""

    workspace = models.OneToOneField(
        "workspaces.Workspace",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stakeholder_revision",
    )
    ties = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    workspace_path = "workspace"

    def __str__(self) -> str:
        return f"{self.workspace_id} t{self.ties} p{self.people}"
