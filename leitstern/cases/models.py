"""Business cases: an initiative's phases, cost and benefit lines with uncertain numbers,
and the actual costs and benefits of the months already over.

Every number a person estimates is stored as an estimate (``estimates.py``): a point, a
calibrated 90% range or a three-point estimate. The engine (``leitstern.engines.cases``)
gets the case as its own frozen dataclasses (``mapping.py``); its last result is kept on the
case, with the assumptions' revision it belongs to, so the result page never simulates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leitstern.core.versioning import Versioned

MAX_HORIZON = 600
MIN_TRIALS, MAX_TRIALS, DEFAULT_TRIALS = 1_000, 200_000, 100_000
MAX_LINES = 200
MAX_PHASES = 20


class Template(models.TextChoices):
    AI = "ai-initiative", _("AI initiative")
    BLANK = "blank", _("blank case")


class IfMissed(models.TextChoices):
    STOP = "stop", _("the initiative stops")
    SKIP = "skip", _("only this phase's lines never start")


class LineKind(models.TextChoices):
    COST = "cost", _("cost")
    BENEFIT = "benefit", _("benefit")


class Category(models.TextChoices):
    """Cost categories (the engine's ``COST_CATEGORIES``) and benefit kinds."""

    PEOPLE = "people", pgettext_lazy("cost category", "people")
    INFRASTRUCTURE = "infrastructure", _("infrastructure and licences")
    INFERENCE = "inference", _("inference and tokens")
    DATA = "data", _("data acquisition and quality")
    EVALUATION = "evaluation", _("evaluation and monitoring")
    SUPPORT = "support", _("support and incident response")
    OTHER = "other", _("other")
    REVENUE = "revenue", _("revenue")
    SAVINGS = "savings", _("cost savings")
    RISK = "risk", _("risk reduction")


COST_CATEGORIES = [
    c for c in Category if c not in (Category.REVENUE, Category.SAVINGS, Category.RISK)
]


class Driver(models.TextChoices):
    STAFF = "staff", _("people: FTE × loaded monthly cost")
    AMOUNT = "amount", _("an amount")
    USAGE = "usage", _("usage: volume × unit price, growing")
    REVENUE = "revenue", _("revenue: users × conversion × price")
    SAVINGS = "savings", _("savings: hours × rate × adoption")
    RISK = "risk", _("risk reduction: probability × impact")


COST_DRIVERS = (Driver.STAFF, Driver.AMOUNT, Driver.USAGE)
BENEFIT_DRIVERS = (Driver.REVENUE, Driver.SAVINGS, Driver.RISK, Driver.AMOUNT)
# The estimated numbers of each driver, in the order the forms show them.
DRIVER_FIELDS: dict[str, tuple[str, ...]] = {
    Driver.STAFF: ("fte", "monthly_cost"),
    Driver.AMOUNT: ("amount",),
    Driver.USAGE: ("volume", "unit_price", "growth"),
    Driver.REVENUE: ("users", "conversion", "price"),
    Driver.SAVINGS: ("hours", "rate", "adoption"),
    Driver.RISK: ("probability", "impact"),
}


class ComputeState(models.TextChoices):
    QUEUED = "queued", _("waiting to run")
    RUNNING = "running", _("running")
    FAILED = "failed", _("failed")


class Scenario(models.TextChoices):
    CONSERVATIVE = "conservative", _("conservative")
    OPTIMISTIC = "optimistic", _("optimistic")


class BusinessCase(Versioned):
    """What an initiative will cost, what it may bring, and how sure anyone can be."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="business_cases"
    )
    name = models.CharField(_("name"), max_length=120)
    question = models.TextField(
        _("decision to support"),
        blank=True,
        help_text=_("For example: should we build an AI assistant for customer service?"),
    )
    horizon_months = models.PositiveIntegerField(
        _("horizon (months)"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)],
    )
    discount_rate = models.FloatField(
        _("discount rate per year"),
        default=0.08,
        validators=[MinValueValidator(-0.5), MaxValueValidator(1.0)],
        help_text=_("As a fraction: 0.08 is 8% a year."),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    trials = models.PositiveIntegerField(
        _("simulated futures"),
        default=DEFAULT_TRIALS,
        validators=[MinValueValidator(MIN_TRIALS), MaxValueValidator(MAX_TRIALS)],
    )
    seed = models.PositiveIntegerField(
        _("random seed"),
        default=2026,
        help_text=_("The same seed and assumptions give the same result."),
    )
    template = models.CharField(
        _("template"), max_length=20, choices=Template.choices, default=Template.BLANK
    )
    roadmap_item = models.ForeignKey(
        "roadmap.RoadmapItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("roadmap item"),
    )
    opportunity = models.ForeignKey(
        "discovery.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opportunity"),
    )
    hypothesis = models.ForeignKey(
        "discovery.Hypothesis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hypothesis"),
    )
    # Raised by one with every change of an assumption (case, phase, line, actual): a kept
    # result belongs to the revision it was computed for.
    revision = models.PositiveIntegerField(default=1, editable=False)
    result = models.JSONField(null=True, blank=True, editable=False)
    result_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The background run asked for: the revision it simulates, whether it waits in the queue,
    # runs or failed, and how many of its trials are done (the page's progress bar).
    compute_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    compute_state = models.CharField(
        max_length=10, choices=ComputeState.choices, blank=True, default="", editable=False
    )
    compute_done = models.PositiveIntegerField(default=0, editable=False)
    # A conservative or optimistic copy of another case ("Make scenarios"): which one, and
    # of which case (empty once that case is deleted).
    scenario_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="scenarios",
    )
    scenario = models.CharField(
        max_length=12, choices=Scenario.choices, blank=True, default="", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "workspace"
    EDITABLE_FIELDS = [
        "name",
        "question",
        "horizon_months",
        "discount_rate",
        "currency",
        "trials",
        "seed",
        "roadmap_item",
        "opportunity",
        "hypothesis",
    ]

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")

    def __str__(self) -> str:
        return self.name

    @property
    def result_is_current(self) -> bool:
        return self.result is not None and self.result_revision == self.revision

    @property
    def computing(self) -> bool:
        """A run of the current assumptions waits in the queue or runs."""
        return (
            self.compute_state in (ComputeState.QUEUED, ComputeState.RUNNING)
            and self.compute_revision == self.revision
            and not self.result_is_current
        )

    @property
    def compute_failed(self) -> bool:
        return self.compute_state == ComputeState.FAILED and self.compute_revision == self.revision

    @property
    def compute_percent(self) -> int:
        return min(100, round(100 * self.compute_done / max(1, self.trials)))

    def clean(self) -> None:
        if self.currency and not (len(self.currency) == 3 and self.currency.isalpha()):
            raise ValidationError(
                {"currency": _("Give the currency as its three-letter code, such as EUR.")}
            )
        self.currency = self.currency.upper()


class CasePhase(models.Model):
    """A stage of the initiative with the chance of reaching it once the one before has
    been reached."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="phases")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    start_month = models.PositiveIntegerField(
        _("start month"), validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)]
    )
    end_month = models.PositiveIntegerField(
        _("end month"), validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)]
    )
    probability = models.FloatField(
        _("probability of reaching it"),
        default=1.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Once the phase before it has been reached; 0.5 is one in two."),
    )
    if_missed = models.CharField(
        _("if it is not reached"), max_length=4, choices=IfMissed.choices, default=IfMissed.STOP
    )
    note = models.TextField(_("note"), blank=True)

    workspace_path = "case__workspace"

    class Meta:
        ordering = ["start_month", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="cases_phase_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError({"end_month": _("The phase ends before it starts.")})


class CaseLine(models.Model):
    """A cost or a benefit. ``values`` holds the driver's estimates by field name
    (``estimates.py``); ``step_ups`` the factors from a phase on: ``[{"phase", "factor"}]``."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="lines")
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=7, choices=LineKind.choices)
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    driver = models.CharField(_("how it is priced"), max_length=8, choices=Driver.choices)
    values = models.JSONField(_("estimates"), default=dict)
    phase = models.CharField(_("phase"), max_length=40, blank=True)
    until = models.CharField(_("until the end of"), max_length=40, blank=True)
    start_month = models.PositiveIntegerField(
        _("first month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)],
        help_text=_("Empty: from the start of its phase."),
    )
    end_month = models.PositiveIntegerField(
        _("last month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)],
        help_text=_("Empty: to the end of its phase (or of “until”)."),
    )
    recurring = models.BooleanField(_("every month"), default=True)
    event = models.CharField(
        _("only if the event happens"),
        max_length=40,
        blank=True,
        help_text=_("Empty: the line does not hang on a yes/no event."),
    )
    step_ups = models.JSONField(_("step-ups"), default=list, blank=True)
    lag_months = models.JSONField(_("time to impact (months)"), null=True, blank=True)
    ramp_months = models.JSONField(_("ramp-up (months)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveIntegerField(default=0)

    workspace_path = "case__workspace"

    class Meta:
        ordering = ["kind", "position", "id"]
        verbose_name = _("line")
        verbose_name_plural = _("lines")
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="cases_line_key_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CaseEvent(models.Model):
    """A yes/no event with its chance of happening (a regulator's audit, a key customer
    signing): drawn once per simulated future; lines naming it count only in the futures
    where it happens."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="events")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    probability = models.FloatField(
        _("probability that it happens"),
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("As a fraction: 0.3 is a chance of 30%."),
    )
    note = models.TextField(_("note"), blank=True)

    workspace_path = "case__workspace"

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("yes/no event")
        verbose_name_plural = _("yes/no events")
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="cases_event_key_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def input_key(self) -> str:
        return f"events.{self.key}"


