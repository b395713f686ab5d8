"""Metrics and their dated values: a product's North Star, its inputs and other metrics."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.strategy import scoring


class Direction(models.TextChoices):
    HIGHER = scoring.Direction.HIGHER, _("higher is better")
    LOWER = scoring.Direction.LOWER, _("lower is better")
    RANGE = scoring.Direction.RANGE, _("keep within a range")


class KeyResultDirection(models.TextChoices):
    HIGHER = scoring.Direction.HIGHER, _("increase to the target")
    LOWER = scoring.Direction.LOWER, _("decrease to the target")


class MetricRole(models.TextChoices):
    NORTH_STAR = "north_star", _("North Star metric")
    INPUT = "input", _("input metric")
    OTHER = "other", _("other metric")


class InputKind(models.TextChoices):
    BREADTH = "breadth", _("breadth (how many use it)")
    DEPTH = "depth", _("depth (how intensely)")
    FREQUENCY = "frequency", _("frequency (how often)")
    EFFICIENCY = "efficiency", _("efficiency (how quickly or easily)")


# The North Star checklist (Amplitude): field name → what it asks.
NORTH_STAR_CHECKLIST = [
    ("ns_expresses_value", _("It expresses value: customers get something out of it.")),
    ("ns_reflects_strategy", _("It reflects our strategy.")),
    ("ns_leading", _("It is a leading indicator of future revenue.")),
    ("ns_actionable", _("Teams can influence it through their work.")),
    ("ns_understandable", _("Everyone understands it, not just analysts.")),
    ("ns_measurable", _("We can measure it reliably.")),
    ("ns_not_vanity", _("It is not a vanity metric.")),
]


class MetricQuerySet(models.QuerySet["Metric"]):
    def with_latest(self) -> MetricQuerySet:
        latest = MetricValue.objects.filter(metric=OuterRef("pk")).order_by("-day")
        return self.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_day=Subquery(latest.values("day")[:1]),
        )


class Metric(Versioned):
    workspace_path: ClassVar[str] = "product__workspace"

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="metrics"
    )
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(
        _("definition"), blank=True, help_text=_("How exactly it is counted, and from where.")
    )
    unit = models.CharField(
        _("unit"), max_length=32, blank=True, help_text=_("For example %, €, orders, seconds.")
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    range_low = models.FloatField(_("range from"), null=True, blank=True)
    range_high = models.FloatField(_("range to"), null=True, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=MetricRole.choices, default=MetricRole.OTHER
    )
    input_kind = models.CharField(
        _("kind of input"), max_length=12, choices=InputKind.choices, blank=True
    )
    value_statement = models.TextField(
        _("customer value"),
        blank=True,
        help_text=_("For the North Star: which value for customers this number expresses."),
    )
    ns_expresses_value = models.BooleanField(_("expresses value"), default=False)
    ns_reflects_strategy = models.BooleanField(_("reflects the strategy"), default=False)
    ns_leading = models.BooleanField(_("leading indicator"), default=False)
    ns_actionable = models.BooleanField(_("actionable"), default=False)
    ns_understandable = models.BooleanField(_("understandable"), default=False)
    ns_measurable = models.BooleanField(_("measurable"), default=False)
    ns_not_vanity = models.BooleanField(_("not a vanity metric"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MetricQuerySet.as_manager()

    EDITABLE_FIELDS = [
        "name",
        "description",
        "unit",
        "direction",
        "range_low",
        "range_high",
        "role",
        "input_kind",
        "value_statement",
        *(name for name, _label in NORTH_STAR_CHECKLIST),
    ]

    class Meta:
        ordering = ["product", "role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(role="north_star"),
                name="one_north_star_per_product",
                violation_error_message=_("This product already has a North Star metric."),
            ),
            models.UniqueConstraint(
                fields=["product", "name"],
                name="unique_metric_name_per_product",
                violation_error_message=_("This product already has a metric of that name."),
            ),
        ]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A range metric needs its range; only input metrics have an input kind, and
        every input metric names one (breadth, depth, frequency or efficiency)."""
        errors = {}
        if self.direction == Direction.RANGE:
            if self.range_low is None and self.range_high is None:
                errors["range_low"] = _("Give at least one end of the range.")
            elif (
                self.range_low is not None
                and self.range_high is not None
                and self.range_low > self.range_high
            ):
                errors["range_high"] = _("The end of the range must not be below its start.")
        if self.role == MetricRole.INPUT and not self.input_kind:
            errors["input_kind"] = _("Say which kind of input this is.")
        if self.role != MetricRole.INPUT and self.input_kind:
            errors["input_kind"] = _("Only input metrics have a kind of input.")
        if errors:
            raise ValidationError(errors)

    def ensure_deletable(self) -> None:
        """A metric that a key result follows is that key result's current value: deleting
        it would silently turn the key result into a hand-entered one with no value, so the
        key results must let go of it first."""
        following = list(self.key_results.values_list("title", flat=True)[:3])
        if following:
            raise ValidationError(
                {
                    "metric": _(
                        "Key results follow this metric (%(titles)s); change or delete them "
                        "first, then delete the metric."
                    )
                    % {"titles": ", ".join(f"“{title}”" for title in following)}
                }
            )

    @property
    def is_north_star(self) -> bool:
        return self.role == MetricRole.NORTH_STAR

    def checklist(self) -> list[tuple[str, object, bool]]:
        return [(name, label, getattr(self, name)) for name, label in NORTH_STAR_CHECKLIST]

    @property
    def checklist_done(self) -> int:
        return sum(1 for _name, _label, done in self.checklist() if done)


class ValueSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    CSV = "csv", _("CSV upload")
    API = "api", _("API")
    CHECK_IN = "check_in", _("check-in")


class MetricValue(models.Model):
    """One dated value. One per metric and day: entering a day again replaces it."""

    workspace_path: ClassVar[str] = "metric__product__workspace"

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="values")
    day = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=ValueSource.choices, default=ValueSource.MANUAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "day"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "day"], name="one_value_per_metric_day")
        ]
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")

    def __str__(self) -> str:
        return f"{self.metric}: {self.value:g} ({self.day:%Y-%m-%d})"


class MetricTarget(models.Model):
    """A value the metric should reach by a date, drawn as a point on its chart."""

    workspace_path: ClassVar[str] = "metric__product__workspace"

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="targets")
    day = models.DateField(_("by"))
    value = models.FloatField(_("target value"))
    label = models.CharField(_("label"), max_length=120, blank=True)

    class Meta:
        ordering = ["metric", "day"]
        verbose_name = _("metric target")
        verbose_name_plural = _("metric targets")

    def __str__(self) -> str:
        return f"{self.metric}: {self.value:g} by {self.day:%Y-%m-%d}"


class Annotation(models.Model):
    """Something that happened ("checkout redesign released"), marked on the product's
    metric charts; with a metric, only on that metric's chart."""

    workspace_path: ClassVar[str] = "product__workspace"

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="metric_annotations"
    )
    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations"
    )
    day = models.DateField(_("date"))
    text = models.CharField(_("what happened"), max_length=160)

    class Meta:
        ordering = ["day"]
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.text}"
