"""Quotes highlighted in notes and transcripts, their tags, and insights built on them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.research.models.conversations import Conversation
from leitstern.research.models.participants import Consent, Purpose

MAX_QUOTE_CHARS = 2_000


class Tag(models.Model):
    """A word from the workspace's tag list, put on quotes to find and group them."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="research_tags"
    )
    name = models.CharField(_("name"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "workspace",
                name="unique_research_tag",
                violation_error_message=_("This workspace already has that tag."),
            )
        ]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class QuoteSource(models.TextChoices):
    NOTES = "notes", _("notes")
    TRANSCRIPT = "transcript", _("transcript")
    TYPED = "typed", _("typed")


class QuoteQuerySet(models.QuerySet["Quote"]):
    def with_quotable(self) -> QuoteQuerySet:
        """Annotate ``quotable``: whether the participant currently consents to being
        quoted (always true for second-hand quotes without a participant)."""
        valid = Consent.objects.valid().filter(
            participant=OuterRef("participant"), purpose=Purpose.QUOTING
        )
        return self.annotate(quotable=Q(participant__isnull=True) | Exists(valid))

    def visible_to(self, user) -> QuoteQuerySet:
        """Quotes ``user`` may read: a quote of a participant without a valid consent to
        quoting only for the interviewers of its conversation; redacted quotes are kept
        (they show as withdrawn)."""
        valid = Consent.objects.valid().filter(
            participant=OuterRef("participant"), purpose=Purpose.QUOTING
        )
        interviewed = Conversation.objects.filter(interviewers=user)
        return self.filter(
            Q(participant__isnull=True)
            | Q(redacted_at__isnull=False)
            | Exists(valid)
            | Q(conversation__in=interviewed.values("pk"))
        )


class Quote(models.Model):
    """A passage of a conversation's notes or transcript, in the participant's words.

    A quote of a participant who does not (or no longer) consent to being quoted is shown
    only to the conversation's interviewers. When the participant withdraws or is erased,
    the quote's text is removed (``redacted_at``); insights keep counting it and show it as
    withdrawn."""

    workspace_path: ClassVar[str] = "conversation__workspace"

    conversation = models.ForeignKey(
        "research.Conversation", on_delete=models.CASCADE, related_name="quotes"
    )
    participant = models.ForeignKey(
        "research.Participant",
        # A participant is never deleted (a tombstone stays); only its workspace goes.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("participant"),
    )
    attachment = models.ForeignKey(
        "research.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    source = models.CharField(
        _("highlighted in"), max_length=10, choices=QuoteSource.choices, default=QuoteSource.TYPED
    )
    text = models.TextField(_("quote"), blank=True)
    # Where the passage starts and ends in its source text (characters), when highlighted.
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="quotes", verbose_name=_("tags"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    redacted_at = models.DateTimeField(null=True, blank=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Counting the quotes hidden from a reader reads this index alone.
            models.Index(
                fields=["participant", "redacted_at", "conversation"],
                name="quote_participant_state",
            ),
            # The quotes of the API's list walked newest first, stopping when a page is full.
            models.Index(fields=["created_at", "id"], name="quote_newest"),
        ]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        # A label, never the words: labels end up in the activity log, which every member
        # reads, while the words may be shown only to some.
        return str(_("Quote #%(id)s") % {"id": self.pk})

    def clean(self) -> None:
        errors = {}
        if not self.is_redacted:
            if not self.text.strip():
                errors["text"] = _("Enter the words of the quote.")
            elif len(self.text) > MAX_QUOTE_CHARS:
                errors["text"] = _("A quote is a passage: at most %(max)d characters.") % {
                    "max": MAX_QUOTE_CHARS
                }
        if self.participant_id:
            if self.participant.workspace_id != self.conversation.workspace_id:
                errors["participant"] = _("Choose a participant of this workspace.")
            elif not self.conversation.participants.filter(pk=self.participant_id).exists():
                errors["participant"] = _("Choose a participant of this conversation.")
        elif not self.conversation.is_second_hand and not self.is_redacted:
            errors["participant"] = _("Say who said it: choose a participant of the conversation.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_redacted(self) -> bool:
        return self.redacted_at is not None

    @property
    def is_second_hand(self) -> bool:
        return self.conversation.is_second_hand

    def redact(self) -> None:
        """Remove the words (the person withdrew or was erased); the quote keeps counting."""
        self.text, self.start, self.end = "", None, None
        self.redacted_at = timezone.now()


class InsightQuerySet(models.QuerySet["Insight"]):
    def active(self) -> InsightQuerySet:
        return self.filter(archived_at__isnull=True)


class Insight(Versioned):
    """A statement of what we learned, with its evidence: the quotes that support it.
    Opportunities (discovery) point at insights; the evidence counts come from
    ``selectors.evidence_for``."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="research_insights"
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_insights",
        verbose_name=_("product"),
    )
    title = models.CharField(
        _("insight"), max_length=300, help_text=_("What you learned, as one statement.")
    )
    description = models.TextField(_("description"), blank=True)
    quotes = models.ManyToManyField(
        Quote, blank=True, related_name="insights", verbose_name=_("quotes")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = InsightQuerySet.as_manager()

    EDITABLE_FIELDS: ClassVar[list[str]] = ["title", "description", "product"]

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("insight")
        verbose_name_plural = _("insights")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.product_id and self.product.workspace_id != self.workspace_id:
            raise ValidationError({"product": _("Choose a product of this workspace.")})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
