"""Writes for a workspace's research settings, consent texts and reminder choices."""

from __future__ import annotations

from typing import TypedDict, Unpack

from django.db import transaction

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import update_versioned
from leitstern.research.models import ConsentText, ReminderPreference, ResearchSettings
from leitstern.research.services._common import CONSENT_TEXT, SETTINGS_UPDATED
from leitstern.workspaces.models import Workspace


class SettingsChanges(TypedDict, total=False):
    consent_months: int
    expiry_notice_days: int
    weekly_goal_low: int
    weekly_goal_high: int
    interviewer_weekly_goal: int
    stale_weeks: int
    coverage_red_days: int
    transcript_months: int | None
    notes_months: int | None


@transaction.atomic
def research_settings_update(
    *,
    actor: User,
    workspace: Workspace,
    version: int | None = None,
    **fields: Unpack[SettingsChanges],
) -> ResearchSettings:
    """Change the given settings (stored on first change). A new consent period applies
    to consents recorded from now on; a retention period to the next daily run, which
    lists what it will delete seven days ahead."""
    settings, _created = ResearchSettings.objects.get_or_create(workspace=workspace)
    changes = update_versioned(settings, dict(fields), version=version)
    if changes:
        activity_record(
            workspace=workspace,
            actor=actor,
            kind=SETTINGS_UPDATED,
            target=settings,
            changes=changes,
        )
    return settings


@transaction.atomic
def consent_text_publish(
    *, actor: User, workspace: Workspace, purpose: str, language: str, text: str
) -> ConsentText:
    """The next version of the text shown for ``purpose`` in ``language``. Consents given
    before keep the text they were given on."""
    from leitstern.research.consent_texts import DEFAULT_VERSION

    latest = (
        ConsentText.objects.select_for_update()
        .filter(workspace=workspace, purpose=purpose, language=language)
        .order_by("-version")
        .first()
    )
    version = (latest.version if latest else DEFAULT_VERSION) + 1
    consent_text = ConsentText(
        workspace=workspace,
        purpose=purpose,
        language=language,
        version=version,
        text=text.strip(),
        created_by=actor,
    )
    consent_text.full_clean()
    consent_text.save()
    activity_record(workspace=workspace, actor=actor, kind=CONSENT_TEXT, target=consent_text)
    return consent_text


@transaction.atomic
def reminder_preference_set(*, actor: User, workspace: Workspace, weekly_email: bool) -> None:
    """The actor's own choice about the weekly research reminder (no activity entry: it
    concerns nobody else)."""
    ReminderPreference.objects.update_or_create(
        workspace=workspace, user=actor, defaults={"weekly_email": weekly_email}
    )
