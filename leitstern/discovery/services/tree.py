"""Writes for the tree: a product's settings, outcomes, opportunities (proposed, decided,
merged) and solutions."""

from __future__ import annotations

from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.discovery.models import (
    DiscoverySettings,
    Opportunity,
    Outcome,
    Review,
    Score,
    SessionVote,
    Solution,
    SolutionStatus,
    Stage,
)
from leitstern.discovery.services._common import (
    OPPORTUNITY_CREATED,
    OPPORTUNITY_DECIDED,
    OPPORTUNITY_DELETED,
    OPPORTUNITY_MERGED,
    OPPORTUNITY_PROPOSED,
    OPPORTUNITY_UPDATED,
    OUTCOME_CREATED,
    OUTCOME_DELETED,
    OUTCOME_UPDATED,
    SETTINGS_UPDATED,
    SOLUTION_CREATED,
    SOLUTION_DELETED,
    SOLUTION_MERGED,
    SOLUTION_UPDATED,
)
from leitstern.products.models import Product
from leitstern.research.models import Insight
from leitstern.strategy.models import KeyResult, Metric


def _record(*, actor: User, kind: str, target, product: Product, **extra) -> None:
    activity_record(
        workspace=product.workspace, actor=actor, kind=kind, target=target, product=product,
        **extra,
    )  # fmt: skip


# --- settings ------------------------------------------------------------------------


class SettingsChanges(TypedDict, total=False):
    scoring_method: str
    stale_weeks: int


@transaction.atomic
def settings_update(
    *,
    actor: User,
    product: Product,
    version: int | None = None,
    **fields: Unpack[SettingsChanges],
) -> DiscoverySettings:
    """Change how ``product`` prioritises. The row is created on the first change that
    differs from the defaults (``get_or_create``, so two first changes at once never fail
    on the one-per-product rule)."""
    settings = DiscoverySettings.objects.filter(product=product).first()
    if settings is None:
        defaults = DiscoverySettings(product=product)
        if all(getattr(defaults, name) == value for name, value in fields.items()):
            return defaults  # nothing differs from the defaults: nothing to write
        settings, _created = DiscoverySettings.objects.get_or_create(product=product)
    changes = update_versioned(settings, fields, version=version)
    if changes:
        _record(actor=actor, kind=SETTINGS_UPDATED, target=settings, product=product,
                changes=changes)  # fmt: skip
    return settings


# --- outcomes ------------------------------------------------------------------------


class OutcomeChanges(TypedDict, total=False):
    title: str
    description: str
    key_result: KeyResult | None
    metric: Metric | None


@transaction.atomic
def outcome_create(
    *,
    actor: User,
    product: Product,
    title: str = "",
    description: str = "",
    key_result: KeyResult | None = None,
    metric: Metric | None = None,
) -> Outcome:
    """A desired outcome of ``product``: a key result or a metric. Without a title it is
    named after the key result (or the metric)."""
    title = title or str(key_result or metric or "")
    outcome = Outcome(
        product=product, title=title, description=description, key_result=key_result,
        metric=metric, created_by=actor,
    )  # fmt: skip
    outcome.full_clean()
    outcome.save()
    _record(actor=actor, kind=OUTCOME_CREATED, target=outcome, product=product)
    return outcome


@transaction.atomic
def outcome_update(
    *,
    actor: User,
    outcome: Outcome,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[OutcomeChanges],
) -> Outcome:
    changes = update_versioned(outcome, fields, version=version)
    if changes:
        _record(actor=actor, kind=OUTCOME_UPDATED, target=outcome, product=outcome.product,
                changes=changes, note=note)  # fmt: skip
    return outcome


@transaction.atomic
def outcome_delete(*, actor: User, obj: Outcome, note: str = "") -> None:
    """Delete an outcome; its opportunities stay, unplaced (with their solutions and
    hypotheses), so nothing learned is lost."""
    placed = obj.opportunities.count()
    _record(actor=actor, kind=OUTCOME_DELETED, target=obj, product=obj.product, note=note,
            changes={"opportunities": [str(placed), ""]} if placed else None)  # fmt: skip
    for opportunity in obj.opportunities.all():
        update_versioned(opportunity, {"outcome": None}, clean=False)
    obj.delete()


# --- opportunities ---------------------------------------------------------------------


class OpportunityChanges(TypedDict, total=False):
    title: str
    description: str
    outcome: Outcome | None
    parent: Opportunity | None
    stage: str


