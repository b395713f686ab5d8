"""Hypotheses: each bet stated so that it can be measured to a verdict — "We believe
[change] for [audience] will move [metric] from [baseline] to [target] by [date]" — with a
decision rule fixed before the first result is in."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class Category(models.TextChoices):
    DESIRABILITY = "desirability", _("desirability")
    VIABILITY = "viability", _("viability")
    FEASIBILITY = "feasibility", _("feasibility")
    USABILITY = "usability", _("usability")
    ETHICAL = "ethical", _("ethical")


class MetricKind(models.TextChoices):
    RATE = "rate", _("a rate (conversions per visitor, in %)")
    MEAN = "mean", _("an average per unit (e.g. order value)")


class RuleDirection(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class EffectScale(models.TextChoices):
    ABSOLUTE = "absolute", _("absolute (points or units)")
    RELATIVE = "relative", _("relative (% of the baseline)")


class Criterion(models.TextChoices):
    INTERVAL_EXCLUDES_ZERO = (
        "interval_excludes_zero",
        _("the interval lies entirely on the good side of zero"),
    )
    ESTIMATE_REACHES_MINIMUM = (
        "estimate_reaches_minimum",
        _("… and the estimate reaches the minimum effect"),
    )
    LOWER_BOUND_REACHES_MINIMUM = (
        "lower_bound_reaches_minimum",
        _("the whole interval lies at or beyond the minimum effect"),
    )


class HypothesisStatus(models.TextChoices):
    OPEN = "open", _("open")
    TESTING = "testing", _("testing")
    VALIDATED = "validated", _("validated")
    INVALIDATED = "invalidated", _("invalidated")
    INCONCLUSIVE = "inconclusive", _("inconclusive")


# Importance and evidence run from 1 to 5; above / below the middle is the assumption map's
# top-right quadrant: important, and little known.
SCALE = (1, 2, 3, 4, 5)
MIDDLE = 3


class Hypothesis(Versioned):
    """A testable bet. ``solution`` is empty for a bet that is not (yet) a solution of the
    tree (a roadmap item may point at it). Rates are entered in percent, a relative
    minimum effect in percent of the baseline; ``verdicts.py`` turns them into the
    statistics engine's fractions."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_hypotheses"
    )
    solution = models.ForeignKey(
        "discovery.Solution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hypotheses",
        verbose_name=_("solution"),
    )
    statement = models.TextField(
        _("hypothesis"), help_text=_("In the team's own words: what do we believe, and why?")
    )
    change = models.CharField(_("we believe (change)"), max_length=300, blank=True)
    audience = models.CharField(_("for (segment or persona)"), max_length=200, blank=True)
    key_result = models.ForeignKey(
        "strategy.KeyResult",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discovery_hypotheses",
        verbose_name=_("key result"),
        help_text=_("The key result this bet is meant to move; it shows there with its verdict."),
    )
    metric = models.ForeignKey(
        "strategy.Metric",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discovery_hypotheses",
        verbose_name=_("will move (metric)"),
    )
    metric_kind = models.CharField(
        _("the metric is"), max_length=8, choices=MetricKind.choices, default=MetricKind.RATE
    )
    baseline = models.FloatField(_("from (baseline)"), null=True, blank=True)
    target = models.FloatField(_("to (target)"), null=True, blank=True)
    target_date = models.DateField(_("by (date)"), null=True, blank=True)
    category = models.CharField(
        _("assumption category"),
        max_length=14,
        choices=Category.choices,
        default=Category.DESIRABILITY,
    )
    importance = models.PositiveSmallIntegerField(
        _("importance"),
        default=3,
        help_text=_("1 = the bet survives if it is wrong, 5 = everything depends on it."),
    )
    evidence = models.PositiveSmallIntegerField(
        _("evidence so far"),
        default=1,
        help_text=_("1 = none, 5 = strong evidence that it holds."),
    )
    # The decision rule, fixed before the first result is in.
    direction = models.CharField(
        _("direction"), max_length=8, choices=RuleDirection.choices, default=RuleDirection.HIGHER
    )
    minimum_effect = models.FloatField(
        _("minimum detectable effect"),
        null=True,
        blank=True,
        help_text=_(
            "The smallest change worth having. Empty: the distance from baseline to target."
        ),
    )
    effect_scale = models.CharField(
        _("the minimum effect is"),
        max_length=8,
        choices=EffectScale.choices,
        default=EffectScale.ABSOLUTE,
    )
    alpha = models.FloatField(_("significance level α"), default=0.05)
    power = models.FloatField(_("power"), default=0.8)
    criterion = models.CharField(
        _("we are right if"),
        max_length=32,
        choices=Criterion.choices,
        default=Criterion.INTERVAL_EXCLUDES_ZERO,
    )
    rule_text = models.TextField(
        _("decision rule in our words"),
        blank=True,
        help_text=_("“We are right if …” — written before the test starts."),
    )
    sd = models.FloatField(
        _("standard deviation per unit"),
        null=True,
        blank=True,
        help_text=_("For an average: how much it varies from unit to unit (from past data)."),
    )
    weekly_traffic = models.FloatField(
        _("units per week"),
        null=True,
        blank=True,
        help_text=_("Visitors or users entering the test per week, both groups together."),
    )
    planned_n_per_arm = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=HypothesisStatus.choices,
        default=HypothesisStatus.OPEN,
        editable=False,
    )
    rule_fixed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "product__workspace"
    RULE_FIELDS = [
        "metric_kind",
        "baseline",
        "target",
        "direction",
        "minimum_effect",
        "effect_scale",
        "alpha",
        "power",
        "criterion",
        "rule_text",
    ]
    EDITABLE_FIELDS = [
        "statement",
        "change",
        "audience",
        "solution",
        "key_result",
        "metric",
        "target_date",
        "category",
        "importance",
        "evidence",
        *RULE_FIELDS,
        "sd",
        "weekly_traffic",
    ]

    class Meta:
        ordering = ["product", "created_at", "id"]
        verbose_name = _("hypothesis")
        verbose_name_plural = _("hypotheses")

    def __str__(self) -> str:
        return self.short(self.statement)

    @staticmethod
    def short(statement: str) -> str:
        """A statement on one line, at most 120 characters: how lists name a hypothesis."""
        text = " ".join(statement.split())
        return text if len(text) <= 120 else text[:119] + "…"

    def clean(self) -> None:
        """What the hypothesis links to belongs to its product (a key result to its
        workspace); the numbers make a decision rule the statistics engine accepts
        (``verdicts.rule_problems``): no impossible rate, no target equal to the baseline,
        no standard deviation at or below zero — each said on its field."""
        from leitstern.discovery import verdicts

        errors: dict[str, list] = {}

        def add(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        workspace_id = self.product.workspace_id if self.product_id else None
        if self.solution_id and self.solution.product_id != self.product_id:
            add("solution", _("Choose a solution of this product."))
        if self.key_result_id and self.key_result.objective.cycle.workspace_id != workspace_id:
            add("key_result", _("Choose a key result of this workspace."))
        if self.metric_id and self.metric.product.workspace_id != workspace_id:
            add("metric", _("Choose a metric of this workspace."))
        for field in ("importance", "evidence"):
            value = getattr(self, field)
            if value is not None and value not in SCALE:
                add(field, _("Choose a value from 1 to 5."))
        for field, message in verdicts.rule_problems(self):
            add(field, message)
        if errors:
            raise ValidationError(errors)

    # --- the rule and its fixing -------------------------------------------------------

    @property
    def rule_is_fixed(self) -> bool:
        return self.rule_fixed_at is not None

    def ensure_rule_changeable(self, changed: set[str]) -> None:
        """A decision rule is pre-registered: once an experiment testing the hypothesis has
        started or has results, the rule it will be judged by no longer changes (changing it
        after seeing data would make any verdict a matter of choice). State a new
        hypothesis instead."""
        fixed = sorted(changed & set(self.RULE_FIELDS))
        if self.rule_is_fixed and fixed:
            when = formats.date_format(self.rule_fixed_at, "SHORT_DATE_FORMAT")
            message = _(
                "The decision rule was fixed on %(date)s, when the first experiment started; "
                "to judge by another rule, state a new hypothesis."
            ) % {"date": when}
            raise ValidationError(dict.fromkeys(fixed, message))

    @property
    def is_important_and_unknown(self) -> bool:
        """The assumption map's top-right quadrant: test these first."""
        return self.importance > MIDDLE and self.evidence < MIDDLE

    @property
    def is_decided(self) -> bool:
        return self.status in (
            HypothesisStatus.VALIDATED,
            HypothesisStatus.INVALIDATED,
            HypothesisStatus.INCONCLUSIVE,
        )

    def ensure_deletable(self) -> None:
        """A hypothesis judged by an experiment stays: its verdict is part of the record."""
        if self.rule_is_fixed:
            raise ValidationError(
                _(
                    "This hypothesis has been tested; it stays with its verdicts. Mark its "
                    "solution as dropped instead."
                )
            )
