"""The evidence counts other modules call (``selectors.evidence_for``)."""

from __future__ import annotations

import pytest

from leitstern.customers.tests.factory import make_organisation, make_persona, make_segment
from leitstern.research import selectors, services
from leitstern.research.tests.factory import (
    ALL_PURPOSES,
    make_conversation,
    make_insight,
    make_participant,
    make_quote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(world):
    """Two segments, two organisations; three quotes from two direct conversations (two
    participants, one of them twice) and one second-hand quote relayed by sales."""
    w, editor = world.workspace, world.editor
    retail = make_segment(w, editor, "Retail")
    b2b = make_segment(w, editor, "B2B wholesale")
    owner = make_persona(w, editor, "Shop owner")
    shop = make_organisation(w, editor, "Blumen Berger", segment=retail)
    wholesale = make_organisation(w, editor, "Großhandel Nord", segment=b2b)
    anna = make_participant(w, editor, "Anna", consent=ALL_PURPOSES, organisation=shop)
    ben = make_participant(w, editor, "Ben", consent=ALL_PURPOSES, organisation=shop)
    first = make_conversation(w, editor, participants=[anna, ben], persona=owner)
    q1 = make_quote(first, editor, anna, "Checkout is slow on my phone.")
    q2 = make_quote(first, editor, ben, "I pay by invoice only.")
    q3 = make_quote(first, editor, anna, "Search never finds the SKU.")
    relayed = services.feedback_submit(
        actor=world.contributor,
        workspace=w,
        title="Call with Großhandel Nord",
        date=first.date,
        relayed_by="sales",
        organisation=wholesale,
    )
    q4 = make_quote(relayed, editor, None, "They want bulk ordering.")
    return {"quotes": [q1, q2, q3, q4], "anna": anna, "shop": shop}


def test_it_counts_direct_second_hand_participants_organisations_and_segments(world, evidence):
    insight = make_insight(world.workspace, world.editor, quotes=evidence["quotes"])
    found = selectors.evidence_for(insights=[insight])
    assert (found.quotes, found.direct, found.second_hand) == (4, 3, 1)
    assert found.participants == 2
    assert found.organisations == 2
    assert found.conversations == 2
    assert found.segments == ("B2B wholesale", "Retail")
    assert found.personas == ("Shop owner",)
    assert found.share_second_hand == 0.25
    assert found.withdrawn == 0


def test_insights_and_quotes_together_count_each_quote_once(world, evidence):
    q1, q2, q3, q4 = evidence["quotes"]
    first = make_insight(world.workspace, world.editor, quotes=[q1, q2])
    second = make_insight(world.workspace, world.editor, quotes=[q2, q3])
    found = selectors.evidence_for(insights=[first, second], quotes=[q1, q4])
    assert found.quotes == 4
    assert found.second_hand == 1


def test_evidence_by_insight_in_one_query(world, evidence, django_assert_num_queries):
    q1, _q2, _q3, q4 = evidence["quotes"]
    insights = [make_insight(world.workspace, world.editor, quotes=[q1, q4]) for _ in range(5)]
    empty = make_insight(world.workspace, world.editor)
    with django_assert_num_queries(1):
        found = selectors.evidence_by_insight([*insights, empty])
    assert found[insights[0].pk].quotes == 2
    assert found[insights[0].pk].second_hand == 1
    assert found[empty.pk].is_empty
    assert found[empty.pk].share_second_hand is None


def test_withdrawn_quotes_keep_counting(world, evidence):
    insight = make_insight(world.workspace, world.editor, quotes=evidence["quotes"])
    services.consent_withdraw(actor=None, participant=evidence["anna"], purposes=["interview"])
    found = selectors.evidence_for(insights=[insight])
    assert found.quotes == 4
    assert found.withdrawn == 2
    assert found.participants == 2
