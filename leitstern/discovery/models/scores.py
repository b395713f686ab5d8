"""Prioritisation: one score per solution or opportunity, and scoring sessions in which
several people score independently before the spread is shown."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.discovery.models.tree import ScoringMethod

# The inputs of every method; which ones a method reads is in ``prioritisation.INPUTS``.
INPUT_FIELDS = [
    "reach",
    "impact",
    "confidence",
    "effort",
    "ease",
    "business_value",
    "time_criticality",
    "risk_reduction",
    "job_size",
    "value",
]


def _input(label, help_text=""):
    return models.FloatField(label, null=True, blank=True, help_text=help_text)


class ScoreInputs(models.Model):
    """The numbers a person gives; a method reads only its own (``prioritisation.INPUTS``).
    ``confidence`` is an override of the confidence the evidence gives (in %), and needs a
    reason."""

    reach = _input(_("reach"), _("People or events per quarter."))
    impact = _input(_("impact"), _("3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal."))
    confidence = _input(_("confidence (%)"))
    confidence_reason = models.CharField(_("why this confidence"), max_length=300, blank=True)
    effort = _input(_("effort"), _("Person-months (or any one unit for all items)."))
    ease = _input(_("ease"), _("1 (very hard) to 10 (very easy)."))
    business_value = _input(
        _("business value"), _("1, 2, 3, 5, 8, 13 or 20, relative to the others.")
    )
    time_criticality = _input(_("time criticality"))
    risk_reduction = _input(_("risk reduction / opportunity enablement"))
    job_size = _input(_("job size"))
    value = _input(_("value"))

    class Meta:
        abstract = True

    def clean(self) -> None:
        from leitstern.discovery import prioritisation

        errors = {}
        for field, code in prioritisation.input_problems(
            {name: getattr(self, name) for name in INPUT_FIELDS}
        ):
            low, high = prioritisation.BOUNDS[field]
            if code == "not_positive":
                message = _("Enter a number greater than zero: the score divides by it.")
            else:
                message = _("Enter a value from %(low)s to %(high)s.") % {
                    "low": formats.localize(low),
                    "high": formats.localize(high),
                }
            errors.setdefault(field, []).append(message)
        if self.confidence is not None and not self.confidence_reason.strip():
            errors.setdefault("confidence_reason", []).append(
                _("Say why the confidence differs from what the evidence gives.")
            )
        if errors:
            raise ValidationError(errors)


class Score(ScoreInputs, Versioned):
    """The current score of one solution or one opportunity (exactly one of the two)."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_scores"
    )
    solution = models.OneToOneField(
        "discovery.Solution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="score",
    )
    opportunity = models.OneToOneField(
        "discovery.Opportunity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="score",
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "product__workspace"
    EDITABLE_FIELDS = [*INPUT_FIELDS, "confidence_reason"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(solution__isnull=False, opportunity__isnull=True)
                | models.Q(solution__isnull=True, opportunity__isnull=False),
                name="score_of_one_item",
            )
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return str(self.solution or self.opportunity)

    @property
    def item(self):
        return self.solution or self.opportunity


class SessionStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class ScoringSession(Versioned):
    """Several people score the same solutions independently: nobody sees the others'
    numbers until they have entered their own (or the session is closed). Then the spread
    per item shows where the team disagrees."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="discovery_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(_("scoring method"), max_length=16, choices=ScoringMethod.choices)
    solutions = models.ManyToManyField(
        "discovery.Solution", related_name="scoring_sessions", verbose_name=_("solutions")
    )
    status = models.CharField(
        max_length=8, choices=SessionStatus.choices, default=SessionStatus.OPEN, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    workspace_path = "product__workspace"
    EDITABLE_FIELDS = ["title", "solutions"]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scoring session")
        verbose_name_plural = _("scoring sessions")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        pass

    @property
    def is_closed(self) -> bool:
        return self.status == SessionStatus.CLOSED

    def ensure_open(self) -> None:
        """A closed session's votes are its record."""
        if self.is_closed:
            raise ValidationError(_("This scoring session is closed."))


class SessionVote(ScoreInputs):
    """One person's numbers for one solution in a session."""

    session = models.ForeignKey(ScoringSession, on_delete=models.CASCADE, related_name="votes")
    solution = models.ForeignKey(
        "discovery.Solution", on_delete=models.CASCADE, related_name="session_votes"
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discovery_votes"
    )
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "session__product__workspace"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "solution", "scorer"], name="one_vote_per_scorer_solution"
            )
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.scorer} · {self.solution}"
