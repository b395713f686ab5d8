"""OKRs: cycles, objectives, key results and their weekly check-ins."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.strategy import scoring
from leitstern.strategy.models.metrics import KeyResultDirection, Metric, MetricValue
from leitstern.strategy.periods import week_of

if TYPE_CHECKING:
    from leitstern.accounts.models import User


class CycleQuerySet(models.QuerySet["Cycle"]):
    def open(self) -> CycleQuerySet:
        return self.filter(closed_at__isnull=True)

    def closed(self) -> CycleQuerySet:
        return self.filter(closed_at__isnull=False)

    def current(self, today: date) -> CycleQuerySet:
        """Cycles running ``today``: the queryset form of ``Cycle.is_running``."""
        return self.open().filter(starts_on__lte=today, ends_on__gte=today)


class Cycle(Versioned):
    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="okr_cycles"
    )
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"],
                name="unique_cycle_name",
                violation_error_message=_("This workspace already has a cycle of that name."),
            )
        ]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A cycle must end after it starts.")})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def ensure_open(self) -> None:
        """A closed cycle is a record of what happened: its OKRs and check-ins no longer
        change, so its scores and learnings stay as they were when it was closed."""
        if self.is_closed:
            raise ValidationError(_("This cycle is closed; its OKRs can no longer change."))

    def is_running(self, today: date) -> bool:
        """Whether people work on this cycle's OKRs now: it is open and ``today`` lies
        within its dates. Only a running cycle's key results are asked for check-ins and get
        a trend to its end (``CycleQuerySet.current`` is the same rule for a list)."""
        return not self.is_closed and self.starts_on <= today <= self.ends_on

    def weeks(self) -> list[date]:
        """The Monday of every week the cycle touches."""
        days, monday = [], week_of(self.starts_on)
        while monday <= self.ends_on:
            days.append(monday)
            monday = date.fromordinal(monday.toordinal() + 7)
        return days


class ObjectiveKind(models.TextChoices):
    COMMITTED = "committed", _("committed")
    ASPIRATIONAL = "aspirational", _("aspirational")


class Objective(Versioned):
    """What the workspace, a product or a delivery team wants to achieve in a cycle.
    Each objective sits on exactly one level: a product, a team, or (with neither) the
    whole workspace."""

    workspace_path: ClassVar[str] = "cycle__workspace"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="objectives")
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("product"),
        help_text=_("Leave empty for an objective of the whole workspace."),
    )
    team = models.ForeignKey(
        "teams.Team",
        # Deleting a team must not erase past OKRs: its objectives fall back to the
        # workspace level and keep their history.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("team"),
        help_text=_("For an objective of one delivery team; leave the product empty then."),
    )
    title = models.CharField(_("objective"), max_length=200)
    description = models.TextField(_("why it matters"), blank=True)
    kind = models.CharField(
        _("type"),
        max_length=12,
        choices=ObjectiveKind.choices,
        default=ObjectiveKind.COMMITTED,
        help_text=_(
            "Committed objectives are expected to be fully achieved (1.0); aspirational ones "
            "are ambitious and count as a success around 0.7."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_objectives",
        verbose_name=_("owner"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("contributes to"),
        help_text=_("The higher objective this one supports (alignment)."),
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    learnings = models.TextField(_("learnings"), blank=True)
    postmortem = models.TextField(
        _("post-mortem"),
        blank=True,
        help_text=_("For a committed objective that missed 1.0: what got in the way?"),
    )
    final_score = models.FloatField(null=True, blank=True)
    # The mean of its key results' kept scores (``None`` without key results), kept by the
    # services in the transaction that changes them (``services/scores.py``).
    kept_score = models.FloatField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    EDITABLE_FIELDS = ["title", "description", "kind", "owner", "product", "team", "parent"]
    # What a review writes; still open to change after the cycle closed.
    REVIEW_FIELDS = ["learnings", "postmortem"]

    class Meta:
        ordering = ["cycle", "product__name", "created_at", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Everything an objective links to lives in its cycle's workspace; an objective
        sits on one level only (a product's and a team's at once would be counted twice
        in the alignment tree); a parent is in the same cycle and never the objective
        itself or one of its descendants."""
        errors = {}
        workspace_id = self.cycle.workspace_id if self.cycle_id else None
        if self.product_id and self.product.workspace_id != workspace_id:
            errors["product"] = _("Choose a product of this workspace.")
        if self.team_id and self.team.workspace_id != workspace_id:
            errors["team"] = _("Choose a team of this workspace.")
        if self.product_id and self.team_id:
            errors["team"] = _(
                "An objective belongs to a product or to a team, not both: leave one empty."
            )
        if self.parent_id:
            if self.parent.cycle_id != self.cycle_id:
                errors["parent"] = _("The parent objective must be in the same cycle.")
            elif self.pk and self._is_ancestor_of_parent():
                errors["parent"] = _("An objective cannot contribute to itself.")
        if errors:
            raise ValidationError(errors)

    def _is_ancestor_of_parent(self) -> bool:
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == self.pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    @property
    def level(self) -> str:
        """``"product"``, ``"team"`` or ``"workspace"``."""
        if self.product_id:
            return "product"
        if self.team_id:
            return "team"
        return "workspace"

    @property
    def level_label(self) -> str:
        """The product's or team's name, or "workspace"."""
        if self.product_id:
            return self.product.name
        if self.team_id:
            return self.team.name
        return str(_("workspace"))

    def ensure_changeable(self, fields: Iterable[str]) -> None:
        """Whether ``fields`` may change now. A closed cycle's objectives stay as they were
        scored (``Cycle.ensure_open``); only their review, the learnings and the
        post-mortem, can still be written after the close, since that is when people write
        them."""
        if set(fields) - set(self.REVIEW_FIELDS):
            self.cycle.ensure_open()

    def ensure_deletable(self) -> None:
        """A closed cycle's objectives stay: past cycles remain readable as they were
        reviewed, with their scores, learnings and post-mortems."""
        if self.cycle.is_closed:
            raise ValidationError(
                {
                    "cycle": _(
                        "This objective belongs to a closed cycle; past cycles stay "
                        "readable, so it cannot be deleted."
                    )
                }
            )

    @property
    def expected_score(self) -> float:
        """What a success scores: 1.0 for a committed objective, about 0.7 for an
        aspirational one (Google's OKR grading)."""
        return scoring.expected_score(self.kind)

    @property
    def is_committed(self) -> bool:
        return self.kind == ObjectiveKind.COMMITTED

    @property
    def may_carry_forward(self) -> bool:
        """Only an aspirational objective is carried into the next cycle when its cycle
        closes: it was a stretch, and what it did not reach may still be worth pursuing.
        A committed objective that missed 1.0 gets a post-mortem instead
        (``needs_postmortem``)."""
        return self.kind == ObjectiveKind.ASPIRATIONAL

    def score_from(self, key_result_scores: Sequence[float]) -> float | None:
        """The objective's score: the mean of its key results' scores (``None`` without
        any key result); once its cycle is closed, the score frozen at the close, whatever
        its key results read now."""
        if self.cycle.is_closed and self.final_score is not None:
            return self.final_score
        return scoring.objective_score(key_result_scores)

    def meets_expectation(self, score: float | None) -> bool | None:
        """Whether ``score``, as a page shows it (one decimal), reaches ``expected_score``;
        ``None`` without a score. Judged on the score as shown, like the colour bands: an
        objective a page shows at 1.0 has met 1.0."""
        if score is None:
            return None
        return scoring.shown(score) >= self.expected_score

    def needs_postmortem(self, score: float | None) -> bool:
        """A committed objective is expected at 1.0: closing its cycle with a score below
        that (as shown, one decimal), or with no score at all, asks for a short post-mortem
        of what got in the way. Aspirational objectives are expected to fall short."""
        return self.is_committed and not self.meets_expectation(score)


