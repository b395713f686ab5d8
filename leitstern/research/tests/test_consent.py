"""Consent rules: what each purpose allows, and what withdrawing each one does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leitstern.research import services
from leitstern.research.models import Attachment, Consent, ParticipantStatus, Purpose, Quote
from leitstern.research.tests.factory import (
    give_consent,
    make_conversation,
    make_participant,
    make_quote,
)

pytestmark = pytest.mark.django_db


def test_a_consent_keeps_the_exact_text_its_version_and_expiry(world):
    participant = make_participant(world.workspace, world.editor, "Anna Schmidt", language="de")
    [consent] = services.consent_record(
        actor=world.editor,
        participant=participant,
        purposes=[Purpose.INTERVIEW],
        channel="email",
    )
    assert "Research-Interviews" in consent.text
    assert world.workspace.name in consent.text
    assert consent.text_version == 1
    assert consent.language == "de"
    # The workspace default is twelve months.
    assert consent.expires_at.year == consent.given_at.year + 1
    assert consent.expires_at.month == consent.given_at.month
    assert consent.recorded_by == world.editor


def test_a_new_text_version_applies_to_new_consents_only(world):
    participant = make_participant(world.workspace, world.editor, language="en")
    [old] = services.consent_record(
        actor=world.editor, participant=participant, purposes=["quoting"], channel="email"
    )
    services.consent_text_publish(
        actor=world.owner,
        workspace=world.workspace,
        purpose="quoting",
        language="en",
        text="You may quote me in team reports.",
    )
    [new] = services.consent_record(
        actor=world.editor, participant=participant, purposes=["quoting"], channel="email"
    )
    old.refresh_from_db()
    assert (old.text_version, new.text_version) == (1, 2)
    assert new.text == "You may quote me in team reports."
    assert "quote what I said" in old.text


def test_verbal_consent_needs_a_witness(world):
    participant = make_participant(world.workspace, world.editor)
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            actor=world.editor, participant=participant, purposes=["interview"], channel="verbal"
        )
    assert "witness" in refused.value.message_dict
    assert not Consent.objects.exists()


def test_scheduling_without_interview_consent_says_which_consent_and_how(world):
    participant = make_participant(world.workspace, world.editor, "Bernd Vogel")
    give_consent(participant, world.editor, [Purpose.QUOTING])
    with pytest.raises(ValidationError) as refused:
        make_conversation(world.workspace, world.editor, participants=[participant], held=False)
    message = " ".join(refused.value.message_dict["participants"])
    assert "Bernd Vogel" in message
    assert "research interviews" in message
    assert "Request consent" in message


def test_consent_given_after_the_conversation_day_does_not_cover_it(world):
    participant = make_participant(world.workspace, world.editor)
    give_consent(participant, world.editor, days_ago=1)
    with pytest.raises(ValidationError):
        make_conversation(
            world.workspace,
            world.editor,
            participants=[participant],
            day=timezone.localdate() - timedelta(days=10),
        )
    make_conversation(world.workspace, world.editor, participants=[participant])


def test_an_expired_consent_does_not_allow_scheduling(world):
    participant = make_participant(world.workspace, world.editor)
    give_consent(participant, world.editor, days_ago=400)
    with pytest.raises(ValidationError):
        make_conversation(world.workspace, world.editor, participants=[participant], held=False)


def test_a_proposed_participant_is_accepted_before_a_conversation(world):
    participant = make_participant(world.workspace, world.contributor, proposed=True)
    give_consent(participant, world.editor)
    assert participant.status == ParticipantStatus.PROPOSED
    with pytest.raises(ValidationError) as refused:
        make_conversation(world.workspace, world.editor, participants=[participant])
    assert "proposed" in " ".join(refused.value.messages)
    services.participant_accept(actor=world.editor, participant=participant)
    make_conversation(world.workspace, world.editor, participants=[participant])


def test_no_transcript_without_consent_to_recording(world):
    participant = make_participant(
        world.workspace, world.editor, "Clara Ost", consent=[Purpose.INTERVIEW]
    )
    conversation = make_conversation(world.workspace, world.editor, participants=[participant])
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            actor=world.editor,
            conversation=conversation,
            kind="transcript",
            name="t.txt",
            content=b"Hello",
        )
    assert "Clara Ost" in " ".join(refused.value.messages)
    assert not Attachment.objects.exists()
    # Any other file needs no such consent.
    services.attachment_add(
        actor=world.editor, conversation=conversation, kind="file", name="brief.pdf", content=b"%"
    )


def test_quotes_without_consent_to_quoting_are_shown_to_the_interviewer_only(world):
    participant = make_participant(
        world.workspace, world.editor, consent=[Purpose.INTERVIEW, Purpose.RECORDING]
    )
    conversation = make_conversation(
        world.workspace, world.editor, participants=[participant], interviewers=[world.editor]
    )
    quote = make_quote(conversation, world.editor, participant)
    assert Quote.objects.visible_to(world.editor).filter(pk=quote.pk).exists()
    for someone in (world.owner, world.viewer, world.contributor):
        assert not Quote.objects.visible_to(someone).filter(pk=quote.pk).exists()
    give_consent(participant, world.editor, [Purpose.QUOTING])
    assert Quote.objects.visible_to(world.viewer).filter(pk=quote.pk).exists()


def test_withdrawing_quoting_hides_quotes_again(world):
    participant = make_participant(world.workspace, world.editor, consent=list(Purpose.values))
    conversation = make_conversation(
        world.workspace, world.editor, participants=[participant], interviewers=[world.editor]
    )
    quote = make_quote(conversation, world.editor, participant)
    services.consent_withdraw(actor=None, participant=participant, purposes=[Purpose.QUOTING])
    assert not Quote.objects.visible_to(world.viewer).filter(pk=quote.pk).exists()
    assert Quote.objects.visible_to(world.editor).filter(pk=quote.pk).exists()
    quote.refresh_from_db()
    assert quote.text and not quote.is_redacted


def test_withdrawing_recording_deletes_recordings_and_transcripts(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    participant = make_participant(world.workspace, world.editor, consent=list(Purpose.values))
    conversation = make_conversation(world.workspace, world.editor, participants=[participant])
    transcript = services.attachment_add(
        actor=world.editor,
        conversation=conversation,
        kind="transcript",
        name="call.txt",
        content=b"Interviewer: Wie kaufen Sie ein?",
    )
    path = tmp_path / transcript.file.name
    assert path.exists()
    with pytest.raises(ValidationError):  # nothing half-done: refused purposes change nothing
        services.consent_withdraw(actor=None, participant=participant, purposes=["nonsense"])
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.consent_withdraw(actor=None, participant=participant, purposes=[Purpose.RECORDING])
    assert not Attachment.objects.exists()
    assert not path.exists()
    assert participant.consents.valid().filter(purpose=Purpose.INTERVIEW).exists()


def test_a_double_click_on_a_consent_link_says_the_link_was_used(world):
    """The second submission read the link before the first spent it and finds every ticked
    purpose already given: it says the link was used, not "tick at least one purpose"."""
    participant = make_participant(world.workspace, world.owner, email="double@example.com")
    link, _raw = services.consent_link_create(actor=world.owner, participant=participant)
    stale = type(link).objects.get(pk=link.pk)  # what the second request loaded
    services.consent_by_link(link=link, give=[Purpose.INTERVIEW], language="de")
    with pytest.raises(ValidationError) as error:
        services.consent_by_link(link=stale, give=[], language="de")
    assert "already been used" in str(error.value)
    assert Consent.objects.filter(participant=participant).count() == 1
