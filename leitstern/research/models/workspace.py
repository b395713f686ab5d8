"""A workspace's research settings, people's reminder choices, and the search index."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class ResearchSettings(Versioned):
    """How a workspace runs its research: how long consent lasts, the cadence it aims
    for, when coverage turns red, and how long transcripts and notes are kept.

    A workspace without a row uses the defaults (``for_workspace`` returns an unsaved one);
    the first save of the settings page stores it."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.OneToOneField(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="research_settings"
    )
    consent_months = models.PositiveSmallIntegerField(
        _("consent lasts (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How long a consent is valid unless the person withdraws it earlier."),
    )
    expiry_notice_days = models.PositiveSmallIntegerField(
        _("list expiring consents (days ahead)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    weekly_goal_low = models.PositiveSmallIntegerField(
        _("conversations per week: at least"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    weekly_goal_high = models.PositiveSmallIntegerField(
        _("conversations per week: up to"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    interviewer_weekly_goal = models.PositiveSmallIntegerField(
        _("conversations per interviewer and week"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=_("An interviewer below this over the last four weeks gets a gentle reminder."),
    )
    stale_weeks = models.PositiveSmallIntegerField(
        _("name who has not talked to a customer for (weeks)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    coverage_red_days = models.PositiveSmallIntegerField(
        _("coverage turns red after (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("A segment and persona not talked to for longer shows red."),
    )
    transcript_months = models.PositiveSmallIntegerField(
        _("delete transcripts and recordings after (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Counted from the conversation's date; empty keeps them. Snapshots stay."),
    )
    notes_months = models.PositiveSmallIntegerField(
        _("delete conversation notes after (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Counted from the conversation's date; empty keeps them. Snapshots stay."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    EDITABLE_FIELDS: ClassVar[list[str]] = [
        "consent_months",
        "expiry_notice_days",
        "weekly_goal_low",
        "weekly_goal_high",
        "interviewer_weekly_goal",
        "stale_weeks",
        "coverage_red_days",
        "transcript_months",
        "notes_months",
    ]

    class Meta:
        verbose_name = _("research settings")
        verbose_name_plural = _("research settings")

    def __str__(self) -> str:
        return str(_("research settings"))

    def clean(self) -> None:
        if (
            self.weekly_goal_low is not None
            and self.weekly_goal_high is not None
            and self.weekly_goal_high < self.weekly_goal_low
        ):
            raise ValidationError(
                {"weekly_goal_high": _("The upper goal cannot be below the lower one.")}
            )

    @classmethod
    def for_workspace(cls, workspace) -> ResearchSettings:
        """The workspace's settings, or the defaults (unsaved) when it has none yet."""
        found = cls.objects.filter(workspace=workspace).first()
        return found or cls(workspace=workspace)


class ReminderPreference(models.Model):
    """A person's choice about the weekly research reminder in one workspace. Without a
    row the reminder is sent (when they are behind their goal)."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weekly_email = models.BooleanField(_("weekly research reminder"), default=True)
    last_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user"], name="unique_research_reminder_preference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.weekly_email})"


class SearchKind(models.TextChoices):
    NOTES = "notes", _("notes")
    SNAPSHOT = "snapshot", _("snapshot")
    TRANSCRIPT = "transcript", _("transcript")
    QUOTE = "quote", _("quote")
    INSIGHT = "insight", _("insight")


class SearchEntry(models.Model):
    """One searchable text (a conversation's notes or snapshot, a transcript, a quote, an
    insight) with what search filters on. Kept current by the services that change the
    texts (``search.reindex_*``). On PostgreSQL a generated ``tsvector`` column with German
    and English stems is searched; on SQLite an FTS5 table kept by triggers (both made by
    migration ``0002``). Withdrawn content has no entry."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    conversation = models.ForeignKey(
        "research.Conversation", on_delete=models.CASCADE, null=True, related_name="+"
    )
    attachment = models.ForeignKey(
        "research.Attachment", on_delete=models.CASCADE, null=True, related_name="+"
    )
    quote = models.ForeignKey(
        "research.Quote", on_delete=models.CASCADE, null=True, related_name="+"
    )
    insight = models.ForeignKey(
        "research.Insight", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Whose words (a quote's participant), for the consent to quoting.
    participant = models.ForeignKey(
        "research.Participant", on_delete=models.CASCADE, null=True, related_name="+"
    )
    product = models.ForeignKey(
        "products.Product", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    segment = models.ForeignKey(
        "customers.Segment", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    persona = models.ForeignKey(
        "customers.Persona", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=12, blank=True)
    day = models.DateField(null=True)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["workspace", "kind", "day"], name="search_entry_filter")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="insight", insight__isnull=False)
                    | models.Q(kind="quote", quote__isnull=False)
                    | models.Q(kind="transcript", attachment__isnull=False)
                    | models.Q(kind__in=["notes", "snapshot"], conversation__isnull=False)
                ),
                name="search_entry_has_its_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.title}"
