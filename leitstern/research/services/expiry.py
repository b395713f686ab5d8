"""The daily flagging of consents that expire soon: each is flagged once, and the editors
and owners of its workspace are told by email whose consent to renew."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings as django_settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leitstern.core.tasks import send_email_on_commit
from leitstern.research.models import Consent, ResearchSettings
from leitstern.workspaces.models import Membership, Need, roles_reaching


@transaction.atomic
def consents_flag_expiring(*, at: datetime | None = None) -> int:
    """Flag every valid consent that expires within its workspace's notice period and was
    not flagged yet; email each workspace's editors and owners once, in their language.
    Returns how many consents were flagged."""
    now = at or timezone.now()
    candidates = (
        Consent.objects.valid(now)
        .filter(expiry_flagged_at__isnull=True, expires_at__lte=now + timedelta(days=180))
        # A workspace scheduled for deletion rests: no more notices for it.
        .filter(participant__workspace__deletion_requested_at__isnull=True)
        .select_related("participant__workspace")
        .order_by("expires_at", "id")
    )
    notice: dict[int, int] = {}
    by_workspace: dict[int, list[Consent]] = defaultdict(list)
    for consent in candidates:
        workspace = consent.participant.workspace
        if workspace.pk not in notice:
            notice[workspace.pk] = ResearchSettings.for_workspace(workspace).expiry_notice_days
        if consent.expires_at <= now + timedelta(days=notice[workspace.pk]):
            by_workspace[workspace.pk].append(consent)
    flagged = [c.pk for consents in by_workspace.values() for c in consents]
    Consent.objects.filter(pk__in=flagged).update(expiry_flagged_at=now)
    for consents in by_workspace.values():
        _tell_editors(consents)
    return len(flagged)


def _tell_editors(consents: list[Consent]) -> None:
    workspace = consents[0].participant.workspace
    people: dict[int, dict] = {}
    for consent in consents:
        entry = people.setdefault(
            consent.participant_id,
            {"participant": consent.participant, "expires_at": consent.expires_at, "purposes": []},
        )
        entry["purposes"].append(consent.purpose)
    members = Membership.objects.filter(
        workspace=workspace, role__in=roles_reaching(Need.EDIT)
    ).select_related("user")
    link = django_settings.BASE_URL + reverse(
        "research:participants", kwargs={"slug": workspace.slug}
    )
    for member in members:
        with translation.override(member.user.language or django_settings.LANGUAGE_CODE):
            body = render_to_string(
                "research/email/expiring.txt",
                {"recipient": member.user, "workspace": workspace, "link": link,
                 "people": [
                     {**entry, "purposes": [str(Consent(purpose=p).get_purpose_display())
                                            for p in entry["purposes"]]}
                     for entry in people.values()
                 ]},
            )  # fmt: skip
            subject = _("Consent expires soon: %(workspace)s") % {"workspace": workspace}
        send_email_on_commit(subject=str(subject), body=body, to=[member.user.email])
