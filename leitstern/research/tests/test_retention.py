"""Retention: the daily run deletes transcripts, recordings and notes past the workspace's
periods (snapshots stay), lists them seven days ahead, and logs counts without names."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from leitstern.activity.models import ActivityEntry
from leitstern.research import search, services
from leitstern.research.models import Attachment, Conversation, SearchEntry
from leitstern.research.services.retention import (
    due_on,
    months_before,
    retention_apply,
    retention_due,
)
from leitstern.research.tests.factory import make_conversation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def test_months_arithmetic_at_month_ends():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    # What was held on 31 January goes with the first run at least a month later.
    assert due_on(date(2026, 1, 31), 1) == date(2026, 3, 1)
    assert due_on(date(2026, 1, 15), 12) == date(2027, 1, 15)


def _interview(world, day: date, name: str):
    # No participant: consent is not what this is about (a past date would need past consent).
    conversation = make_conversation(
        world.workspace,
        world.editor,
        interviewers=[world.editor],
        day=day,
        notes=f"{name} sagte: der Warenkorb verschwindet.",
        title=f"Gespräch vom {day:%d.%m.%Y}",
    )
    services.snapshot_update(
        actor=world.editor, conversation=conversation, quick_facts="Shop mit 20 Filialen"
    )
    services.attachment_add(
        actor=world.editor,
        conversation=conversation,
        kind="transcript",
        name="transkript.txt",
        content=f"Transkript {name}: Warenkorb".encode(),
    )
    return conversation


def test_due_list_then_daily_run_deletes_files_and_notes_but_keeps_snapshots(world):
    services.research_settings_update(
        actor=world.owner, workspace=world.workspace, transcript_months=12, notes_months=24
    )
    old = _interview(world, date(2025, 12, 3), "Erika Alt")  # transcript due on 3 Dec
    older = _interview(world, date(2024, 11, 20), "Otto Uralt")  # both overdue
    young = _interview(world, date(2026, 6, 1), "Jana Jung")  # nothing due

    due = {d.conversation.pk: d for d in retention_due(world.workspace, today=TODAY)}
    assert set(due) == {old.pk, older.pk}
    assert due[old.pk].on == date(2026, 12, 3) and due[old.pk].attachments == 1
    assert not due[old.pk].notes
    assert due[older.pk].on == TODAY and due[older.pk].notes

    client = Client()
    client.force_login(world.editor)
    page = client.get(reverse("research:retention", args=[world.workspace.slug]))
    assert "Gespräch vom 03.12.2025" in page.content.decode()

    stored = Attachment.objects.get(conversation=older).file.name
    assert default_storage.exists(stored)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert retention_apply(today=TODAY) == (1, 1)
    assert not default_storage.exists(stored)
    older.refresh_from_db()
    assert older.notes == "" and older.notes_removed_at is not None
    assert older.quick_facts == "Shop mit 20 Filialen"
    assert Attachment.objects.filter(conversation=old).exists()
    assert Attachment.objects.filter(conversation=young).exists()
    assert not SearchEntry.objects.filter(conversation=older, kind="notes").exists()
    assert not SearchEntry.objects.filter(text__contains="Otto Uralt").exists()
    found = search.search(workspace=world.workspace, user=world.editor, query="verschwindet")
    assert {hit.conversation_id for hit in found.hits} == {old.pk, young.pk}

    entry = ActivityEntry.objects.get(kind="research.retention.applied")
    assert entry.actor is None
    logged = f"{entry.changes} {entry.note} {entry.target_label}"
    assert "Otto" not in logged and "Gespräch" not in logged and "Warenkorb" not in logged

    # Two days later the next one goes; running twice a day deletes nothing more.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert retention_apply(today=TODAY + timedelta(days=2)) == (1, 0)
        assert retention_apply(today=TODAY + timedelta(days=2)) == (0, 0)
    assert Conversation.objects.get(pk=young.pk).notes


def test_without_a_period_nothing_is_due(world):
    _interview(world, date(2020, 1, 1), "Berta Ewig")
    assert retention_due(world.workspace, today=TODAY) == []
    assert retention_apply(today=TODAY) == (0, 0)


def test_the_daily_command_queues_the_retention_run(world):
    services.research_settings_update(
        actor=world.owner, workspace=world.workspace, transcript_months=1
    )
    _interview(world, date(2020, 1, 1), "Karl Kurz")
    call_command("research_daily", stdout=io.StringIO())
    assert not Attachment.objects.filter(conversation__workspace=world.workspace).exists()


def test_viewers_do_not_see_the_retention_page(world):
    client = Client()
    client.force_login(world.viewer)
    assert client.get(reverse("research:retention", args=[world.workspace.slug])).status_code == 404
