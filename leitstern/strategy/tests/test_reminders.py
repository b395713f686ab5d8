from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from leitstern.strategy import services
from leitstern.strategy.tasks import due_check_ins, send_checkin_reminders
from leitstern.strategy.tests.factory import make_okr

pytestmark = pytest.mark.django_db


def test_owners_get_one_email_with_their_due_check_ins(world):
    kr = make_okr(world)
    world.owner.language = "de"
    world.owner.save()
    assert send_checkin_reminders.call() == 1
    (email,) = mail.outbox
    assert email.to == [world.owner.email]
    assert kr.title in email.body and "Check-ins" in email.subject


def test_a_done_check_in_is_not_due(world):
    kr = make_okr(world)
    services.check_in_record(actor=world.owner, key_result=kr, confidence=6)
    assert due_check_ins() == {}


def test_people_can_opt_out_on_my_check_ins(world):
    make_okr(world)
    client = Client()
    client.force_login(world.owner)
    page = reverse("strategy:my_check_ins", kwargs={"slug": world.workspace.slug})
    assert "Due this week" in client.get(page).content.decode()
    client.post(reverse("strategy:reminders", kwargs={"slug": world.workspace.slug}), {})
    assert due_check_ins() == {}
    assert send_checkin_reminders.call() == 0


def test_the_command_enqueues_the_task(world):
    make_okr(world)
    call_command("send_checkin_reminders")
    assert len(mail.outbox) == 1  # the test settings run tasks immediately


def test_a_workspace_scheduled_for_deletion_sends_no_reminders(world):
    from leitstern.workspaces.lifecycle import workspace_request_deletion

    make_okr(world)
    assert due_check_ins() != {}
    workspace_request_deletion(
        actor=world.owner, workspace=world.workspace, confirm_name=world.workspace.name
    )
    assert due_check_ins() == {}
    assert send_checkin_reminders.call() == 0
