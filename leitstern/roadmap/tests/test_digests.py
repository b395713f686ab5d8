"""The weekly e-mails: followers hear what changed and why; whoever decided hears when a
decision is due for another look; a workspace scheduled for deletion hears nothing more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from leitstern.roadmap import clock
from leitstern.roadmap.models import Decision, Horizon
from leitstern.roadmap.services.audiences import follow_set
from leitstern.roadmap.services.items import item_move
from leitstern.roadmap.tasks import send_revisit_reminders, send_weekly_digests
from leitstern.roadmap.tests.factory import make_decision, make_item, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(world):
    """A roadmap planned ten days ago, followed by the editor, with one move this week."""
    roadmap = make_roadmap(world, world.product)
    with clock.recorded_at(clock.now() - timedelta(days=10)):
        item = make_item(roadmap, world.owner, "One-click reorder", horizon=Horizon.NEXT)
        make_item(roadmap, world.owner, "Merchant insights", horizon=Horizon.LATER)
    follow_set(actor=world.editor, workspace=world.workspace, following=True, roadmap=roadmap)
    item_move(
        actor=world.owner,
        item=item,
        horizon=Horizon.LATER,
        why="Interviews showed returning buyers do not miss it",
    )
    return roadmap


def _send(task) -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return task.call()


def test_weekly_digest_tells_each_follower_what_moved_and_why(world, followed):
    assert _send(send_weekly_digests) == 1
    [message] = mail.outbox
    assert message.to == [world.editor.email]
    assert "One-click reorder" in message.body
    assert "Interviews showed returning buyers do not miss it" in message.body
    # Unchanged for the week: not in the digest.
    assert "Merchant insights" not in message.body


def test_no_digest_and_no_reminder_for_a_workspace_scheduled_for_deletion(world, followed):
    decision = make_decision(followed, world.owner, revisit_on=clock.today() + timedelta(days=3))
    Decision.objects.filter(pk=decision.pk).update(revisit_on=clock.today())
    world.workspace.deletion_requested_at = timezone.now()
    world.workspace.save(update_fields=["deletion_requested_at"])

    assert _send(send_weekly_digests) == 0
    assert _send(send_revisit_reminders) == 0
    assert mail.outbox == []


def test_decision_due_for_another_look_reminds_whoever_decided_once(world, followed):
    decision = make_decision(followed, world.owner, revisit_on=clock.today() + timedelta(days=3))
    Decision.objects.filter(pk=decision.pk).update(revisit_on=clock.today())

    assert _send(send_revisit_reminders) >= 1
    told = {address for message in mail.outbox for address in message.to}
    assert world.owner.email in told  # decided it
    assert world.editor.email in told  # follows the roadmap
    assert all(decision.title in m.body for m in mail.outbox)

    mail.outbox.clear()
    assert _send(send_revisit_reminders) == 0
    assert mail.outbox == []