_METHODS = [(method.value, method.value) for method in scoring.Method]


class KeyResultQuerySet(models.QuerySet["KeyResult"]):
    def with_metric_current(self) -> KeyResultQuerySet:
        """Annotate the bound metric's latest value up to the cycle's end (one query for a
        whole list instead of one per key result)."""
        latest = MetricValue.objects.filter(
            metric=OuterRef("metric"), day__lte=OuterRef("objective__cycle__ends_on")
        ).order_by("-day")
        return self.annotate(
            metric_current=Subquery(latest.values("value")[:1]),
            metric_current_day=Subquery(latest.values("day")[:1]),
        )

    def with_kept_current(self) -> KeyResultQuerySet:
        """``current_value`` read from the kept value instead of the metric's data (the
        same number: the services keep it)."""
        return self.annotate(metric_current=F("kept_value"), metric_current_day=F("kept_value_day"))

    def kept_at_risk(self) -> KeyResultQuerySet:
        """Key results with a kept reason to be at risk; with a running cycle, every one
        is (``KeyResult.at_risk_reasons``)."""
        return self.filter(
            Q(risk_confidence_drop=True) | Q(risk_low_confidence=True) | Q(risk_behind_trend=True)
        )

    def running(self, today: date) -> KeyResultQuerySet:
        """Key results of the cycles running ``today`` (``Cycle.is_running``)."""
        return self.filter(objective__cycle__in=Cycle.objects.current(today))

    def checked_in_by(self, user: User) -> KeyResultQuerySet:
        """Key results ``user`` checks in on: their own, and those of their objectives
        without an owner of their own (``KeyResult.responsible``)."""
        return self.filter(
            models.Q(owner=user) | models.Q(owner__isnull=True, objective__owner=user)
        )


