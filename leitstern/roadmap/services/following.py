"""Writes for stakeholders following a roadmap or an audience view."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.roadmap import followers, kinds
from leitstern.roadmap.models import Audience, Roadmap, StakeholderFollow
from leitstern.stakeholders.models import Stakeholder


@transaction.atomic
def stakeholder_follow_set(
    *,
    actor: User,
    stakeholder: Stakeholder,
    following: bool,
    roadmap: Roadmap | None = None,
    audience: Audience | None = None,
) -> bool:
    """Let ``stakeholder`` follow (or stop following) a roadmap or an audience view: the
    digest about it then reaches their address too. The stakeholder needs an address and
    must belong to the same workspace; a whole roadmap only a stakeholder whose address is
    a member's (``followers.roadmap_recipients`` says why). The log says that the
    followers changed, not who (a stakeholder's name is personal data; erasing them
    removes the follow)."""
    if (roadmap is None) == (audience is None):
        raise ValidationError(_("Follow a roadmap or an audience view."))
    target = roadmap if roadmap is not None else audience
    assert target is not None
    if stakeholder.workspace_id != target.workspace_id:
        raise ValidationError(_("This stakeholder belongs to another workspace."))
    lookup = {"roadmap": roadmap} if roadmap is not None else {"audience": audience}
    follows = StakeholderFollow.objects.filter(stakeholder=stakeholder, **lookup)
    if not following:
        if follows.delete()[0]:
            _record(actor, target, added=False)
        return False
    if not stakeholder.email:
        raise ValidationError(
            {"stakeholder": _("This stakeholder has no e-mail address to send a digest to.")}
        )
    if follows.exists():
        return True
    if roadmap is not None and not followers.member_addresses(
        roadmap.workspace_id, [stakeholder.email]
    ):
        # A roadmap's digest shows every item and reason and links to signed-in pages.
        raise ValidationError(
            {
                "stakeholder": _(
                    "Only members can follow a whole roadmap: its digest shows every item "
                    "and reason. Let this stakeholder follow an audience view instead."
                )
            }
        )
    try:
        with transaction.atomic():
            StakeholderFollow.objects.create(
                workspace_id=target.workspace_id, stakeholder=stakeholder, added_by=actor, **lookup
            )
    except IntegrityError:
        return True  # added a moment ago by someone else
    _record(actor, target, added=True)
    return True


def _record(actor: User, target: Roadmap | Audience, *, added: bool) -> None:
    kind = kinds.ROADMAP_UPDATED if isinstance(target, Roadmap) else kinds.AUDIENCE_UPDATED
    change = _("a stakeholder follows") if added else _("a stakeholder no longer follows")
    activity_record(
        workspace=target.workspace,
        actor=actor,
        kind=kind,
        target=target,
        product=getattr(target, "product", None),
        changes={"followers": ["", change]},
    )