class CaseCorrelation(models.Model):
    """A rank correlation between two uncertain inputs of the case, named as the engine
    names them (``"ml_engineers.fte"``, ``"phases.pilot"``, ``"events.audit"``): when one is
    high, the other tends to be high too (or low, for a negative correlation)."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="correlations")
    first = models.CharField(_("first input"), max_length=100)
    second = models.CharField(_("second input"), max_length=100)
    rank = models.FloatField(
        _("rank correlation"),
        help_text=_(
            "From -1 to 1: 0.5 means the two tend to move together, -0.5 that one tends "
            "to be high when the other is low, 0 that they are unrelated."
        ),
    )
    note = models.CharField(_("why they move together"), max_length=300, blank=True)

    workspace_path = "case__workspace"

    class Meta:
        ordering = ["id"]
        verbose_name = _("correlation")
        verbose_name_plural = _("correlations")

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second}"


class CaseActual(models.Model):
    """What one month really cost and brought; the simulation keeps it fixed."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="actuals")
    month = models.PositiveIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(MAX_HORIZON)]
    )
    cost = models.FloatField(
        _("actual cost"), default=0, validators=[MinValueValidator(0), MaxValueValidator(1e12)]
    )
    benefit = models.FloatField(
        _("actual benefit"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1e12)],
    )
    # The cost split by cost category ({"people": 52000, "inference": 800}); empty: not
    # split (the engine counts the month's cost as "unallocated").
    cost_by_category = models.JSONField(_("cost by category"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    workspace_path = "case__workspace"

    class Meta:
        ordering = ["month"]
        verbose_name = _("actual")
        verbose_name_plural = _("actuals")
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="cases_actual_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.month}"


class VerdictUpdate(models.Model):
    """What an editor did with a linked hypothesis' verdict: took its measured value as the
    new range of a benefit input (``accepted``), or left the case as it was. A verdict is
    offered once per case; the change itself is in the line and its history."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="verdict_updates")
    verdict = models.ForeignKey("discovery.Verdict", on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField(default=False)
    line = models.ForeignKey(
        CaseLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    field = models.CharField(max_length=20, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    why = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "case__workspace"

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("verdict taken into the case")
        verbose_name_plural = _("verdicts taken into the case")
        constraints = [
            models.UniqueConstraint(fields=["case", "verdict"], name="cases_verdict_once")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.verdict_id}"


class ComparisonRun(models.Model):
    """The joint simulation of 2 to 6 cases (``comparison.py``), run in the background:
    ``cases`` names them in their order, ``key`` also their revisions, trials and seeds (a
    change of any assumption makes a new key). Derived numbers: a run is replaced by the
    next one of the same cases and is not exported."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    cases = models.CharField(max_length=100)
    key = models.CharField(max_length=400)
    trials = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=ComputeState.choices, blank=True, default="")
    done = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    workspace_path = "workspace"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("comparison run")
        verbose_name_plural = _("comparison runs")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="cases_comparison_key")
        ]
        indexes = [models.Index(fields=["workspace", "cases"], name="cases_comparison_cases")]

    def __str__(self) -> str:
        return self.cases

    @property
    def ids(self) -> list[int]:
        return [int(part) for part in self.cases.split(",") if part]
