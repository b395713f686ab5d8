"""The research evidence an opportunity cites: insights and quotes of the research module.
Discovery owns the link (it is the later link of the evidence chain); the counts come from
research's selectors."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leitstern.discovery.models.tree import Opportunity, Review


class EvidenceLinkQuerySet(models.QuerySet["EvidenceLink"]):
    def counted(self) -> EvidenceLinkQuerySet:
        """Links that count: accepted ones (proposals wait for an editor, declined ones
        stay for the record)."""
        return self.filter(review=Review.ACCEPTED)


class EvidenceLink(models.Model):
    """An opportunity cites one research insight or one quote. Editors link any evidence;
    contributors propose second-hand quotes, which count once an editor accepts them."""

    workspace_path: ClassVar[str] = "opportunity__product__workspace"

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="evidence_links"
    )
    insight = models.ForeignKey(
        "research.Insight",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discovery_links",
        verbose_name=_("insight"),
    )
    quote = models.ForeignKey(
        "research.Quote",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="discovery_links",
        verbose_name=_("quote"),
    )
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.ACCEPTED
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceLinkQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(insight__isnull=False, quote__isnull=True)
                | Q(insight__isnull=True, quote__isnull=False),
                name="discovery_evidence_one_source",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "insight"],
                condition=Q(insight__isnull=False),
                name="discovery_evidence_unique_insight",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "quote"],
                condition=Q(quote__isnull=False),
                name="discovery_evidence_unique_quote",
            ),
        ]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")

    def __str__(self) -> str:
        # A label, never a quote's words (labels end up in the activity log).
        if self.insight_id:
            return str(_("Insight #%(id)s") % {"id": self.insight_id})
        return str(_("Quote #%(id)s") % {"id": self.quote_id})

    def clean(self) -> None:
        workspace_id = self.opportunity.product.workspace_id
        if self.insight_id and self.insight.workspace_id != workspace_id:
            raise ValidationError({"insight": _("Choose an insight of this workspace.")})
        if self.quote_id and self.quote.conversation.workspace_id != workspace_id:
            raise ValidationError({"quote": _("Choose a quote of this workspace.")})
