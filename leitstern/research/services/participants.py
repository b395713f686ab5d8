"""Writes for participants and their consent, including withdrawal and erasure."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.customers.models import Organisation, Person, Persona, Segment
from leitstern.customers.services import masked
from leitstern.research import consent_texts
from leitstern.research.models import (
    Channel,
    Consent,
    Participant,
    ParticipantStatus,
    Purpose,
    ResearchSettings,
)
from leitstern.research.services._common import (
    CONSENT_RECORDED,
    CONSENT_WITHDRAWN,
    PARTICIPANT_ACCEPTED,
    PARTICIPANT_CREATED,
    PARTICIPANT_PROPOSED,
    PARTICIPANT_UPDATED,
    of_workspace,
)
from leitstern.workspaces.models import Workspace


class ParticipantDetails(TypedDict, total=False):
    """A participant's optional fields (empty when left out)."""

    email: str
    phone: str
    role: str
    organisation: Organisation | None
    person: Person | None
    segments: Iterable[Segment | int]
    personas: Iterable[Persona | int]
    language: str
    notes: str


class ParticipantChanges(TypedDict, total=False):
    name: str
    email: str
    phone: str
    role: str
    organisation: Organisation | None
    segments: Iterable[Segment | int]
    personas: Iterable[Persona | int]
    language: str
    notes: str


def _groupings(workspace: Workspace, fields: dict) -> dict:
    """Segments and personas given as ids or objects, checked to be the workspace's."""
    for name, model in (("segments", Segment), ("personas", Persona)):
        if name in fields:
            fields[name] = of_workspace(workspace, fields[name], model, field=name)
    return fields


@transaction.atomic
def participant_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    proposed: bool = False,
    **details: Unpack[ParticipantDetails],
) -> Participant:
    """A participant. ``proposed`` for one a contributor suggests (sales, support): an
    editor accepts it (``participant_accept``) before it takes part in research."""
    fields = _groupings(workspace, dict(details))
    segments, personas = fields.pop("segments", []), fields.pop("personas", [])
    participant = Participant(
        workspace=workspace,
        name=name,
        status=ParticipantStatus.PROPOSED if proposed else ParticipantStatus.ACTIVE,
        proposed_by=actor if proposed else None,
        **fields,
    )
    participant.full_clean()
    participant.save()
    participant.segments.set(segments)
    participant.personas.set(personas)
    activity_record(
        workspace=workspace,
        actor=actor,
        kind=PARTICIPANT_PROPOSED if proposed else PARTICIPANT_CREATED,
        target=participant,
    )
    return participant


@transaction.atomic
def participant_accept(*, actor: User, participant: Participant) -> Participant:
    """Accept a proposed participant into the workspace's research."""
    participant.ensure_present()
    if not participant.is_proposed:
        return participant
    update_versioned(participant, {"status": ParticipantStatus.ACTIVE}, clean=False)
    activity_record(
        workspace=participant.workspace, actor=actor, kind=PARTICIPANT_ACCEPTED, target=participant
    )
    return participant


@transaction.atomic
def participant_update(
    *,
    actor: User,
    participant: Participant,
    version: int | None = None,
    **fields: Unpack[ParticipantChanges],
) -> Participant:
    """Change the given fields, and only those. The activity entry says that an email
    address or phone number changed, never what it is."""
    participant.ensure_present()
    data = _groupings(participant.workspace, dict(fields))
    changes = update_versioned(participant, data, version=version)
    if changes:
        activity_record(
            workspace=participant.workspace,
            actor=actor,
            kind=PARTICIPANT_UPDATED,
            target=participant,
            changes=masked(changes, Participant.PERSONAL_FIELDS),
        )
    return participant


# --- consent ---------------------------------------------------------------------------------


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months (the 31st becomes the month's last day)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _purposes(purposes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(str(p) for p in purposes))
    unknown = [p for p in chosen if p not in Purpose.values]
    if unknown or not chosen:
        raise ValidationError({"purposes": _("Choose at least one purpose.")})
    return chosen


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    participant: Participant,
    purposes: Iterable[str],
    channel: str,
    given_at: datetime | None = None,
    witness: str = "",
    language: str | None = None,
) -> list[Consent]:
    """One consent per purpose, each with the exact text (and its version) the person saw
    in ``language``, valid from ``given_at`` (default: now) for the workspace's consent
    period. ``actor`` is None when the person gave it through their own link. Consent
    recorded again for a purpose is a new record (a renewal); the older one stays as it
    was."""
    participant.ensure_present()
    chosen = _purposes(purposes)
    given_at = given_at or timezone.now()
    if given_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"given_at": _("Consent cannot be given in the future.")})
    language = language or participant.language
    settings = ResearchSettings.for_workspace(participant.workspace)
    texts = consent_texts.current_texts(participant.workspace, language)
    consents = []
    for purpose in chosen:
        text, version = texts[purpose]
        consent = Consent(
            participant=participant,
            purpose=purpose,
            text=text,
            text_version=version,
            language=language,
            channel=channel,
            witness=witness.strip(),
            given_at=given_at,
            expires_at=add_months(given_at, settings.consent_months),
            recorded_by=actor,
        )
        consent.full_clean()
        consents.append(consent)
    Consent.objects.bulk_create(consents)
    activity_record(
        workspace=participant.workspace,
        actor=actor,
        kind=CONSENT_RECORDED,
        target=participant,
        changes={
            "purposes": ["", ", ".join(str(Purpose(p).label) for p in chosen)],
            "channel": ["", str(Channel(channel).label)],
        },
    )
    return consents


@transaction.atomic
def consent_withdraw(
    *, actor: User | None, participant: Participant, purposes: Iterable[str]
) -> Participant:
    """Withdraw consent for ``purposes`` (``actor`` None when the person did it through
    their own link), with what follows from each:

    * research interviews — the person leaves research altogether: everything about them
      is removed and the participant becomes a tombstone (``participant_remove``);
    * recordings and transcripts — their conversations' recordings and transcripts are
      deleted;
    * quotes — their quotes are shown to nobody but the interviewers;
    * contact for future studies — they are no longer invited.
    """
    from leitstern.research.services.removal import delete_recordings, participant_remove

    # Locked first: a conversation being scheduled with them at this moment either waits
    # and is refused, or is in before the cascade looks (``conversation_create``).
    participant = Participant._base_manager.select_for_update().get(pk=participant.pk)
    participant.ensure_present()
    chosen = _purposes(purposes)
    now = timezone.now()
    participant.consents.filter(purpose__in=chosen, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    activity_record(
        workspace=participant.workspace,
        actor=actor,
        kind=CONSENT_WITHDRAWN,
        target=participant,
        changes={"purposes": [", ".join(str(Purpose(p).label) for p in chosen), ""]},
    )
    if Purpose.INTERVIEW in chosen:
        return participant_remove(
            actor=actor, participant=participant, status=ParticipantStatus.WITHDRAWN
        )
    if Purpose.RECORDING in chosen:
        delete_recordings(actor=actor, participant=participant)
    return participant
