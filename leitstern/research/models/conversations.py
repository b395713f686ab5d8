"""Learning conversations (interviews and second-hand feedback) and their attachments."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class Source(models.TextChoices):
    """Where evidence comes from. Second-hand evidence is always marked as such."""

    DIRECT = "direct", _("direct conversation")
    SECOND_HAND = "second_hand", _("second-hand")


class Relay(models.TextChoices):
    """Who relayed second-hand feedback."""

    SALES = "sales", _("sales")
    SUPPORT = "support", _("support")
    MARKETING = "marketing", _("marketing")
    SURVEY = "survey", _("a survey")
    OTHER = "other", _("someone else")


class ConversationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def held(self) -> ConversationQuerySet:
        return self.filter(status=ConversationStatus.HELD)

    def direct(self) -> ConversationQuerySet:
        return self.filter(source=Source.DIRECT)


class Conversation(Versioned):
    """A learning conversation with customers, or feedback relayed second-hand.

    A direct conversation is scheduled, then held; every participant needs a valid consent
    for research interviews on its date (``services.check_interview_consent``). Second-hand
    feedback (from sales, support, marketing or a survey) names no participants, only the
    organisation it is about, and is marked as second-hand wherever it appears.

    The snapshot follows Teresa Torres' interview snapshot: quick facts, a memorable quote,
    the experience story, opportunities and insights."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="research_conversations"
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_conversations",
        verbose_name=_("product"),
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.DIRECT
    )
    relayed_by = models.CharField(
        _("relayed by"),
        max_length=12,
        choices=Relay.choices,
        blank=True,
        help_text=_("For second-hand feedback: who passed it on."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.SCHEDULED,
    )
    date = models.DateField(_("date"))
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="research_interviews",
        verbose_name=_("interviewers"),
    )
    participants = models.ManyToManyField(
        "research.Participant",
        blank=True,
        related_name="conversations",
        verbose_name=_("participants"),
    )
    organisation = models.ForeignKey(
        "customers.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_conversations",
        verbose_name=_("organisation"),
        help_text=_("For second-hand feedback: the customer it is about."),
    )
    segment = models.ForeignKey(
        "customers.Segment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_conversations",
        verbose_name=_("segment"),
        help_text=_("The segment at the time of the conversation."),
    )
    persona = models.ForeignKey(
        "customers.Persona",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_conversations",
        verbose_name=_("persona"),
        help_text=_("The persona at the time of the conversation."),
    )
    goal = models.TextField(_("goal"), blank=True, help_text=_("What you want to learn."))
    notes = models.TextField(_("notes"), blank=True)
    # The interview snapshot.
    quick_facts = models.TextField(_("quick facts"), blank=True)
    memorable_quote = models.TextField(_("memorable quote"), blank=True)
    experience_story = models.TextField(_("experience story"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    insights = models.TextField(_("insights"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the retention rule removed the notes (the snapshot is kept).
    notes_removed_at = models.DateTimeField(null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    EDITABLE_FIELDS: ClassVar[list[str]] = [
        "title",
        "product",
        "date",
        "interviewers",
        "participants",
        "organisation",
        "segment",
        "persona",
        "goal",
        "notes",
    ]
    SNAPSHOT_FIELDS: ClassVar[list[str]] = [
        "quick_facts",
        "memorable_quote",
        "experience_story",
        "opportunities",
        "insights",
    ]

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["workspace", "status", "date"], name="conversation_cadence"),
            models.Index(fields=["workspace", "product", "date"], name="conversation_product"),
            # The research home's counts read this index alone (no table rows).
            models.Index(
                fields=["workspace", "status", "source", "date", "segment", "persona"],
                name="conversation_coverage",
            ),
            # The same for the research home of one product.
            models.Index(
                fields=["workspace", "product", "status", "source", "date", "segment", "persona"],
                name="conversation_product_coverage",
            ),
        ]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        for field in ("product", "organisation", "segment", "persona"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and related.workspace_id != self.workspace_id:
                errors[field] = _("Choose one of this workspace.")
        if self.source == Source.SECOND_HAND and not self.relayed_by:
            errors["relayed_by"] = _("Say who relayed this feedback.")
        if self.source == Source.DIRECT and self.relayed_by:
            errors["relayed_by"] = _("Only second-hand feedback is relayed.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_second_hand(self) -> bool:
        return self.source == Source.SECOND_HAND

    @property
    def is_held(self) -> bool:
        return self.status == ConversationStatus.HELD

    @property
    def has_snapshot(self) -> bool:
        return any(getattr(self, name) for name in self.SNAPSHOT_FIELDS)


class AttachmentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("transcript")
    RECORDING = "recording", _("recording")
    FILE = "file", _("other file")


def attachment_path(instance: Attachment, filename: str) -> str:
    # The original name is kept in ``name``; the stored name says nothing about the person.
    from uuid import uuid4

    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"research/{instance.conversation.workspace_id}/{uuid4().hex}.{suffix}"


class Attachment(models.Model):
    """A transcript, recording or other file of a conversation, stored through Django's
    storage API. A transcript's text is kept for search and for highlighting quotes.
    Recordings and transcripts need every participant's consent to recording."""

    workspace_path: ClassVar[str] = "conversation__workspace"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    text = models.TextField(_("transcript text"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @property
    def needs_recording_consent(self) -> bool:
        return self.kind in (AttachmentKind.TRANSCRIPT, AttachmentKind.RECORDING)
