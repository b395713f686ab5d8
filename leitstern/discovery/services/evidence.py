"""Writes for the research evidence an opportunity cites."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.discovery.models import EvidenceLink, Opportunity, Review
from leitstern.discovery.services._common import (
    EVIDENCE_DECIDED,
    EVIDENCE_LINKED,
    EVIDENCE_PROPOSED,
    EVIDENCE_UNLINKED,
)
from leitstern.research.models import Insight, Quote


def _record(*, actor: User, kind: str, link: EvidenceLink, changes=None, note: str = "") -> None:
    opportunity = link.opportunity
    activity_record(
        workspace=opportunity.product.workspace, actor=actor, kind=kind, target=opportunity,
        product=opportunity.product, changes=changes or {"evidence": ["", str(link)]},
        note=note,
    )  # fmt: skip


@transaction.atomic
def evidence_link(
    *,
    actor: User,
    opportunity: Opportunity,
    insight: Insight | None = None,
    quote: Quote | None = None,
    propose: bool = False,
) -> EvidenceLink:
    """Cite one insight or one quote on ``opportunity``. An editor's link counts at once;
    ``propose`` (contributors) is allowed for second-hand quotes only and counts once an
    editor accepts it. Linking what is linked already returns the existing link (an editor
    linking a proposed or declined one accepts it); two people linking the same evidence at
    once get the same link, never an error."""
    if (insight is None) == (quote is None):
        raise ValidationError(_("Choose one insight or one quote."))
    if propose and (quote is None or not quote.is_second_hand):
        raise ValidationError(
            {
                "quote": _(
                    "Contributors may add second-hand evidence only: choose a quote of "
                    "second-hand feedback."
                )
            }
        )
    review = Review.PROPOSED if propose else Review.ACCEPTED
    link = EvidenceLink(
        opportunity=opportunity, insight=insight, quote=quote, review=review, added_by=actor
    )
    link.full_clean(validate_constraints=False)
    existing = _existing(opportunity, insight, quote)
    if existing is None:
        try:
            with transaction.atomic():
                link.save()
        except IntegrityError:
            existing = _existing(opportunity, insight, quote)
            if existing is None:  # not the unique rule: a real error
                raise
        else:
            kind = EVIDENCE_PROPOSED if propose else EVIDENCE_LINKED
            _record(actor=actor, kind=kind, link=link)
            return link
    if not propose and existing.review != Review.ACCEPTED:
        EvidenceLink.objects.filter(pk=existing.pk).update(review=Review.ACCEPTED)
        _record(actor=actor, kind=EVIDENCE_DECIDED, link=existing,
                changes={"review": [existing.review, Review.ACCEPTED]})  # fmt: skip
        existing.review = Review.ACCEPTED
    return existing


def _existing(opportunity, insight, quote) -> EvidenceLink | None:
    found = EvidenceLink.objects.filter(opportunity=opportunity)
    found = found.filter(insight=insight) if insight is not None else found.filter(quote=quote)
    return found.select_related("opportunity__product__workspace").first()


@transaction.atomic
def evidence_decide(*, actor: User, link: EvidenceLink, accept: bool) -> EvidenceLink:
    """Accept or decline proposed evidence. Decided once: a second decision (two editors
    at once) is refused, never applied twice."""
    review = Review.ACCEPTED if accept else Review.DECLINED
    done = EvidenceLink.objects.filter(pk=link.pk, review=Review.PROPOSED).update(review=review)
    if not done:
        raise ValidationError(_("This evidence is not waiting for a decision."))
    _record(actor=actor, kind=EVIDENCE_DECIDED, link=link,
            changes={"review": [Review.PROPOSED, review]})  # fmt: skip
    link.review = review
    return link


@transaction.atomic
def evidence_unlink(*, actor: User, link: EvidenceLink) -> None:
    """Remove a citation (the insight or quote itself stays in research)."""
    _record(actor=actor, kind=EVIDENCE_UNLINKED, link=link, changes={"evidence": [str(link), ""]})
    EvidenceLink.objects.filter(pk=link.pk).delete()