def _opportunity_new(
    *,
    actor: User,
    product: Product,
    title: str,
    description: str,
    outcome: Outcome | None,
    parent: Opportunity | None,
    stage: str,
    review: str,
) -> Opportunity:
    if parent is not None and outcome is None:
        outcome = parent.outcome
    opportunity = Opportunity(
        product=product, title=title, description=description, outcome=outcome, parent=parent,
        stage=stage, review=review, created_by=actor,
    )  # fmt: skip
    opportunity.full_clean()
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_create(
    *,
    actor: User,
    product: Product,
    title: str,
    description: str = "",
    outcome: Outcome | None = None,
    parent: Opportunity | None = None,
    stage: str = Stage.IDENTIFIED,
    insight: Insight | None = None,
) -> Opportunity:
    """An accepted opportunity (editors). Under a ``parent`` it joins the parent's tree;
    grown out of a research ``insight``, it cites it."""
    opportunity = _opportunity_new(
        actor=actor, product=product, title=title, description=description, outcome=outcome,
        parent=parent, stage=stage, review=Review.ACCEPTED,
    )  # fmt: skip
    _record(actor=actor, kind=OPPORTUNITY_CREATED, target=opportunity, product=product)
    if insight is not None:
        from leitstern.discovery.services.evidence import evidence_link

        evidence_link(actor=actor, opportunity=opportunity, insight=insight)
    return opportunity


@transaction.atomic
def opportunity_propose(
    *,
    actor: User,
    product: Product,
    title: str,
    description: str = "",
    outcome: Outcome | None = None,
    parent: Opportunity | None = None,
) -> Opportunity:
    """A proposal (contributors: sales, support): shown in the tree marked as proposed
    until an editor accepts or declines it (``opportunity_decide``)."""
    opportunity = _opportunity_new(
        actor=actor, product=product, title=title, description=description, outcome=outcome,
        parent=parent, stage=Stage.IDENTIFIED, review=Review.PROPOSED,
    )  # fmt: skip
    _record(actor=actor, kind=OPPORTUNITY_PROPOSED, target=opportunity, product=product)
    return opportunity


@transaction.atomic
def opportunity_decide(
    *, actor: User, opportunity: Opportunity, accept: bool, note: str = ""
) -> Opportunity:
    """Accept a proposed opportunity into the tree, or decline it (it stays on record,
    out of the tree; opportunities under it move up to its parent)."""
    opportunity.ensure_proposal()
    review = Review.ACCEPTED if accept else Review.DECLINED
    if not accept:
        _lift_children(opportunity)
    changes = update_versioned(opportunity, {"review": review}, clean=False)
    _record(actor=actor, kind=OPPORTUNITY_DECIDED, target=opportunity,
            product=opportunity.product, changes=changes, note=note)  # fmt: skip
    return opportunity


def _descendants(opportunity: Opportunity) -> list[Opportunity]:
    """Every opportunity below ``opportunity``, by levels (one query per level)."""
    found: list[Opportunity] = []
    level = [opportunity.pk]
    while level:
        children = list(Opportunity.objects.filter(parent_id__in=level).exclude(pk=opportunity.pk))
        children = [child for child in children if child.pk not in {o.pk for o in found}]
        found.extend(children)
        level = [child.pk for child in children]
    return found


@transaction.atomic
def opportunity_update(
    *,
    actor: User,
    opportunity: Opportunity,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[OpportunityChanges],
) -> Opportunity:
    """Change the given fields. Moving an opportunity to another tree moves everything
    below it along; moving it out of its parent's tree makes it a top-level opportunity
    there (unless a new parent is given)."""
    old_outcome = opportunity.outcome_id
    if "outcome" in fields and "parent" not in fields:
        new = fields["outcome"]
        parent = opportunity.parent if opportunity.parent_id else None
        if parent is not None and parent.outcome_id != (new.pk if new else None):
            fields["parent"] = None
    changes = update_versioned(opportunity, fields, version=version)
    if changes and opportunity.outcome_id != old_outcome:
        for child in _descendants(opportunity):
            update_versioned(child, {"outcome": opportunity.outcome}, clean=False)
    if changes:
        _record(actor=actor, kind=OPPORTUNITY_UPDATED, target=opportunity,
                product=opportunity.product, changes=changes, note=note)  # fmt: skip
    return opportunity


def _lift_children(opportunity: Opportunity) -> None:
    for child in opportunity.children.all():
        update_versioned(child, {"parent": opportunity.parent}, clean=False)


