"""The team's WIP limit: the most items it wants in progress at once."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.forecasts.models import WipLimit
from leitstern.teams.models import Team

WIP_LIMIT_CHANGED = kinds.register(
    "forecasts.wip_limit_changed", gettext_lazy("changed a team's WIP limit")
)


def wip_limit_of(team: Team) -> WipLimit:
    """The team's WIP limit, or an unsaved empty one (``limit`` ``None``, version 1) for a
    team nobody gave a limit yet; reading never writes."""
    found = WipLimit.objects.filter(team=team).first()
    return found or WipLimit(team=team)


@transaction.atomic
def wip_limit_set(
    *, actor: User | None, team: Team, limit: int | None, version: int | None = None
) -> WipLimit:
    """Set (or with ``None`` clear) the team's WIP limit. With ``version`` (the version the
    edit started from; an unsaved limit is version 1), a limit someone else changed since
    raises ``EditConflict``. Nothing changes, not even a row is made, when the limit stays
    what it is.

    The row is made empty first and the limit then written as its first change, so two
    people setting a first limit at once conflict instead of one silently winning."""
    current = wip_limit_of(team)
    if current.limit == limit:
        return current
    if current._state.adding:
        current, _created = WipLimit.objects.get_or_create(team=team)
    changes = update_versioned(current, {"limit": limit}, version=version)
    if changes:
        activity_record(
            workspace=team.workspace,
            actor=actor,
            kind=WIP_LIMIT_CHANGED,
            target=team,
            changes=changes,
        )
    return current
