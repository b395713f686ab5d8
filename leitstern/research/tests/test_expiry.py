"""The daily run flags each expiring consent once and tells the editors, not the readers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from leitstern.research.models import Consent
from leitstern.research.services.expiry import consents_flag_expiring
from leitstern.research.tests.factory import give_consent, make_participant

pytestmark = pytest.mark.django_db


def test_expiring_consent_is_flagged_once_and_editors_are_told(world):
    soon = make_participant(world.workspace, world.editor, "Susi Bald")
    give_consent(soon, world.editor, ["interview"], days_ago=350)  # expires in ~15 days
    later = make_participant(world.workspace, world.editor, "Lars Later")
    give_consent(later, world.editor, ["interview"], days_ago=10)

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert consents_flag_expiring() == 1
    assert Consent.objects.get(participant=soon).expiry_flagged_at is not None
    assert Consent.objects.get(participant=later).expiry_flagged_at is None
    told = {address for message in mail.outbox for address in message.to}
    assert told == {world.owner.email, world.editor.email}
    assert all("Susi Bald" in m.body and "Lars Later" not in m.body for m in mail.outbox)

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert consents_flag_expiring(at=timezone.now() + timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_no_expiry_notice_for_a_workspace_scheduled_for_deletion(world):
    soon = make_participant(world.workspace, world.editor, "Susi Bald")
    give_consent(soon, world.editor, ["interview"], days_ago=350)
    world.workspace.deletion_requested_at = timezone.now()
    world.workspace.save(update_fields=["deletion_requested_at"])

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert consents_flag_expiring() == 0
    assert mail.outbox == []
