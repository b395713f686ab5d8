"""The large workspace's customers and research: the generator writes the rows it promises,
related as the services relate them, searchable, and cited by discovery."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse

from leitstern.core.large import FULL
from leitstern.core.tests.large import built_fixture
from leitstern.customers.models import Organisation
from leitstern.discovery.models import EvidenceLink
from leitstern.research import search
from leitstern.research.large import HEAVY_QUOTES
from leitstern.research.models import (
    Consent,
    Conversation,
    Insight,
    Participant,
    Purpose,
    Quote,
    SearchEntry,
    SearchKind,
)
from leitstern.research.selectors import evidence_for

pytestmark = pytest.mark.django_db

SCALE = FULL.times(0.002)


built = built_fixture(slug="large-research", scale=SCALE)


def test_counts_follow_the_scale(built):
    workspace = built.workspace
    assert Organisation.objects.filter(workspace=workspace).count() == SCALE.accounts
    assert Participant.objects.filter(workspace=workspace).count() == SCALE.participants
    assert Conversation.objects.filter(workspace=workspace).count() == SCALE.conversations
    assert Quote.objects.filter(conversation__workspace=workspace).count() == SCALE.quotes
    assert Insight.objects.filter(workspace=workspace).count() == SCALE.insights


def test_rows_are_related_as_the_services_relate_them(built):
    workspace = built.workspace
    quotes = Quote.objects.filter(conversation__workspace=workspace)
    # A quote's speaker took part in its conversation; second-hand quotes have none.
    direct = quotes.filter(participant__isnull=False)
    assert direct.filter(conversation__participants=F("participant")).count() == direct.count()
    assert not quotes.filter(participant__isnull=True, conversation__source="direct").exists()
    second_hand = Conversation.objects.filter(workspace=workspace, source="second_hand")
    assert second_hand.exists()
    assert not second_hand.filter(participants__isnull=False).exists()
    assert not second_hand.filter(relayed_by="").exists()
    assert not second_hand.filter(organisation__isnull=True).exists()
    # Participants work at the workspace's organisations, in their organisation's segment.
    participants = Participant.objects.filter(workspace=workspace)
    assert not participants.exclude(organisation__workspace=workspace).exists()
    assert not participants.exclude(segments=F("organisation__segment")).exists()
    # Every direct conversation held has an interviewer and a participant with consent to
    # interviews given before it.
    held = Conversation.objects.filter(workspace=workspace, source="direct", status="held")
    assert not held.filter(interviewers__isnull=True).exists()
    for conversation in held.prefetch_related("participants")[:20]:
        for participant in conversation.participants.all():
            consent = Consent.objects.get(participant=participant, purpose=Purpose.INTERVIEW)
            assert consent.given_at.date() < conversation.date


def test_withdrawn_people_are_tombstones_with_redacted_quotes(built):
    workspace = built.workspace
    gone = Participant.objects.filter(workspace=workspace, status="withdrawn")
    assert gone.exists()
    assert not gone.exclude(name="", email="", phone="").exists()
    assert not Consent.objects.filter(participant__in=gone, withdrawn_at__isnull=True).exists()
    their = Quote.objects.filter(participant__in=gone)
    assert not their.filter(redacted_at__isnull=True).exists()
    assert not their.exclude(text="").exists()
    assert not SearchEntry.objects.filter(quote__in=their).exists()


def test_one_participant_said_the_quotes_the_erasure_benchmark_removes(built):
    heavy = (
        Participant.objects.filter(workspace=built.workspace)
        .annotate(n=Count("quotes"))
        .order_by("pk")
        .first()
    )
    assert heavy.n == min(HEAVY_QUOTES, SCALE.quotes // 20)
    assert heavy.conversations.count() == heavy.n // (SCALE.quotes // SCALE.conversations)
    assert heavy.status == "active"


def test_the_search_index_holds_every_text_and_finds_it(built):
    workspace = built.workspace
    entries = SearchEntry.objects.filter(workspace=workspace)
    readable = Quote.objects.filter(conversation__workspace=workspace, redacted_at__isnull=True)
    assert entries.filter(kind=SearchKind.QUOTE).count() == readable.count()
    assert entries.filter(kind=SearchKind.INSIGHT).count() == SCALE.insights
    with_notes = Conversation.objects.filter(workspace=workspace).exclude(notes="")
    assert entries.filter(kind=SearchKind.NOTES).count() == with_notes.count()
    found = search.search(workspace=workspace, user=built.owner, query="Lieferung")
    assert found.total > 0
    assert all("Lieferung" in hit.excerpt for hit in found.hits)
    if connection.vendor == "sqlite":  # the generator's bulk indexing put the trigger back
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'research_search_ai'")
            assert cursor.fetchone() is not None


def test_discovery_cites_the_research_evidence(built):
    links = EvidenceLink.objects.filter(opportunity__product__workspace=built.workspace)
    assert links.filter(insight__isnull=False).exists()
    assert links.filter(quote__isnull=False).exists()
    evidence = evidence_for(insights=links.exclude(insight=None).values_list("insight", flat=True))
    assert evidence.quotes > 0
    assert evidence.participants > 0


def test_the_research_home_reads_the_large_workspace(built, django_assert_max_num_queries):
    client = Client()
    client.force_login(built.owner)
    url = reverse("research:index", kwargs={"slug": built.workspace.slug})
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200
    assert "Small shops" in page.content.decode()
