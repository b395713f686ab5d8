"""Writes for delivery teams."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.products.models import Product
from leitstern.teams.models import Team
from leitstern.workspaces.models import Workspace

TEAM_CREATED = kinds.register("team.created", gettext_lazy("created a team"))
TEAM_UPDATED = kinds.register("team.updated", gettext_lazy("changed a team"))
TEAM_DELETED = kinds.register("team.deleted", gettext_lazy("deleted a team"))


def _products(workspace: Workspace, products: Iterable[Product | int]) -> list[Product]:
    ids = {p.pk if isinstance(p, Product) else int(p) for p in products}
    found = list(Product.objects.filter(workspace=workspace, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"products": _("Choose products of this workspace.")})
    return found


def _members(workspace: Workspace, members: Iterable[User | int]) -> list[User]:
    ids = {u.pk if isinstance(u, User) else int(u) for u in members}
    found = list(User.objects.filter(memberships__workspace=workspace, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"members": _("Choose members of this workspace.")})
    return found


@transaction.atomic
def team_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    description: str = "",
    products: Iterable[Product | int] = (),
    members: Iterable[User | int] = (),
) -> Team:
    team = Team(workspace=workspace, name=name.strip(), description=description)
    team.full_clean()
    with unique_race_as_error(team):
        team.save()
    team.products.set(_products(workspace, products))
    team.members.set(_members(workspace, members))
    activity_record(workspace=workspace, actor=actor, kind=TEAM_CREATED, target=team)
    return team


@transaction.atomic
def team_update(
    *,
    actor: User,
    team: Team,
    version: int | None = None,
    name: str | None = None,
    description: str | None = None,
    products: Iterable[Product | int] | None = None,
    members: Iterable[User | int] | None = None,
) -> Team:
    """Change what is given, and only that (a concurrent change to another field stays).
    With ``version``, a field changed by someone else since that version raises
    ``EditConflict``. The activity entry lists the changed fields."""
    data: dict = {f: v for f, v in (("name", name), ("description", description)) if v is not None}
    if products is not None:
        data["products"] = _products(team.workspace, products)
    if members is not None:
        data["members"] = _members(team.workspace, members)
    changes = update_versioned(team, data, version=version)
    if changes:
        activity_record(
            workspace=team.workspace, actor=actor, kind=TEAM_UPDATED, target=team, changes=changes
        )
    return team


@transaction.atomic
def team_delete(*, actor: User, team: Team) -> None:
    """Deleting a team deletes its history and forecasts with it; the log keeps its name."""
    activity_record(workspace=team.workspace, actor=actor, kind=TEAM_DELETED, target=team)
    team.delete()
