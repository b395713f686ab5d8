"""Writes for prioritisation: an item's score, and scoring sessions with independent votes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.discovery import prioritisation
from leitstern.discovery.models import (
    INPUT_FIELDS,
    Opportunity,
    Score,
    ScoringSession,
    SessionStatus,
    SessionVote,
    Solution,
)
from leitstern.discovery.services._common import (
    SCORED,
    SESSION_CLOSED,
    SESSION_CREATED,
    SESSION_UPDATED,
    SESSION_VOTED,
)
from leitstern.products.models import Product
from leitstern.workspaces.models import Need


class ScoreInputs(TypedDict, total=False):
    reach: float | None
    impact: float | None
    confidence: float | None
    confidence_reason: str
    effort: float | None
    ease: float | None
    business_value: float | None
    time_criticality: float | None
    risk_reduction: float | None
    job_size: float | None
    value: float | None


@transaction.atomic
def score_set(
    *,
    actor: User,
    item: Solution | Opportunity,
    version: int | None = None,
    note: str = "",
    **inputs: Unpack[ScoreInputs],
) -> Score | None:
    """Set the given inputs of ``item``'s score (created on its first scoring). A
    confidence given here overrides the one the evidence suggests and needs a reason;
    ``confidence=None`` goes back to the evidence."""
    key = "solution" if isinstance(item, Solution) else "opportunity"
    if inputs.get("confidence") is None and "confidence" in inputs:
        inputs.setdefault("confidence_reason", "")
    score = Score.objects.filter(**{key: item}).first()
    if score is None and not any(value not in (None, "") for value in inputs.values()):
        return None  # nothing given for an unscored item: nothing to write
    if score is None:
        score = Score(product=item.product, scored_by=actor, **{key: item})
        for name, value in inputs.items():
            setattr(score, name, value)
        # The one-score-per-item rule is the database's: checked here, a score saved by
        # someone else a moment ago would fail this write instead of being changed below.
        score.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                score.save()
        except IntegrityError:  # someone scored it a moment earlier: change theirs
            score = Score.objects.get(**{key: item})
        else:
            activity_record(
                workspace=item.product.workspace, actor=actor, kind=SCORED, target=item,
                product=item.product, note=note,
                changes={
                    name: ["", str(value)]
                    for name, value in inputs.items()
                    if value not in (None, "")
                },
            )  # fmt: skip
            return score
    # Saved unchanged, a score keeps who scored it: only a real change names the actor.
    changes = update_versioned(score, dict(inputs), version=version)
    if changes and score.scored_by_id != actor.pk:
        Score.objects.filter(pk=score.pk).update(scored_by=actor)
        score.scored_by = actor
    if changes:
        activity_record(
            workspace=item.product.workspace, actor=actor, kind=SCORED, target=item,
            product=item.product, changes=changes, note=note,
        )  # fmt: skip
    return score


# --- sessions --------------------------------------------------------------------------


def _check_solutions(product: Product, solutions: list[Solution]) -> None:
    if not solutions:
        raise ValidationError({"solutions": _("Choose the solutions to score.")})
    if any(s.product_id != product.pk for s in solutions):
        raise ValidationError({"solutions": _("Choose solutions of this product.")})


@transaction.atomic
def session_create(
    *,
    actor: User,
    product: Product,
    title: str,
    method: str,
    solutions: Iterable[Solution],
) -> ScoringSession:
    solutions = list(solutions)
    _check_solutions(product, solutions)
    session = ScoringSession(product=product, title=title, method=method, created_by=actor)
    session.full_clean()
    session.save()
    session.solutions.set(solutions)
    activity_record(
        workspace=product.workspace, actor=actor, kind=SESSION_CREATED, target=session,
        product=product,
    )  # fmt: skip
    return session


class SessionChanges(TypedDict, total=False):
    title: str
    solutions: Iterable[Solution]


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: ScoringSession,
    version: int | None = None,
    **fields: Unpack[SessionChanges],
) -> ScoringSession:
    session.ensure_open()
    if "solutions" in fields:
        chosen = list(fields["solutions"])
        fields["solutions"] = chosen
        _check_solutions(session.product, chosen)
    changes = update_versioned(session, fields, version=version)
    if changes:
        activity_record(
            workspace=session.product.workspace, actor=actor, kind=SESSION_UPDATED,
            target=session, product=session.product, changes=changes,
        )  # fmt: skip
    return session


@transaction.atomic
def vote_record(
    *,
    actor: User,
    session: ScoringSession,
    solution: Solution,
    **inputs: Unpack[ScoreInputs],
) -> SessionVote:
    """``actor``'s numbers for ``solution`` in an open session (a second vote replaces the
    first). Only contributors and up score; a viewer cannot."""
    session.ensure_open()
    membership = actor.memberships.filter(workspace=session.product.workspace).first()
    if membership is None or not membership.can(Need.CONTRIBUTE):
        raise ValidationError(_("Only contributors, editors and owners score in sessions."))
    if not session.solutions.filter(pk=solution.pk).exists():
        raise ValidationError(_("This solution is not part of the session."))
    gaps = prioritisation.missing(session.method, inputs)
    if gaps:
        raise ValidationError(dict.fromkeys(gaps, _("Enter this number to score.")))
    vote = SessionVote(session=session, solution=solution, scorer=actor)
    for name in INPUT_FIELDS:
        setattr(vote, name, inputs.get(name))
    vote.confidence_reason = inputs.get("confidence_reason", "") or ""
    vote.full_clean(exclude=["session", "solution", "scorer"], validate_unique=False)
    values = {name: getattr(vote, name) for name in [*INPUT_FIELDS, "confidence_reason"]}
    vote, _created = SessionVote.objects.update_or_create(
        session=session, solution=solution, scorer=actor, defaults=values
    )
    activity_record(
        workspace=session.product.workspace, actor=actor, kind=SESSION_VOTED, target=session,
        product=session.product,
    )  # fmt: skip
    return vote


@transaction.atomic
def session_close(
    *, actor: User, session: ScoringSession, apply_medians: bool = False
) -> ScoringSession:
    """Close a session: the votes stay as they are. With ``apply_medians`` each solution's
    score takes the median of every input over the votes."""
    if session.is_closed:
        return session
    if apply_medians:
        names = prioritisation.INPUTS[session.method]
        votes = list(session.votes.values("solution_id", *INPUT_FIELDS))
        for solution in session.solutions.all():
            mine = [vote for vote in votes if vote["solution_id"] == solution.pk]
            if not mine:
                continue
            medians = prioritisation.median_inputs(mine, [n for n in names if n != "confidence"])
            score_set(actor=actor, item=solution, **medians)
    update_versioned(
        session, {"status": SessionStatus.CLOSED, "closed_at": timezone.now()}, clean=False
    )
    activity_record(
        workspace=session.product.workspace, actor=actor, kind=SESSION_CLOSED, target=session,
        product=session.product,
    )  # fmt: skip
    return session
