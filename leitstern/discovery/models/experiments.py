"""Experiments that test hypotheses, their results, learning cards and verdicts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.discovery.results import BEFORE_AFTER_FIELDS, COUNT_FIELDS, MEAN_FIELDS


class ExperimentKind(models.TextChoices):
    AB_TEST = "ab_test", _("A/B test")
    FAKE_DOOR = "fake_door", _("fake door")
    CONCIERGE = "concierge", _("concierge")
    PROTOTYPE = "prototype", _("prototype test")
    INTERVIEWS = "interviews", _("interview round")
    DATA_ANALYSIS = "data_analysis", _("data analysis")


class ExperimentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")


class ResultKind(models.TextChoices):
    COUNTS = "counts", _("counts: conversions and visitors per group")
    MEANS = "means", _("averages: mean, standard deviation and n per group")
    BEFORE_AFTER = "before_after", _("before / after: a metric's values around a change")
    JUDGEMENT = "judgement", _("observations judged by the team (no statistical test)")


class Judgement(models.TextChoices):
    VALIDATED = "validated", _("validated")
    INVALIDATED = "invalidated", _("invalidated")
    INCONCLUSIVE = "inconclusive", _("inconclusive")


# Which way results are usually entered for each kind of experiment (a default only).
DEFAULT_RESULT_KIND: dict[str, str] = {
    ExperimentKind.AB_TEST: ResultKind.COUNTS,
    ExperimentKind.FAKE_DOOR: ResultKind.COUNTS,
    ExperimentKind.CONCIERGE: ResultKind.JUDGEMENT,
    ExperimentKind.PROTOTYPE: ResultKind.JUDGEMENT,
    ExperimentKind.INTERVIEWS: ResultKind.JUDGEMENT,
    ExperimentKind.DATA_ANALYSIS: ResultKind.BEFORE_AFTER,
}

RESULT_FIELDS = [
    "result_kind",
    "share_b",
    *COUNT_FIELDS,
    *MEAN_FIELDS,
    *BEFORE_AFTER_FIELDS,
    "judgement",
]
LEARNING_FIELDS = ["believed", "observed", "learned", "next_step"]


class Experiment(Versioned):
    """Tests one or more hypotheses of a product. Results are entered in one of the ways of
    ``ResultKind``; closing it takes the learning card and stores one verdict per
    hypothesis."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_experiments"
    )
    hypotheses = models.ManyToManyField(
        "discovery.Hypothesis", related_name="experiments", verbose_name=_("tests")
    )
    title = models.CharField(_("experiment"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=14, choices=ExperimentKind.choices, default=ExperimentKind.AB_TEST
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExperimentStatus.choices,
        default=ExperimentStatus.PLANNED,
        editable=False,
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("set-up"), blank=True)
    # Results
    result_kind = models.CharField(
        _("results as"), max_length=14, choices=ResultKind.choices, default=ResultKind.COUNTS
    )
    share_b = models.FloatField(
        _("share of units in B (%)"),
        default=50.0,
        help_text=_("The planned split; the sample-ratio check compares the groups' sizes to it."),
    )
    conversions_a = models.BigIntegerField(_("conversions in A (control)"), null=True, blank=True)
    visitors_a = models.BigIntegerField(_("visitors in A (control)"), null=True, blank=True)
    conversions_b = models.BigIntegerField(_("conversions in B (change)"), null=True, blank=True)
    visitors_b = models.BigIntegerField(_("visitors in B (change)"), null=True, blank=True)
    mean_a = models.FloatField(_("mean in A (control)"), null=True, blank=True)
    sd_a = models.FloatField(_("standard deviation in A"), null=True, blank=True)
    n_a = models.BigIntegerField(_("n in A"), null=True, blank=True)
    mean_b = models.FloatField(_("mean in B (change)"), null=True, blank=True)
    sd_b = models.FloatField(_("standard deviation in B"), null=True, blank=True)
    n_b = models.BigIntegerField(_("n in B"), null=True, blank=True)
    result_metric = models.ForeignKey(
        "strategy.Metric",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discovery_experiments",
        verbose_name=_("metric"),
    )
    before_from = models.DateField(_("before: from"), null=True, blank=True)
    change_on = models.DateField(
        _("change on"),
        null=True,
        blank=True,
        help_text=_("The first day with the change; values before it are “before”."),
    )
    after_to = models.DateField(_("after: until"), null=True, blank=True)
    judgement = models.CharField(
        _("the team's judgement"), max_length=12, choices=Judgement.choices, blank=True
    )
    # The learning card, written when the experiment is closed.
    believed = models.TextField(_("we believed"), blank=True)
    observed = models.TextField(_("we observed"), blank=True)
    learned = models.TextField(_("we learned"), blank=True)
    next_step = models.TextField(_("therefore we will"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "product__workspace"
    PLAN_FIELDS = ["title", "kind", "starts_on", "ends_on", "description", "hypotheses"]
    EDITABLE_FIELDS = [*PLAN_FIELDS, *RESULT_FIELDS]

    class Meta:
        ordering = ["product", "-created_at", "-id"]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Dates in order; results that the statistics engine can compare honestly
        (``verdicts.result_problems``): conversions never above visitors, no negative or
        fractional counts, standard deviations above zero, a planned split strictly
        between 0 and 100% — each said on its field, nothing clipped."""
        from leitstern.discovery import verdicts

        errors: dict[str, list] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("An experiment cannot end before it starts.")]
        for field, message in verdicts.result_problems(self):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def ensure_open(self) -> None:
        """A closed experiment is a record: its results and verdicts no longer change."""
        if self.is_closed:
            raise ValidationError(
                _("This experiment is closed; its results and verdicts no longer change.")
            )

    def ensure_deletable(self) -> None:
        """A closed experiment's verdicts are part of the hypotheses' record."""
        if self.is_closed:
            raise ValidationError(
                _("This experiment is closed and judged its hypotheses; it stays on record.")
            )

    @property
    def planned_split(self) -> tuple[float, float]:
        return (100.0 - self.share_b, self.share_b)

    def has_results(self) -> bool:
        from leitstern.discovery import verdicts

        return verdicts.has_results(self)


class Verdict(models.Model):
    """The verdict an experiment gave one hypothesis when it was closed, with every number
    behind it (the statistics engine's ``Verdict.as_dict()``), kept as it was."""

    class Outcome(models.TextChoices):
        MET = "met", _("decision rule met")
        REFUTED = "refuted", _("refuted")
        INCONCLUSIVE = "inconclusive", _("inconclusive")
        INVALID = "invalid", _("invalid (sample-ratio mismatch)")
        JUDGED_VALIDATED = "judged_validated", _("validated by the team's judgement")
        JUDGED_INVALIDATED = "judged_invalidated", _("invalidated by the team's judgement")
        JUDGED_INCONCLUSIVE = "judged_inconclusive", _("inconclusive by the team's judgement")

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="verdicts")
    hypothesis = models.ForeignKey(
        "discovery.Hypothesis", on_delete=models.CASCADE, related_name="verdicts"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField()

    workspace_path = "experiment__product__workspace"

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["experiment", "hypothesis"], name="one_verdict_per_experiment_hypothesis"
            )
        ]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")

    def __str__(self) -> str:
        return f"{self.hypothesis}: {self.get_outcome_display()}"

    @property
    def is_judgement(self) -> bool:
        return self.outcome.startswith("judged_")
