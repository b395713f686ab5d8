"""Writes for audience views, their share links, follows and digests sent on demand."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core import tokens
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.roadmap import kinds
from leitstern.roadmap.models import (
    PRESETS,
    Audience,
    AudienceLink,
    Follow,
    Preset,
    Roadmap,
)
from leitstern.workspaces.models import Workspace

# Share links are valid this many days unless chosen otherwise (1–365).
LINK_DAYS = 90
# A digest's link for people outside the workspace stays open for a month.
DIGEST_LINK_DAYS = 30
MAX_LINK_DAYS = 365


def _check_roadmaps(workspace: Workspace, roadmaps: list[Roadmap] | None) -> None:
    if roadmaps and any(r.workspace_id != workspace.pk for r in roadmaps):
        raise ValidationError({"roadmaps": _("Choose roadmaps of this workspace.")})


@transaction.atomic
def audience_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    preset: str = Preset.CUSTOM,
    description: str = "",
    item_fields: list[str] | None = None,
    horizons: list[str] | None = None,
    levels: list[str] | None = None,
    include_internal: bool | None = None,
    roadmaps: list[Roadmap] | None = None,
) -> Audience:
    """An audience view; what is not given comes from the preset (customers see outcomes
    and problems only, no owners, no confidence, no internal items)."""
    if preset not in PRESETS:
        raise ValidationError({"preset": _("Choose one of the audiences offered.")})
    defaults = PRESETS[preset]
    _check_roadmaps(workspace, roadmaps)
    audience = Audience(
        workspace=workspace,
        name=name,
        preset=preset,
        description=description,
        item_fields=list(defaults["item_fields"] if item_fields is None else item_fields),
        horizons=list(defaults["horizons"] if horizons is None else horizons),
        levels=list(defaults["levels"] if levels is None else levels),
        include_internal=(
            defaults["include_internal"] if include_internal is None else include_internal
        ),
    )
    audience.full_clean()
    with unique_race_as_error(audience):
        audience.save()
    if roadmaps:
        audience.roadmaps.set(roadmaps)
    activity_record(workspace=workspace, actor=actor, kind=kinds.AUDIENCE_CREATED, target=audience)
    return audience


class AudienceChanges(TypedDict, total=False):
    name: str
    description: str
    item_fields: list[str]
    horizons: list[str]
    levels: list[str]
    include_internal: bool
    roadmaps: list[Roadmap]


@transaction.atomic
def audience_update(
    *,
    actor: User,
    audience: Audience,
    version: int | None = None,
    **changes_wanted: Unpack[AudienceChanges],
) -> Audience:
    _check_roadmaps(audience.workspace, changes_wanted.get("roadmaps"))
    changes = update_versioned(audience, changes_wanted, version=version)
    if changes:
        activity_record(
            workspace=audience.workspace, actor=actor, kind=kinds.AUDIENCE_UPDATED,
            target=audience, changes=changes,
        )  # fmt: skip
    return audience


@transaction.atomic
def audience_delete(*, actor: User, audience: Audience) -> None:
    """Delete the view with its share links (they stop working) and follows."""
    links = audience.links.count()
    activity_record(
        workspace=audience.workspace, actor=actor, kind=kinds.AUDIENCE_DELETED, target=audience,
        changes={"links": [str(links), ""]} if links else {},
    )  # fmt: skip
    audience.delete()


# --- share links ---------------------------------------------------------------------------


@transaction.atomic
def link_create(
    *, actor: User, audience: Audience, days: int = LINK_DAYS, label: str = ""
) -> tuple[AudienceLink, str]:
    """A read-only link to the audience's view, valid ``days`` days. Returns the link and
    its token, which is shown once: only its SHA-256 is kept (``core.tokens``)."""
    if not 1 <= days <= MAX_LINK_DAYS:
        raise ValidationError(
            {"days": _("A link is valid for 1 to %(max)d days.") % {"max": MAX_LINK_DAYS}}
        )
    link, raw = AudienceLink.issue(
        lifetime=timedelta(days=days), audience=audience, label=label.strip(), created_by=actor
    )
    link.full_clean()
    link.save()
    assert link.expires_at is not None  # issued with a lifetime
    activity_record(
        workspace=audience.workspace, actor=actor, kind=kinds.LINK_CREATED, target=audience,
        changes={"expires_at": ["", link.expires_at.date().isoformat()]},
    )  # fmt: skip
    return link, raw


@transaction.atomic
def digest_link_create(*, audience: Audience, since: date) -> tuple[AudienceLink, str]:
    """The share link a digest of ``audience`` gives the stakeholders following it, who have
    no account: the audience's view, read-only, open for ``DIGEST_LINK_DAYS``, listed and
    revocable with the audience's other links. Made by the weekly digest (no actor)."""
    link, raw = AudienceLink.issue(
        lifetime=timedelta(days=DIGEST_LINK_DAYS),
        audience=audience,
        label=_("Digest since %(day)s") % {"day": since.isoformat()},
        created_by=None,
    )
    link.full_clean(exclude=["created_by"])  # made by the digest, not by a person
    link.save()
    assert link.expires_at is not None  # issued with a lifetime
    activity_record(
        workspace=audience.workspace, actor=None, kind=kinds.LINK_CREATED, target=audience,
        changes={"expires_at": ["", link.expires_at.date().isoformat()]}, note=link.label,
    )  # fmt: skip
    return link, raw


@transaction.atomic
def link_revoke(*, actor: User, link: AudienceLink) -> AudienceLink:
    """The link stops working at once; revoking it again changes nothing."""
    if link.revoke():
        activity_record(
            workspace=link.audience.workspace, actor=actor, kind=kinds.LINK_REVOKED,
            target=link.audience, note=link.label,
        )  # fmt: skip
    return link


def link_resolve(raw: str) -> tokens.Lookup[AudienceLink]:
    """What a raw token opens: the working link with its audience, or why it does not."""
    return tokens.lookup(AudienceLink.objects.select_related("audience__workspace"), raw)


# --- follows -------------------------------------------------------------------------------


@transaction.atomic
def follow_set(
    *,
    actor: User,
    workspace: Workspace,
    following: bool,
    roadmap: Roadmap | None = None,
    audience: Audience | None = None,
) -> bool:
    """Follow (or stop following) a roadmap or an audience view: the weekly digest then
    tells ``actor`` what changed and why. A personal choice, so not in the activity log.
    Following twice at once stays one follow."""
    if (roadmap is None) == (audience is None):
        raise ValidationError(_("Follow a roadmap or an audience view."))
    target = {"roadmap": roadmap} if roadmap is not None else {"audience": audience}
    if not following:
        Follow.objects.filter(user=actor, **target).delete()
        return False
    if Follow.objects.filter(user=actor, **target).exists():
        return True
    try:
        with transaction.atomic():
            Follow.objects.create(workspace=workspace, user=actor, **target)
    except IntegrityError:
        pass  # followed a moment ago by the same person in another tab
    return True
