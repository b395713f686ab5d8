"""The demo company's research, seeded through the services with what the issue names."""

from __future__ import annotations

import pytest

from leitstern.customers.models import Organisation, Person, Persona, Segment
from leitstern.research.models import (
    Consent,
    Conversation,
    Insight,
    Participant,
    ParticipantStatus,
    Quote,
    Source,
)
from leitstern.site.demo import DEMO_SLUG
from leitstern.workspaces.models import Workspace


@pytest.mark.django_db
def test_demo_research_has_a_quarter_of_conversations_with_consent(demo):
    workspace = Workspace.objects.get(slug=DEMO_SLUG)

    assert Segment.objects.filter(workspace=workspace).count() == 3
    assert Persona.objects.filter(workspace=workspace).count() == 4
    assert Organisation.objects.filter(workspace=workspace).count() == 25
    assert Person.objects.filter(workspace=workspace).count() == 10
    participants = Participant.objects.filter(workspace=workspace)
    assert 40 <= participants.count() <= 42
    assert participants.filter(status=ParticipantStatus.WITHDRAWN).count() == 1
    assert participants.filter(status=ParticipantStatus.PROPOSED).count() == 1
    assert Consent.objects.filter(participant__workspace=workspace).expiring(within_days=30)
    conversations = Conversation.objects.filter(workspace=workspace)
    assert conversations.filter(source=Source.DIRECT).count() == 60
    assert conversations.filter(source=Source.SECOND_HAND).count() == 8
    assert Insight.objects.filter(workspace=workspace).count() == 25
    quotes = Quote.objects.filter(conversation__workspace=workspace)
    assert quotes.count() >= 60
    # The withdrawn person's quotes show as withdrawn; their words are gone.
    assert quotes.filter(redacted_at__isnull=False).exists()
    assert not quotes.filter(redacted_at__isnull=False).exclude(text="").exists()
