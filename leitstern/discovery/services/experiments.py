"""Writes for experiments: planned, started (which fixes the decision rules of the
hypotheses they test), results entered, and closed with a learning card and one verdict per
hypothesis — which updates the hypothesis and its opportunity."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.discovery import verdicts
from leitstern.discovery.models import (
    DEFAULT_RESULT_KIND,
    LEARNING_FIELDS,
    Experiment,
    ExperimentStatus,
    Hypothesis,
    HypothesisStatus,
    Opportunity,
    Verdict,
)
from leitstern.discovery.services._common import (
    EXPERIMENT_CLOSED,
    EXPERIMENT_CREATED,
    EXPERIMENT_DELETED,
    EXPERIMENT_STARTED,
    EXPERIMENT_UPDATED,
)
from leitstern.engines.stats import StatsInputError
from leitstern.products.models import Product
from leitstern.strategy.models import Metric


class ExperimentDetails(TypedDict, total=False):
    """An experiment's plan and results besides its title, kind and hypotheses."""

    starts_on: date | None
    ends_on: date | None
    description: str
    result_kind: str
    share_b: float
    conversions_a: int | None
    visitors_a: int | None
    conversions_b: int | None
    visitors_b: int | None
    mean_a: float | None
    sd_a: float | None
    n_a: int | None
    mean_b: float | None
    sd_b: float | None
    n_b: int | None
    result_metric: Metric | None
    before_from: date | None
    change_on: date | None
    after_to: date | None
    judgement: str


class ExperimentFields(ExperimentDetails, total=False):
    title: str
    kind: str
    hypotheses: Iterable[Hypothesis]


def _record(actor: User, kind: str, experiment: Experiment, **extra) -> None:
    activity_record(
        workspace=experiment.product.workspace, actor=actor, kind=kind, target=experiment,
        product=experiment.product, **extra,
    )  # fmt: skip


def _check_hypotheses(product: Product, hypotheses: list[Hypothesis]) -> None:
    if not hypotheses:
        raise ValidationError({"hypotheses": _("Choose the hypotheses this experiment tests.")})
    if any(h.product_id != product.pk for h in hypotheses):
        raise ValidationError({"hypotheses": _("Choose hypotheses of this product.")})


@transaction.atomic
def experiment_create(
    *,
    actor: User,
    product: Product,
    title: str,
    hypotheses: Iterable[Hypothesis],
    kind: str = "ab_test",
    **fields: Unpack[ExperimentDetails],
) -> Experiment:
    """Plan an experiment of ``product`` testing ``hypotheses``. Results are entered the way
    the kind suggests (``DEFAULT_RESULT_KIND``) unless ``result_kind`` says otherwise."""
    hypotheses = list(hypotheses)
    _check_hypotheses(product, hypotheses)
    fields.setdefault("result_kind", DEFAULT_RESULT_KIND.get(kind, "counts"))
    experiment = Experiment(product=product, title=title, kind=kind, created_by=actor, **fields)
    experiment.full_clean()
    experiment.save()
    experiment.hypotheses.set(hypotheses)
    _record(actor, EXPERIMENT_CREATED, experiment)
    if verdicts.has_results(experiment):
        _start(actor, experiment)
    return experiment


@transaction.atomic
def experiment_update(
    *,
    actor: User,
    experiment: Experiment,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[ExperimentFields],
) -> Experiment:
    """Change the plan or enter results, until the experiment is closed. Entering results
    starts a planned experiment (and so fixes its hypotheses' decision rules). Once started,
    the hypotheses it tests stay as they are."""
    experiment.ensure_open()
    if "hypotheses" in fields:
        chosen = list(fields["hypotheses"])
        fields["hypotheses"] = chosen
        _check_hypotheses(experiment.product, chosen)
        if experiment.status != ExperimentStatus.PLANNED and set(fields["hypotheses"]) != set(
            experiment.hypotheses.all()
        ):
            raise ValidationError(
                {"hypotheses": _("The experiment has started; the hypotheses it tests are fixed.")}
            )
    changes = update_versioned(experiment, fields, version=version)
    if changes:
        _record(actor, EXPERIMENT_UPDATED, experiment, changes=changes, note=note)
    if experiment.status == ExperimentStatus.PLANNED and verdicts.has_results(experiment):
        _start(actor, experiment)
    return experiment


def _rules_missing(experiment: Experiment) -> list[Hypothesis]:
    if experiment.result_kind not in verdicts.STATISTICAL:
        return []
    return [h for h in experiment.hypotheses.all() if not verdicts.has_rule(h)]


def _start(actor: User, experiment: Experiment) -> None:
    missing = _rules_missing(experiment)
    if missing:
        raise ValidationError(
            {
                "hypotheses": _(
                    "A statistical test needs each hypothesis' decision rule before it starts; "
                    "give “%(statement)s” a baseline and target or a minimum effect first."
                )
                % {"statement": missing[0]}
            }
        )
    now = timezone.now()
    for hypothesis in experiment.hypotheses.all():
        changes: dict[str, object] = {}
        if hypothesis.rule_fixed_at is None:
            changes["rule_fixed_at"] = now
        if hypothesis.status == HypothesisStatus.OPEN:
            changes["status"] = HypothesisStatus.TESTING
        if changes:
            update_versioned(hypothesis, changes, clean=False)
    update_versioned(
        experiment,
        {"status": ExperimentStatus.RUNNING, "starts_on": experiment.starts_on or now.date()},
        clean=False,
    )
    _record(actor, EXPERIMENT_STARTED, experiment)


