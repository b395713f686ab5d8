"""Retention: the workspace's research settings say after how many months (counted from a
conversation's date) its transcripts and recordings, and its notes, are deleted; the
interview snapshot always stays. The daily run (``tasks.apply_retention``) deletes what
is due; ``retention_due`` lists what will go in the coming days, so nobody is surprised.

The activity entry of a run counts what went and names no person and no conversation's
words."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.research import search
from leitstern.research.models import (
    Attachment,
    AttachmentKind,
    Conversation,
    ResearchSettings,
    SearchEntry,
)
from leitstern.research.services._common import delete_files_on_commit
from leitstern.workspaces.models import Workspace

RETENTION_APPLIED = kinds.register(
    "research.retention.applied", gettext_lazy("deleted research data after its retention period")
)
RECORDING_KINDS = (AttachmentKind.TRANSCRIPT, AttachmentKind.RECORDING)
AHEAD_DAYS = 7


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months (the 31st becomes the month's last)."""
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(day: date, months: int) -> date:
    """The first day whose daily run deletes what dates from ``day`` (the run deletes what
    is at least ``months`` calendar months old)."""
    on = months_before(day, -months)
    while months_before(on, months) < day:
        on += timedelta(days=1)
    return on


@dataclass(frozen=True)
class Due:
    """A conversation with what retention deletes from it, and on which day."""

    conversation: Conversation
    on: date
    attachments: int  # transcripts and recordings
    notes: bool


def retention_due(workspace: Workspace, *, today: date, days: int = AHEAD_DAYS) -> list[Due]:
    """What the daily runs of the next ``days`` days (today's included) will delete, by
    conversation and day, earliest first. Two queries."""
    settings = ResearchSettings.for_workspace(workspace)
    last = today + timedelta(days=days - 1)
    found: dict[int, dict] = {}
    if settings.transcript_months:
        cutoff = months_before(last, settings.transcript_months)
        rows = (
            Attachment.objects.filter(
                conversation__workspace=workspace,
                conversation__date__lte=cutoff,
                kind__in=RECORDING_KINDS,
            )
            .select_related("conversation")
            .order_by("conversation__date", "conversation_id")
        )
        for attachment in rows:
            entry = found.setdefault(
                attachment.conversation_id,
                {"conversation": attachment.conversation, "attachments": 0, "notes": False},
            )
            entry["attachments"] += 1
    if settings.notes_months:
        cutoff = months_before(last, settings.notes_months)
        noted = Conversation.objects.filter(workspace=workspace, date__lte=cutoff).exclude(notes="")
        for conversation in noted.order_by("date", "id"):
            entry = found.setdefault(
                conversation.pk, {"conversation": conversation, "attachments": 0, "notes": False}
            )
            entry["notes"] = True
    due = []
    for entry in found.values():
        conversation = entry["conversation"]
        days_after = []
        if entry["attachments"]:
            days_after.append(due_on(conversation.date, settings.transcript_months or 0))
        if entry["notes"]:
            days_after.append(due_on(conversation.date, settings.notes_months or 0))
        on = max(min(days_after), today)
        due.append(Due(conversation, on, entry["attachments"], entry["notes"]))
    return sorted(due, key=lambda d: (d.on, d.conversation.date, d.conversation.pk))


@transaction.atomic
def retention_apply_workspace(workspace: Workspace, *, today: date) -> tuple[int, int]:
    """Delete what is due today in ``workspace``: transcripts and recordings (the files
    once committed) and notes; returns (attachments, notes) deleted."""
    settings = ResearchSettings.for_workspace(workspace)
    attachments = notes = 0
    if settings.transcript_months:
        cutoff = months_before(today, settings.transcript_months)
        due = list(
            Attachment.objects.select_for_update().filter(
                conversation__workspace=workspace,
                conversation__date__lte=cutoff,
                kind__in=RECORDING_KINDS,
            )
        )
        SearchEntry.objects.filter(attachment__in=[a.pk for a in due]).delete()
        delete_files_on_commit([a.file.name for a in due if a.file.name])
        attachments = Attachment.objects.filter(pk__in=[a.pk for a in due]).delete()[0]
    if settings.notes_months:
        cutoff = months_before(today, settings.notes_months)
        noted = list(
            Conversation.objects.select_for_update()
            .filter(workspace=workspace, date__lte=cutoff)
            .exclude(notes="")
        )
        Conversation.objects.filter(pk__in=[c.pk for c in noted]).update(
            notes="", notes_removed_at=timezone.now()
        )
        for conversation in noted:
            conversation.notes = ""
            search.index_conversation(conversation)
        notes = len(noted)
    if attachments or notes:
        search.forget_deleted()
        activity_record(
            workspace=workspace,
            actor=None,
            kind=RETENTION_APPLIED,
            target=settings if settings.pk else workspace,
            changes={
                "attachments": [str(attachments), ""],
                "notes": [str(notes), ""],
            },
        )
    return attachments, notes


def retention_apply(*, today: date | None = None) -> tuple[int, int]:
    """The daily run over every workspace with a retention period; each workspace in a
    transaction of its own. Returns the totals (attachments, notes)."""
    today = today or timezone.localdate()
    totals = [0, 0]
    workspaces = Workspace.objects.filter(
        pk__in=ResearchSettings.objects.exclude(
            transcript_months__isnull=True, notes_months__isnull=True
        ).values("workspace_id")
    )
    for workspace in workspaces:
        attachments, notes = retention_apply_workspace(workspace, today=today)
        totals[0] += attachments
        totals[1] += notes
    return totals[0], totals[1]
