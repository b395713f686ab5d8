"""Consent links: a participant gives or withdraws consent themselves, signed out, through
a public link of the kernel (``core.tokens``) bound to them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core import tokens
from leitstern.core.tasks import send_email_on_commit
from leitstern.research.models import Consent, ConsentLink, Participant, Purpose
from leitstern.research.services._common import CONSENT_REQUESTED
from leitstern.research.services.participants import consent_record, consent_withdraw

# A link to give consent is answered within days; one to withdraw works as long as the
# person's data is kept (it is revoked with the participant's removal).
GIVE_DAYS = 14


@transaction.atomic
def consent_link_create(
    *, actor: User, participant: Participant, withdraw: bool = False, send: bool = False
) -> tuple[ConsentLink, str]:
    """A link for ``participant`` alone: to give consent (single-use, expires after
    ``GIVE_DAYS`` days) or, with ``withdraw``, to withdraw it (never expires). With
    ``send``, it is emailed to the participant in their language once this commits.
    Returns the link and its token, which is shown once."""
    participant.ensure_present()
    if send and not participant.email:
        raise ValidationError(
            {"email": _("Add the participant's email address to send the link by email.")}
        )
    link, raw = ConsentLink.issue(
        lifetime=None if withdraw else timedelta(days=GIVE_DAYS),
        single_use=not withdraw,
        participant=participant,
        withdraw=withdraw,
        created_by=actor,
    )
    link.full_clean()
    link.save()
    activity_record(
        workspace=participant.workspace,
        actor=actor,
        kind=CONSENT_REQUESTED,
        target=participant,
        note=_("withdrawal link") if withdraw else _("consent link"),
    )
    if send:
        with translation.override(participant.language):
            path = reverse("research_consent:page", kwargs={"token": raw})
            body = render_to_string(
                "research/email/consent_request.txt",
                {"participant": participant, "workspace": participant.workspace, "path": path,
                 "withdraw": withdraw, "days": GIVE_DAYS, "base_url": settings.BASE_URL},
            )  # fmt: skip
            subject = _("Your consent for %(workspace)s") % {"workspace": participant.workspace}
        send_email_on_commit(subject=str(subject), body=body, to=[participant.email])
    return link, raw


def consent_link_resolve(raw: str) -> tokens.Lookup[ConsentLink]:
    """What a raw token opens: a working link to a participant who is still there."""
    found = tokens.lookup(ConsentLink.objects.select_related("participant__workspace"), raw)
    if found.link is not None and found.link.participant.is_removed:
        return tokens.Lookup(tokens.TokenState.UNKNOWN)
    return found


@transaction.atomic
def consent_by_link(
    *, link: ConsentLink, give: Iterable[str], withdraw: Iterable[str] = (), language: str
) -> list[Consent]:
    """What the person chose on their link's page: consent to each purpose in ``give`` (in
    ``language``, the text they read) and withdrawal of each in ``withdraw``. A link to
    give consent is spent by this (once, even when sent twice at once)."""
    give, withdraw = list(give), list(withdraw)
    if not give and not withdraw:
        # A double click: the first answer spent the link and recorded what was ticked, so
        # this one finds nothing left to give. Say that the link was used, not "tick one".
        if link.single_use and not type(link).objects.filter(pk=link.pk, used_at=None).exists():
            raise ValidationError(_("This link has already been used."))
        raise ValidationError({"purposes": _("Tick at least one purpose.")})
    if not link.consume():
        raise ValidationError(_("This link has already been used."))
    participant = Participant.objects.select_for_update().get(pk=link.participant_id)
    consents: list[Consent] = []
    if give:
        given = set(participant.valid_consents())
        fresh = [p for p in give if p not in given]
        if fresh:
            consents = consent_record(
                actor=None, participant=participant, purposes=fresh, channel="form",
                language=language,
            )  # fmt: skip
    if withdraw:
        consent_withdraw(actor=None, participant=participant, purposes=withdraw)
    return consents


def purposes_in_order() -> list[str]:
    return list(Purpose.values)
