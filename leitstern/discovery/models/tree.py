"""The opportunity solution tree: a desired outcome, the opportunities (customer needs and
pains) that would move it, and the solutions that address them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class ScoringMethod(models.TextChoices):
    RICE = "rice", _("RICE (reach × impact × confidence ÷ effort)")
    ICE = "ice", _("ICE (impact × confidence × ease)")
    WSJF = "wsjf", _("WSJF (cost of delay ÷ job size)")
    VALUE_EFFORT = "value_effort", _("value vs effort")


class DiscoverySettings(Versioned):
    """How one product prioritises: the scoring method its ranked list uses, and after how
    many weeks without a change an item counts as untouched. A product without a row uses
    the defaults (the row is written on the first change, never on a page view)."""

    product = models.OneToOneField(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_settings"
    )
    scoring_method = models.CharField(
        _("scoring method"),
        max_length=16,
        choices=ScoringMethod.choices,
        default=ScoringMethod.RICE,
    )
    stale_weeks = models.PositiveSmallIntegerField(
        _("untouched after (weeks)"),
        default=8,
        help_text=_("Backlog care lists items nobody changed for this many weeks."),
    )

    workspace_path = "product__workspace"
    EDITABLE_FIELDS = ["scoring_method", "stale_weeks"]

    class Meta:
        verbose_name = _("discovery settings")
        verbose_name_plural = _("discovery settings")

    def __str__(self) -> str:
        return str(self.product)

    def clean(self) -> None:
        if self.stale_weeks is not None and not 1 <= self.stale_weeks <= 104:
            raise ValidationError({"stale_weeks": _("Choose between 1 and 104 weeks.")})


class Outcome(Versioned):
    """The desired outcome at the root of a tree: a key result or a metric of strategy."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_outcomes"
    )
    title = models.CharField(_("desired outcome"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    key_result = models.ForeignKey(
        "strategy.KeyResult",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discovery_outcomes",
        verbose_name=_("key result"),
    )
    metric = models.ForeignKey(
        "strategy.Metric",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discovery_outcomes",
        verbose_name=_("metric"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "product__workspace"
    EDITABLE_FIELDS = ["title", "description", "key_result", "metric"]

    class Meta:
        ordering = ["product", "title", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """An outcome is a key result or a metric (or both, when the key result follows the
        metric) of this product's workspace; a metric must be this product's own."""
        errors = {}
        if not self.key_result_id and not self.metric_id:
            errors["key_result"] = _("Choose the key result or the metric this tree moves.")
        workspace_id = self.product.workspace_id if self.product_id else None
        if self.key_result_id and self.key_result.objective.cycle.workspace_id != workspace_id:
            errors["key_result"] = _("Choose a key result of this workspace.")
        if self.metric_id and self.metric.product_id != self.product_id:
            errors["metric"] = _("Choose a metric of this product.")
        if errors:
            raise ValidationError(errors)

    @property
    def outcome_metric(self):
        """The metric the outcome is measured by: its own, else its key result's."""
        if self.metric_id:
            return self.metric
        if self.key_result_id:
            return self.key_result.metric
        return None


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    NOT_NOW = "not_now", _("not now")
    LATER = "later", _("later")
    NEXT = "next", _("next")
    NOW = "now", _("now")
    VALIDATED = "validated", _("validated")
    INVALIDATED = "invalidated", _("invalidated")


# Stages in which an opportunity is settled: backlog care does not ask about them.
SETTLED_STAGES = (Stage.NOT_NOW, Stage.VALIDATED, Stage.INVALIDATED)


class Review(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PROPOSED = "proposed", _("proposed")
    DECLINED = "declined", _("declined")


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def in_tree(self) -> OpportunityQuerySet:
        """Accepted and proposed opportunities (declined ones stay for the record only)."""
        return self.exclude(review=Review.DECLINED)


class Opportunity(Versioned):
    """A customer need, pain or desire, in the customer's (problem) language. Nestable:
    a broad opportunity breaks down into smaller ones. Contributors may propose one
    (``review = proposed``); an editor accepts or declines it."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_opportunities"
    )
    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("outcome"),
        help_text=_("Leave empty while it is not yet placed in a tree."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("The broader opportunity this one breaks down."),
    )
    title = models.CharField(
        _("opportunity"),
        max_length=200,
        help_text=_("In the customer's words: a need, pain or desire, not a feature."),
    )
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED
    )
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.ACCEPTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    workspace_path = "product__workspace"
    EDITABLE_FIELDS = ["title", "description", "outcome", "parent", "stage"]

    class Meta:
        ordering = ["product", "created_at", "id"]
        indexes = [models.Index(fields=["outcome", "review"], name="discovery_opp_outcome")]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Everything an opportunity hangs on belongs to its product; a broader opportunity
        sits in the same tree and is never the opportunity itself or one below it."""
        errors = {}
        if self.outcome_id and self.outcome.product_id != self.product_id:
            errors["outcome"] = _("Choose an outcome of this product.")
        if self.parent_id:
            parent = self.parent
            if parent.product_id != self.product_id:
                errors["parent"] = _("Choose an opportunity of this product.")
            elif parent.outcome_id != self.outcome_id:
                errors["parent"] = _("The broader opportunity must be in the same tree.")
            elif self.pk and self._is_above(parent):
                errors["parent"] = _("An opportunity cannot be part of itself.")
        if errors:
            raise ValidationError(errors)

    def _is_above(self, node: Opportunity | None) -> bool:
        seen: set[int] = set()
        while node is not None and node.pk not in seen:
            if node.pk == self.pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    @property
    def is_proposal(self) -> bool:
        return self.review == Review.PROPOSED

    def ensure_deletable(self) -> None:
        """An opportunity whose solutions' hypotheses were tested stays on record with their
        verdicts; the team sets its stage to invalidated instead."""
        from leitstern.discovery.models.hypotheses import Hypothesis

        tested = Hypothesis.objects.filter(
            solution__opportunity=self, rule_fixed_at__isnull=False
        ).exists()
        if tested:
            raise ValidationError(
                _(
                    "Hypotheses of this opportunity's solutions have been tested; it stays on "
                    "record with their verdicts. Set its stage to “invalidated” instead."
                )
            )

    def ensure_proposal(self) -> None:
        """Only a proposal waits for an editor's decision."""
        if self.review != Review.PROPOSED:
            raise ValidationError(_("This opportunity is not waiting for a decision."))


class SolutionStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    TESTING = "testing", _("testing")
    BUILDING = "building", _("building")
    SHIPPED = "shipped", _("shipped")
    DROPPED = "dropped", _("dropped")


SETTLED_SOLUTIONS = (SolutionStatus.SHIPPED, SolutionStatus.DROPPED)


class Solution(Versioned):
    """One way to address an opportunity. Its bets are stated as hypotheses."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_solutions"
    )
    opportunity = models.ForeignKey(
        Opportunity,
        on_delete=models.CASCADE,
        related_name="solutions",
        verbose_name=_("opportunity"),
    )
    title = models.CharField(_("solution"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SolutionStatus.choices, default=SolutionStatus.IDEA
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "product__workspace"
    EDITABLE_FIELDS = ["title", "description", "opportunity", "status"]

    class Meta:
        ordering = ["opportunity", "created_at", "id"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opportunity_id and self.opportunity.product_id != self.product_id:
            raise ValidationError({"opportunity": _("Choose an opportunity of this product.")})

    def ensure_deletable(self) -> None:
        """A solution with tested hypotheses stays on record with their verdicts; the team
        marks it dropped instead."""
        if self.hypotheses.filter(rule_fixed_at__isnull=False).exists():
            raise ValidationError(
                _(
                    "Hypotheses of this solution have been tested; it stays on record with "
                    "their verdicts. Set its status to “dropped” instead."
                )
            )
