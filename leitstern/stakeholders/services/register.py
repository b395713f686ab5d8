"""Writes for the register: stakeholders and the themes they take sides on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict, Unpack

from django.db import transaction

from leitstern.accounts.models import User
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.products.models import Product
from leitstern.stakeholders.models import Stakeholder, Theme
from leitstern.stakeholders.services._common import (
    STAKEHOLDER_CREATED,
    STAKEHOLDER_UPDATED,
    THEME_CREATED,
    THEME_DELETED,
    THEME_UPDATED,
    _record_entry,
    lock_map,
    touch,
)
from leitstern.stakeholders.services.scrub import scrub_mentions
from leitstern.workspaces.models import Workspace


class StakeholderDetails(TypedDict, total=False):
    """The register's fields besides the name, each optional."""

    title: str
    department: str
    organisation: str
    email: str
    member: User | None
    notes: str
    relationship_owner: User | None
    reports_to: Stakeholder | None
    products: Iterable[Product]
    themes: Iterable[Theme]


class StakeholderChanges(StakeholderDetails, total=False):
    """What ``stakeholder_update`` may change; only the fields given change."""

    name: str


@transaction.atomic
def stakeholder_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    private: bool = False,
    **details: Unpack[StakeholderDetails],
) -> Stakeholder:
    """A stakeholder in the register; ``private`` keeps them visible to ``actor`` alone."""
    lock_map(workspace)
    products, themes = details.pop("products", ()), details.pop("themes", ())
    stakeholder = Stakeholder(
        workspace=workspace,
        name=name,
        private_to=actor if private else None,
        created_by=actor,
        **details,
    )
    stakeholder.full_clean()
    stakeholder.save()
    stakeholder.products.set(_own(workspace, products, "products"))
    stakeholder.themes.set(_own(workspace, themes, "themes"))
    _record_entry(
        workspace=workspace,
        actor=actor,
        kind=STAKEHOLDER_CREATED,
        target=stakeholder,
        about=(stakeholder,),
    )
    touch(workspace, ties=True)
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *,
    actor: User,
    stakeholder: Stakeholder,
    version: int | None = None,
    note: str = "",
    private: bool | None = None,
    **fields: Unpack[StakeholderChanges],
) -> Stakeholder:
    """Change the given register fields, and only those; with ``version``, a field someone
    else changed since raises ``EditConflict``. ``private=True`` makes the stakeholder
    visible to ``actor`` alone — earlier entries of the activity log lose the name — and
    ``False`` visible to every editor and owner again."""
    workspace = stakeholder.workspace
    lock_map(workspace)
    data: dict = dict(fields)
    for name in ("products", "themes"):
        if name in data:
            data[name] = _own(workspace, data[name], name)
    if private is not None and private != stakeholder.is_private:
        data["private_to"] = actor if private else None
    was_private = stakeholder.is_private
    changes = update_versioned(stakeholder, data, version=version)
    if not changes:
        return stakeholder
    if "private_to" in changes:
        changes["private"] = changes.pop("private_to")
        if stakeholder.is_private and not was_private:
            scrub_mentions(stakeholder)
    _record_entry(
        workspace=workspace,
        actor=actor,
        kind=STAKEHOLDER_UPDATED,
        target=stakeholder,
        about=(stakeholder,),
        changes=changes,
        note=note,
    )
    touch(workspace, ties="private" in changes or "reports_to" in changes)
    return stakeholder


def _own(workspace: Workspace, items: Iterable, field: str) -> list:
    """Only the workspace's own products and themes (the forms and the API choose among
    them; anything else is a bug and refused)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    items = list(items)
    for item in items:
        if item.workspace_id != workspace.pk:
            raise ValidationError({field: _("Choose among this workspace's own.")})
    return items


# --- themes -----------------------------------------------------------------------------


class ThemeChanges(TypedDict, total=False):
    name: str
    product: Product | None
    description: str


@transaction.atomic
def theme_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    product: Product | None = None,
    description: str = "",
) -> Theme:
    theme = Theme(workspace=workspace, name=name, product=product, description=description)
    theme.full_clean()
    with unique_race_as_error(theme):
        theme.save()
    _record_entry(workspace=workspace, actor=actor, kind=THEME_CREATED, target=theme, about=())
    return theme


@transaction.atomic
def theme_update(
    *, actor: User, theme: Theme, version: int | None = None, **fields: Unpack[ThemeChanges]
) -> Theme:
    changes = update_versioned(theme, fields, version=version)
    if changes:
        _record_entry(
            workspace=theme.workspace,
            actor=actor,
            kind=THEME_UPDATED,
            target=theme,
            about=(),
            changes=changes,
        )
    return theme


@transaction.atomic
def theme_delete(*, actor: User, theme: Theme) -> None:
    """Delete a theme with everyone's attitude toward it (and that attitude's trail)."""
    _record_entry(
        workspace=theme.workspace, actor=actor, kind=THEME_DELETED, target=theme, about=()
    )
    workspace = theme.workspace
    theme.delete()
    touch(workspace)
