"""Read-only share links for people without an account: public links of the kernel
(``core.tokens``)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core import tokens
from leitstern.forecasts.models import SavedForecast, ShareLink, TrackingForecast

SHARE_CREATED = kinds.register("forecasts.share_created", gettext_lazy("shared a forecast"))
SHARE_REVOKED = kinds.register("forecasts.share_revoked", gettext_lazy("revoked a share link"))
DEFAULT_DAYS = 30
MAX_DAYS = 365


@transaction.atomic
def share_create(
    *,
    actor: User,
    forecast: SavedForecast | None = None,
    tracking: TrackingForecast | None = None,
    days: int = DEFAULT_DAYS,
) -> tuple[ShareLink, str]:
    """A new link; returns it and the raw token, which is shown once and never stored."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A link lasts from 1 to 365 days.")})
    target = forecast or tracking
    if target is None or (forecast and tracking):
        raise ValidationError(_("Share one forecast or one tracking forecast."))
    link, raw = ShareLink.issue(
        lifetime=timedelta(days=days),
        workspace=target.team.workspace,
        forecast=forecast,
        tracking=tracking,
        created_by=actor,
    )
    link.full_clean()
    link.save()
    activity_record(workspace=link.workspace, actor=actor, kind=SHARE_CREATED, target=target)
    return link, raw


@transaction.atomic
def share_revoke(*, actor: User, link: ShareLink) -> ShareLink:
    if link.revoke():
        target = link.forecast or link.tracking
        assert target is not None  # a link shows one forecast (a check constraint)
        activity_record(workspace=link.workspace, actor=actor, kind=SHARE_REVOKED, target=target)
    return link


def share_resolve(raw: str) -> tokens.Lookup[ShareLink]:
    """What a raw token opens: the working link with its forecast, or why it does not."""
    return tokens.lookup(ShareLink.objects.select_related("forecast__team", "tracking__team"), raw)