@transaction.atomic
def experiment_start(*, actor: User, experiment: Experiment) -> Experiment:
    """Start a planned experiment. This fixes the decision rules of the hypotheses it tests:
    from now on they are judged by the rule written before any result was seen."""
    experiment.ensure_open()
    if experiment.status != ExperimentStatus.PLANNED:
        return experiment
    _start(actor, experiment)
    return experiment


def preview(experiment: Experiment) -> list[tuple[Hypothesis, dict | None, str]]:
    """For each hypothesis the experiment tests: the verdict its results would give now
    (``Verdict.as_dict()``, or a judgement), or ``None`` with the reason why none can be
    given yet. Nothing is stored."""
    out = []
    for hypothesis in experiment.hypotheses.all():
        out.append((hypothesis, *_verdict(experiment, hypothesis)))
    return out


def _verdict(experiment: Experiment, hypothesis: Hypothesis) -> tuple[dict | None, str]:
    if not verdicts.has_results(experiment):
        return None, "no_results"
    if experiment.result_kind == "judgement":
        return {"outcome": "judged_" + experiment.judgement, "reason": "", "messages": []}, ""
    if not verdicts.has_rule(hypothesis):
        return None, "no_rule"
    try:
        return verdicts.decide(experiment, hypothesis).as_dict(), ""
    except StatsInputError as error:
        return None, error.code


@transaction.atomic
def experiment_close(
    *,
    actor: User,
    experiment: Experiment,
    believed: str,
    observed: str,
    learned: str,
    next_step: str,
) -> Experiment:
    """Close an experiment with its learning card (we believed / we observed / we learned /
    therefore we will): store one verdict per hypothesis it tests, computed by the
    statistics engine from the results (or the team's judgement for qualitative
    experiments), set each hypothesis' status from it, and move their opportunities
    (``opportunity_stage_after_verdicts``). Closing twice is a no-op, also when two people
    close at once: the experiment's row is locked and read again first."""
    stored = (
        Experiment.objects.select_for_update().filter(pk=experiment.pk).values("status").first()
    )
    if stored is None:
        raise ValidationError(_("This experiment was deleted meanwhile."))
    experiment.refresh_from_db()
    if stored["status"] == ExperimentStatus.FINISHED:
        return experiment
    card = {"believed": believed, "observed": observed, "learned": learned, "next_step": next_step}
    errors = {
        name: _("Fill in the learning card: this part is empty.")
        for name in LEARNING_FIELDS
        if not card[name].strip()
    }
    if not verdicts.has_results(experiment):
        errors["__all__"] = _("Enter the results before closing the experiment.")
    if errors:
        raise ValidationError(errors)
    if experiment.status == ExperimentStatus.PLANNED:
        _start(actor, experiment)
    now = timezone.now()
    results = []
    for hypothesis, data, problem in preview(experiment):
        if data is None:
            raise ValidationError(
                _("No verdict can be computed for “%(statement)s” (%(problem)s).")
                % {"statement": hypothesis, "problem": problem}
            )
        results.append((hypothesis, data))
    for hypothesis, data in results:
        Verdict.objects.create(
            experiment=experiment, hypothesis=hypothesis, outcome=data["outcome"],
            reason=data.get("reason", ""), data=data, decided_at=now,
        )  # fmt: skip
        status = verdicts.HYPOTHESIS_STATUS[data["outcome"]]
        update_versioned(hypothesis, {"status": status}, clean=False)
    update_versioned(
        experiment,
        {
            **{name: value.strip() for name, value in card.items()},
            "status": ExperimentStatus.FINISHED,
            "closed_at": now,
            "closed_by": actor,
            "ends_on": experiment.ends_on or now.date(),
        },
        clean=False,
    )
    _record(
        actor, EXPERIMENT_CLOSED, experiment,
        changes={"verdicts": ["", ", ".join(f"{h}: {d['outcome']}" for h, d in results)]},
    )  # fmt: skip
    for opportunity in {h.solution.opportunity for h, _d in results if h.solution is not None}:
        opportunity_stage_after_verdicts(opportunity)
    return experiment


@transaction.atomic
def opportunity_stage_after_verdicts(opportunity: Opportunity) -> None:
    """An opportunity is validated once a hypothesis of one of its solutions is validated,
    and invalidated when every hypothesis of its solutions has been decided and each was
    invalidated (no open or running bet left). Otherwise its stage stays as the team set it."""
    statuses = list(
        Hypothesis.objects.filter(solution__opportunity=opportunity).values_list(
            "status", flat=True
        )
    )
    stage = None
    if HypothesisStatus.VALIDATED in statuses:
        stage = "validated"
    elif statuses and all(s == HypothesisStatus.INVALIDATED for s in statuses):
        stage = "invalidated"
    if stage and stage != opportunity.stage:
        update_versioned(opportunity, {"stage": stage}, clean=False)


@transaction.atomic
def experiment_delete(*, actor: User, obj: Experiment, note: str = "") -> None:
    """Delete an experiment that is not closed. Decision rules it fixed stay fixed: the
    team has seen results under them."""
    obj.ensure_deletable()
    _record(actor, EXPERIMENT_DELETED, obj, note=note)
    obj.delete()