@transaction.atomic
def opportunity_delete(*, actor: User, obj: Opportunity, note: str = "") -> None:
    """Delete an opportunity created by mistake, with its solutions and their untested
    hypotheses; opportunities below it move up to its parent. One whose hypotheses were
    tested stays: their verdicts are on record (mark it invalidated instead)."""
    obj.ensure_deletable()
    _lift_children(obj)
    solutions = obj.solutions.count()
    _record(actor=actor, kind=OPPORTUNITY_DELETED, target=obj, product=obj.product, note=note,
            changes={"solutions": [str(solutions), ""]} if solutions else None)  # fmt: skip
    obj.delete()


@transaction.atomic
def opportunity_merge(
    *, actor: User, source: Opportunity, target: Opportunity, note: str = ""
) -> Opportunity:
    """Merge a duplicate ``source`` into ``target``: its solutions and the opportunities
    below it move to ``target``, its description is appended, then it is deleted. The
    target keeps its own score."""
    if source.pk == target.pk or source.product_id != target.product_id:
        raise ValidationError({"target": _("Choose another opportunity of this product.")})
    if source in [target, *_ancestors(target)]:
        raise ValidationError({"target": _("An opportunity cannot be merged into one below it.")})
    for child in source.children.all():
        update_versioned(child, {"parent": target, "outcome": target.outcome}, clean=False)
    for solution in source.solutions.all():
        update_versioned(solution, {"opportunity": target}, clean=False)
    merged = {"description": _merged_text(target.description, source)}
    changes = update_versioned(target, merged, clean=False)
    _record(actor=actor, kind=OPPORTUNITY_MERGED, target=target, product=target.product,
            changes={"merged": [str(source), ""], **changes}, note=note)  # fmt: skip
    source.delete()
    return target


def _ancestors(opportunity: Opportunity) -> list[Opportunity]:
    found, node = [], opportunity.parent
    while node is not None and node not in found:
        found.append(node)
        node = node.parent
    return found


def _merged_text(description: str, source) -> str:
    addition = _("Merged from “%(title)s”.") % {"title": source.title}
    if source.description.strip():
        addition += "\n" + source.description.strip()
    return (description.rstrip() + "\n\n" + addition).strip()


# --- solutions -------------------------------------------------------------------------


class SolutionChanges(TypedDict, total=False):
    title: str
    description: str
    opportunity: Opportunity
    status: str


@transaction.atomic
def solution_create(
    *,
    actor: User,
    opportunity: Opportunity,
    title: str,
    description: str = "",
    status: str = SolutionStatus.IDEA,
) -> Solution:
    solution = Solution(
        product=opportunity.product, opportunity=opportunity, title=title,
        description=description, status=status, created_by=actor,
    )  # fmt: skip
    solution.full_clean()
    solution.save()
    _record(actor=actor, kind=SOLUTION_CREATED, target=solution, product=opportunity.product)
    return solution


@transaction.atomic
def solution_update(
    *,
    actor: User,
    solution: Solution,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[SolutionChanges],
) -> Solution:
    changes = update_versioned(solution, fields, version=version)
    if changes:
        _record(actor=actor, kind=SOLUTION_UPDATED, target=solution, product=solution.product,
                changes=changes, note=note)  # fmt: skip
    return solution


@transaction.atomic
def solution_delete(*, actor: User, obj: Solution, note: str = "") -> None:
    """Delete a solution created by mistake with its untested hypotheses
    (``Solution.ensure_deletable``)."""
    obj.ensure_deletable()
    _record(actor=actor, kind=SOLUTION_DELETED, target=obj, product=obj.product, note=note)
    obj.delete()


@transaction.atomic
def solution_merge(*, actor: User, source: Solution, target: Solution, note: str = "") -> Solution:
    """Merge a duplicate ``source`` into ``target``: its hypotheses move over (with their
    experiments and verdicts), its description is appended, scoring-session votes move
    where the target has none from that person; then it is deleted. The target keeps its
    own score."""
    if source.pk == target.pk or source.product_id != target.product_id:
        raise ValidationError({"target": _("Choose another solution of this product.")})
    for hypothesis in source.hypotheses.all():
        update_versioned(hypothesis, {"solution": target}, clean=False)
    taken = set(SessionVote.objects.filter(solution=target).values_list("session_id", "scorer_id"))
    for vote in SessionVote.objects.filter(solution=source):
        if (vote.session_id, vote.scorer_id) not in taken:
            SessionVote.objects.filter(pk=vote.pk).update(solution=target)
    for session in source.scoring_sessions.all():
        session.solutions.add(target)
    merged = {"description": _merged_text(target.description, source)}
    changes = update_versioned(target, merged, clean=False)
    _record(actor=actor, kind=SOLUTION_MERGED, target=target, product=target.product,
            changes={"merged": [str(source), ""], **changes}, note=note)  # fmt: skip
    Score.objects.filter(solution=source).delete()
    source.delete()
    return target
