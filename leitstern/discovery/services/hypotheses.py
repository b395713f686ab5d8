"""Writes for hypotheses: stated with their decision rule, changed until the rule is fixed,
deleted while untested."""

from __future__ import annotations

from datetime import date
from typing import TypedDict, Unpack

from django.db import transaction

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.discovery import verdicts
from leitstern.discovery.models import Hypothesis, Solution
from leitstern.discovery.services._common import (
    HYPOTHESIS_CREATED,
    HYPOTHESIS_DELETED,
    HYPOTHESIS_UPDATED,
)
from leitstern.engines.stats import StatsInputError
from leitstern.products.models import Product
from leitstern.strategy.models import KeyResult, Metric


class HypothesisDetails(TypedDict, total=False):
    """What a hypothesis says besides its statement."""

    change: str
    audience: str
    solution: Solution | None
    key_result: KeyResult | None
    metric: Metric | None
    metric_kind: str
    baseline: float | None
    target: float | None
    target_date: date | None
    category: str
    importance: int
    evidence: int
    direction: str
    minimum_effect: float | None
    effect_scale: str
    alpha: float
    power: float
    criterion: str
    rule_text: str
    sd: float | None
    weekly_traffic: float | None


class HypothesisFields(HypothesisDetails, total=False):
    statement: str


def planned_size(hypothesis: Hypothesis) -> int | None:
    """Units per group the hypothesis' test needs (``None`` when it does not say enough)."""
    try:
        size = verdicts.sample_size(hypothesis)
    except StatsInputError:
        return None
    return None if size is None else size.n_per_arm


@transaction.atomic
def hypothesis_create(
    *,
    actor: User,
    product: Product,
    statement: str,
    **fields: Unpack[HypothesisDetails],
) -> Hypothesis:
    """State a hypothesis of ``product`` (on one of its solutions, or on its own). Its
    numbers are checked by the statistics engine (``Hypothesis.clean``); the test size it
    needs is kept for the verdict's "stopped early" check."""
    hypothesis = Hypothesis(product=product, statement=statement, created_by=actor, **fields)
    hypothesis.full_clean()
    hypothesis.planned_n_per_arm = planned_size(hypothesis)
    hypothesis.save()
    activity_record(
        workspace=product.workspace, actor=actor, kind=HYPOTHESIS_CREATED, target=hypothesis,
        product=product,
    )  # fmt: skip
    return hypothesis


@transaction.atomic
def hypothesis_update(
    *,
    actor: User,
    hypothesis: Hypothesis,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[HypothesisFields],
) -> Hypothesis:
    """Change the given fields. Once an experiment testing it has started, its decision
    rule no longer changes (``Hypothesis.ensure_rule_changeable``); until then the size
    the test needs follows the numbers."""
    changed = {name for name, value in fields.items() if getattr(hypothesis, name) != value}
    hypothesis.ensure_rule_changeable(changed)
    changes = update_versioned(hypothesis, fields, version=version)
    if not changes:
        return hypothesis
    if not hypothesis.rule_is_fixed:
        planned = planned_size(hypothesis)
        if planned != hypothesis.planned_n_per_arm:
            update_versioned(hypothesis, {"planned_n_per_arm": planned}, clean=False)
    activity_record(
        workspace=hypothesis.product.workspace, actor=actor, kind=HYPOTHESIS_UPDATED,
        target=hypothesis, product=hypothesis.product, changes=changes, note=note,
    )  # fmt: skip
    return hypothesis


@transaction.atomic
def hypothesis_delete(*, actor: User, obj: Hypothesis, note: str = "") -> None:
    """Delete an untested hypothesis (``Hypothesis.ensure_deletable``)."""
    obj.ensure_deletable()
    activity_record(
        workspace=obj.product.workspace, actor=actor, kind=HYPOTHESIS_DELETED, target=obj,
        product=obj.product, note=note,
    )  # fmt: skip
    obj.delete()