class KeyResult(Versioned):
    workspace_path: ClassVar[str] = "objective__cycle__workspace"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("key result"), max_length=240)
    metric = models.ForeignKey(
        Metric,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_results",
        verbose_name=_("follows metric"),
        help_text=_("The current value then comes from the metric's data."),
    )
    baseline = models.FloatField(
        _("baseline"), null=True, blank=True, help_text=_("Where we start.")
    )
    target = models.FloatField(_("target"), help_text=_("Where we want to be by the end."))
    current = models.FloatField(
        _("current value"),
        null=True,
        blank=True,
        help_text=_("Not used when the key result follows a metric."),
    )
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=KeyResultDirection.choices,
        default=KeyResultDirection.HIGHER,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_key_results",
        verbose_name=_("owner"),
        help_text=_("Who checks in every week; empty: the objective's owner."),
    )
    final_score = models.FloatField(null=True, blank=True)
    final_value = models.FloatField(null=True, blank=True)
    # Kept by the services in the transaction of every change they depend on
    # (``services/scores.py``), so pages read them instead of computing every key result
    # on every view: the value as the data stands (the followed metric's latest value up
    # to the cycle's end, with its day, or the value entered) and its score; the trend
    # line through the check-ins to the cycle's end; and the reasons for being at risk
    # (the trend counts only while the cycle runs, see ``at_risk_reasons``).
    kept_value = models.FloatField(null=True, blank=True, editable=False)
    kept_value_day = models.DateField(null=True, blank=True, editable=False)
    kept_score = models.FloatField(default=0.0, editable=False)
    kept_method = models.CharField(
        max_length=12, default=scoring.Method.NO_DATA.value, choices=_METHODS, editable=False
    )
    kept_trend_value = models.FloatField(null=True, blank=True, editable=False)
    kept_trend_score = models.FloatField(null=True, blank=True, editable=False)
    kept_trend_points = models.PositiveIntegerField(null=True, blank=True, editable=False)
    risk_confidence_drop = models.BooleanField(default=False, editable=False)
    risk_low_confidence = models.BooleanField(default=False, editable=False)
    risk_behind_trend = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyResultQuerySet.as_manager()

    EDITABLE_FIELDS = [
        "title",
        "metric",
        "baseline",
        "target",
        "current",
        "unit",
        "direction",
        "owner",
    ]

    class Meta:
        ordering = ["objective", "created_at", "id"]
        verbose_name = _("key result")
        verbose_name_plural = _("key results")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """The bound metric belongs to this workspace; the target lies in the chosen
        direction from the baseline (otherwise the score would run backwards)."""
        errors = {}
        if (
            self.metric_id
            and self.objective_id
            and self.metric.product.workspace_id != self.objective.cycle.workspace_id
        ):
            errors["metric"] = _("Choose a metric of this workspace.")
        if self.baseline is not None:
            if self.direction == KeyResultDirection.HIGHER and self.target <= self.baseline:
                errors["target"] = _("To increase, the target must be above the baseline.")
            if self.direction == KeyResultDirection.LOWER and self.target >= self.baseline:
                errors["target"] = _("To decrease, the target must be below the baseline.")
        if errors:
            raise ValidationError(errors)

    def ensure_deletable(self) -> None:
        """Only while its cycle is open: a closed cycle's key results carry its frozen
        scores."""
        if self.objective.cycle.is_closed:
            raise ValidationError(
                {
                    "cycle": _(
                        "This key result belongs to a closed cycle; past cycles stay "
                        "readable, so it cannot be deleted."
                    )
                }
            )

    @property
    def responsible(self) -> User:
        """Who checks in every week: the key result's owner, else its objective's."""
        return self.owner or self.objective.owner

    @property
    def has_final_value(self) -> bool:
        """Whether ``current_value`` is the value frozen when the cycle closed. A key
        result that had no value then has none frozen and keeps reading its source."""
        return self.final_value is not None and self.objective.cycle.is_closed

    @property
    def current_value(self) -> float | None:
        """The metric's latest value up to the cycle's end when bound, else the value
        entered (by hand or by the last check-in). Frozen when the cycle closed."""
        if self.has_final_value:
            return self.final_value
        if self.metric_id is None:
            return self.current
        if hasattr(self, "metric_current"):
            return self.metric_current
        latest = (
            self.metric.values.filter(day__lte=self.objective.cycle.ends_on)
            .order_by("-day")
            .first()
        )
        return latest.value if latest else None

    @property
    def is_reached(self) -> bool:
        """Whether the current value is at the target or beyond it, in the key result's
        direction. A key result that reached its target is done: it is not carried into
        the next cycle with its objective (``objective_carry_forward``)."""
        current = self.current_value
        return current is not None and scoring.reached(
            current, target=self.target, direction=self.direction
        )

    def score_detail(self) -> scoring.KeyResultScore:
        """The score from the baseline, target, direction and current value, with the
        method and numbers it used (see ``scoring.key_result_score``)."""
        return scoring.key_result_score(
            baseline=self.baseline,
            target=self.target,
            current=self.current_value,
            direction=self.direction,
        )

    def projection(self, check_ins: Sequence[CheckIn], *, today: date) -> scoring.Projection | None:
        """Where the key result is heading: the straight line through the baseline at the
        cycle's start and the value of every check-in (``check_ins`` in week order), read
        off at the cycle's end. Only while the cycle runs (``Cycle.is_running``); ``None``
        otherwise and with fewer than two points on different days."""
        cycle = self.objective.cycle
        if not cycle.is_running(today):
            return None
        points = [(c.week, c.value) for c in check_ins if c.value is not None]
        if self.baseline is not None:
            points.insert(0, (cycle.starts_on, self.baseline))
        return scoring.project(
            points,
            end=cycle.ends_on,
            baseline=self.baseline,
            target=self.target,
            direction=self.direction,
        )

    def risks(
        self, check_ins: Sequence[CheckIn], projection: scoring.Projection | None
    ) -> list[scoring.Risk]:
        """Why the key result is at risk (``scoring.risks``: confidence dropping or low, a
        committed key result's trend ending below 1.0); none once its cycle is closed,
        since nothing can change any more."""
        if self.objective.cycle.is_closed:
            return []
        return scoring.risks(
            confidences=[c.confidence for c in check_ins],
            committed=self.objective.is_committed,
            projection=projection,
        )

    @property
    def score(self) -> float:
        if self.final_score is not None and self.objective.cycle.is_closed:
            return self.final_score
        return self.score_detail().score

    def kept_detail(self) -> scoring.KeyResultScore:
        """``score_detail()`` as kept: no query and no computing for a running cycle; a
        closed cycle's frozen value is scored as it was when the cycle closed."""
        if self.has_final_value:
            return scoring.key_result_score(
                baseline=self.baseline,
                target=self.target,
                current=self.final_value,
                direction=self.direction,
            )
        return scoring.KeyResultScore(
            self.kept_score,
            scoring.Method(self.kept_method),
            self.baseline,
            self.target,
            self.kept_value,
        )

    def kept_projection(self, today: date) -> scoring.Projection | None:
        """The kept trend line, shown while the cycle runs (open, today within its dates)."""
        cycle = self.objective.cycle
        if self.kept_trend_value is None or not cycle.is_running(today):
            return None
        return scoring.Projection(
            value=self.kept_trend_value,
            score=self.kept_trend_score,
            points=self.kept_trend_points,
        )

    def at_risk_reasons(self, today: date) -> list[scoring.Risk]:
        """Why the key result is at risk, from the kept reasons (``scoring.risks``): none
        in a closed cycle, and the trend only while the cycle runs."""
        if self.objective.cycle.is_closed:
            return []
        found = []
        if self.risk_confidence_drop:
            found.append(scoring.Risk.CONFIDENCE_DROP)
        if self.risk_low_confidence:
            found.append(scoring.Risk.LOW_CONFIDENCE)
        if self.risk_behind_trend and self.objective.cycle.is_running(today):
            found.append(scoring.Risk.BEHIND_TREND)
        return found


