"""Detail per audience: saved views of the roadmaps (which fields, horizons, levels and
products each audience sees), their share links, and who follows what."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.tokens import PublicToken
from leitstern.core.versioning import Versioned
from leitstern.roadmap.models.items import Horizon, Level


class ViewField(models.TextChoices):
    """The item fields an audience view may show; the title always shows."""

    OUTCOME = "outcome", _("outcome or problem")
    LEVEL = "level", _("level of detail")
    STATUS = "status", _("status")
    CONFIDENCE = "confidence", _("confidence")
    WINDOW = "window", _("time window")
    HARD_DATE = "hard_date", _("hard dates")
    OWNER = "owner", _("owner")
    TEAM = "team", _("team")
    SIZE = "size", _("size")
    TAGS = "tags", _("tags")
    KEY_RESULTS = "key_results", _("key results")
    NOTES = "notes", _("notes")
    REASON = "reason", _("reasons for not doing and parking")


class Preset(models.TextChoices):
    MANAGEMENT = "management", _("management")
    DEVELOPMENT = "development", _("development")
    SALES = "sales", _("sales")
    CUSTOMERS = "customers", _("customers and public")
    CUSTOM = "custom", _("own audience")


ALL_FIELDS = list(ViewField.values)
PRESETS: dict[str, dict] = {
    Preset.MANAGEMENT: {
        "item_fields": [
            "outcome",
            "level",
            "status",
            "confidence",
            "window",
            "hard_date",
            "owner",
            "team",
            "key_results",
            "reason",
        ],
        "horizons": ["now", "next", "later", "not_doing"],
        "levels": list(Level.values),
        "include_internal": True,
    },
    Preset.DEVELOPMENT: {
        "item_fields": ALL_FIELDS,
        "horizons": list(Horizon.values),
        "levels": list(Level.values),
        "include_internal": True,
    },
    Preset.SALES: {
        "item_fields": ["outcome", "level", "status", "window", "hard_date"],
        "horizons": ["now", "next", "later"],
        "levels": list(Level.values),
        "include_internal": True,
    },
    Preset.CUSTOMERS: {
        "item_fields": ["outcome", "status"],
        "horizons": ["now", "next", "later"],
        "levels": ["outcome", "problem"],
        "include_internal": False,
    },
    Preset.CUSTOM: {
        "item_fields": ["outcome", "status"],
        "horizons": ["now", "next", "later"],
        "levels": list(Level.values),
        "include_internal": False,
    },
}


def _ordered(values: list[str], choices: list[str]) -> list[str]:
    return [choice for choice in choices if choice in set(values)]


class Audience(Versioned):
    """A saved view for one audience (management, development, sales, customers, or one
    of the workspace's own): the same roadmap data at the level of detail they need."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="roadmap_audiences"
    )
    name = models.CharField(_("name"), max_length=120)
    preset = models.CharField(
        _("starts from"), max_length=12, choices=Preset.choices, default=Preset.CUSTOM
    )
    description = models.TextField(_("who it is for"), blank=True)
    item_fields = models.JSONField(_("fields shown"), default=list, blank=True)
    horizons = models.JSONField(_("horizons shown"), default=list, blank=True)
    levels = models.JSONField(_("levels shown"), default=list, blank=True)
    include_internal = models.BooleanField(
        _("show internal items"),
        default=False,
        help_text=_("Off: only items marked public appear."),
    )
    roadmaps = models.ManyToManyField(
        "roadmap.Roadmap",
        blank=True,
        related_name="audiences",
        verbose_name=_("roadmaps"),
        help_text=_("None chosen: every roadmap of the workspace."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "workspace"
    EDITABLE_FIELDS = ["name", "description", "item_fields", "horizons", "levels",
                       "include_internal", "roadmaps"]  # fmt: skip

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"],
                name="unique_audience_name",
                violation_error_message=_("This workspace has an audience of that name already."),
            )
        ]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Choices are kept in their canonical order (so an unchanged form is no change);
        a view shows at least one horizon and one level."""
        self.item_fields = _ordered(self.item_fields or [], ALL_FIELDS)
        self.horizons = _ordered(self.horizons or [], list(Horizon.values))
        self.levels = _ordered(self.levels or [], list(Level.values))
        errors = {}
        if not self.horizons:
            errors["horizons"] = _("Choose at least one horizon to show.")
        if not self.levels:
            errors["levels"] = _("Choose at least one level of detail to show.")
        if errors:
            raise ValidationError(errors)

    def shows(self, field: str) -> bool:
        return field in self.item_fields


class AudienceLink(PublicToken):
    """A share link of an audience view: opens without signing in, read-only. A public
    link of the kernel (``core.tokens``): only the SHA-256 of its token is stored, it
    expires and can be revoked."""

    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=120, blank=True)

    workspace_path = "audience__workspace"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        return self.label or str(self.audience)


class Follow(models.Model):
    """A member following a roadmap or an audience view: the weekly digest tells them what
    changed and why. Exactly one of ``roadmap`` and ``audience`` is set."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadmap_follows"
    )
    roadmap = models.ForeignKey(
        "roadmap.Roadmap", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    audience = models.ForeignKey(
        Audience, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
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
                name="follow_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "roadmap"],
                condition=models.Q(roadmap__isnull=False),
                name="follow_roadmap_once",
            ),
            models.UniqueConstraint(
                fields=["user", "audience"],
                condition=models.Q(audience__isnull=False),
                name="follow_audience_once",
            ),
        ]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")

    def __str__(self) -> str:
        return f"{self.user} → {self.roadmap or self.audience}"

    def clean(self) -> None:
        if bool(self.roadmap_id) == bool(self.audience_id):
            raise ValidationError(_("Follow a roadmap or an audience view."))
