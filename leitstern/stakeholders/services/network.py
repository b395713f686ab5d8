"""Writes for who listens to whom."""

from __future__ import annotations

from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.stakeholders.models import Influence, Stakeholder
from leitstern.stakeholders.services._common import (
    INFLUENCE_ADDED,
    INFLUENCE_REMOVED,
    INFLUENCE_UPDATED,
    _record_entry,
    lock_map,
    touch,
)


def _strength(value: object) -> int:
    """1, 2 or 3 — anything else is refused with the reason."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
        raise ValidationError(
            {
                "strength": _(
                    "The strength must be 1 (weak), 2 (medium) or 3 (strong), not %(value)s."
                )
                % {"value": value}
            }
        )
    return value


@transaction.atomic
def influence_add(
    *,
    actor: User,
    influencer: Stakeholder,
    listener: Stakeholder,
    strength: int = 2,
    note: str = "",
) -> Influence:
    """Record that ``listener`` listens to ``influencer``. A second tie for the same pair
    and direction is refused (change the strength of the first instead), as is a person
    influencing themselves."""
    workspace = listener.workspace
    if influencer.pk == listener.pk:
        raise ValidationError(
            {"influencer": _("A person cannot influence themselves: choose two people.")}
        )
    strength = _strength(strength)
    lock_map(workspace)
    influence = Influence(
        workspace=workspace,
        influencer=influencer,
        listener=listener,
        strength=strength,
        note=note,
        created_by=actor,
    )
    if Influence.objects.filter(influencer=influencer, listener=listener).exists():
        raise ValidationError(
            {
                "influencer": _(
                    "%(listener)s already listens to %(influencer)s; change the strength of "
                    "that tie instead."
                )
                % {"listener": listener.name, "influencer": influencer.name}
            }
        )
    influence.full_clean()
    with unique_race_as_error(influence):
        influence.save()
    _record_entry(
        workspace=workspace,
        actor=actor,
        kind=INFLUENCE_ADDED,
        target=influence,
        about=(influencer, listener),
        changes={"strength": ["", str(strength)]},
        note=note,
    )
    touch(workspace, ties=True)
    return influence


class InfluenceChanges(TypedDict, total=False):
    strength: int
    note: str


@transaction.atomic
def influence_update(
    *,
    actor: User,
    influence: Influence,
    version: int | None = None,
    **fields: Unpack[InfluenceChanges],
) -> Influence:
    """Change the strength or the note of a tie (the people stay: remove it and add
    another for other people)."""
    if "strength" in fields:
        fields["strength"] = _strength(fields["strength"])
    changes = update_versioned(influence, fields, version=version)
    if changes:
        _record_entry(
            workspace=influence.workspace,
            actor=actor,
            kind=INFLUENCE_UPDATED,
            target=influence,
            about=(influence.influencer, influence.listener),
            changes=changes,
        )
        touch(influence.workspace, ties="strength" in changes)
    return influence


@transaction.atomic
def influence_remove(*, actor: User, influence: Influence) -> None:
    workspace = influence.workspace
    lock_map(workspace)
    _record_entry(
        workspace=workspace,
        actor=actor,
        kind=INFLUENCE_REMOVED,
        target=influence,
        about=(influence.influencer, influence.listener),
    )
    influence.delete()
    touch(workspace, ties=True)