class CheckIn(models.Model):
    """A key result's weekly check-in (Radical Focus): where it stands and how confident
    its owner is to reach the target by the end of the cycle. One per week: checking in
    again in the same week replaces it."""

    workspace_path: ClassVar[str] = "key_result__objective__cycle__workspace"

    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    week = models.DateField(_("week"))
    value = models.FloatField(_("value"), null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("0 = no chance, 10 = certain to reach the target."),
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key_result", "week"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_result", "week"], name="one_check_in_per_key_result_week"
            )
        ]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.key_result} ({self.week:%Y-%m-%d}): {self.confidence}/10"

    def ensure_deletable(self) -> None:
        """Only while its cycle is open: a closed cycle's check-ins are its record."""
        if self.key_result.objective.cycle.is_closed:
            raise ValidationError(
                {
                    "cycle": _(
                        "This check-in belongs to a closed cycle; past cycles stay "
                        "readable, so it cannot be deleted."
                    )
                }
            )


class ReminderPreference(models.Model):
    """A person's choice about the weekly check-in e-mail in one workspace. Without a row
    the e-mail is sent; opting out stores ``weekly_email=False``."""

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weekly_email = models.BooleanField(_("weekly check-in e-mail"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_reminder_pref")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace}: {self.weekly_email}"
