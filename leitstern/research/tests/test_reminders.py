"""The weekly reminder: only interviewers behind their goal, in their language, at most
once a week, never to someone who turned it off."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from leitstern.research import services
from leitstern.research.models import ReminderPreference
from leitstern.research.services.reminders import (
    interviewers_behind,
    reminders_send,
    reminders_send_workspace,
)
from leitstern.research.tests.factory import make_conversation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def _held(world, interviewer, day: date) -> None:
    make_conversation(world.workspace, world.owner, interviewers=[interviewer], day=day)


def test_only_those_behind_get_it_in_their_language_once_a_week(world, settings):
    settings.BASE_URL = "https://leitstern.example"
    services.research_settings_update(
        actor=world.owner, workspace=world.workspace, interviewer_weekly_goal=1
    )
    for week in range(4):  # the owner keeps to the goal
        _held(world, world.owner, TODAY - timedelta(weeks=week, days=1))
    _held(world, world.editor, TODAY - timedelta(days=3))  # one in four weeks: behind
    world.editor.language = "de"
    world.editor.save(update_fields=["language"])

    behind = interviewers_behind(world.workspace, today=TODAY)
    assert [(b.member.user_id, b.held, b.goal) for b in behind] == [(world.editor.pk, 1, 4)]

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert reminders_send_workspace(world.workspace, today=TODAY) == 1
    [message] = mail.outbox
    assert message.to == [world.editor.email]
    assert "Gespräch" in message.subject or "Kundengespräch" in message.body
    assert "https://leitstern.example/w/" in message.body
    assert reverse("research:reminder", args=[world.workspace.slug]) in message.body

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert (
            reminders_send_workspace(world.workspace, today=TODAY + timedelta(days=2)) == 0
        )  # not twice a week
        # A week later the editor hears again, and the owner, whose oldest conversation
        # has left the four weeks, for the first time.
        assert reminders_send_workspace(world.workspace, today=TODAY + timedelta(days=7)) == 2
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        [world.editor.email, world.owner.email]
    )


def test_turned_off_means_no_email(world):
    client = Client()
    client.force_login(world.editor)
    url = reverse("research:reminder", args=[world.workspace.slug])
    assert "checked" in client.get(url).content.decode()  # on unless turned off
    assert client.post(url, {}).status_code == 302
    assert ReminderPreference.objects.get(user=world.editor).weekly_email is False
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = reminders_send_workspace(world.workspace, today=TODAY)
    assert world.editor.email not in {a for m in mail.outbox for a in m.to}
    assert sent == 1  # the owner, who has held nothing
    assert "checked" not in client.get(url).content.decode()


def test_no_goal_no_reminder_and_the_weekly_command(world):
    services.research_settings_update(
        actor=world.owner, workspace=world.workspace, interviewer_weekly_goal=0
    )
    assert interviewers_behind(world.workspace, today=TODAY) == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("research_weekly", stdout=io.StringIO())
    # Only the other workspace's owner, who is behind there, hears from it.
    assert {a for m in mail.outbox for a in m.to} == {world.outsider.email}
    assert reminders_send(today=TODAY) == 0  # the same week again: nobody


def test_a_workspace_scheduled_for_deletion_rests(world):
    from django.utils import timezone

    for workspace in (world.workspace, world.other_workspace):
        workspace.deletion_requested_at = timezone.now()
        workspace.save(update_fields=["deletion_requested_at"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert reminders_send(today=TODAY) == 0
    assert mail.outbox == []
