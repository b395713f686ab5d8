"""Opportunities cite research evidence: counts from research's selectors, the flag for
second-hand-only evidence, withdrawn quotes redacted wherever discovery shows them,
contributors' proposals decided by editors, the insight page's panel, and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse

from leitstern.customers.tests.factory import make_organisation, make_segment
from leitstern.discovery import selectors, services
from leitstern.discovery.models import EvidenceLink, Opportunity, Review
from leitstern.discovery.tests.factory import (
    make_feedback_quote,
    make_opportunity,
    make_outcome,
)
from leitstern.research import services as research_services
from leitstern.research.tests.factory import (
    ALL_PURPOSES,
    make_conversation,
    make_insight,
    make_participant,
    make_quote,
)

pytestmark = pytest.mark.django_db

WORDS = "I only see the delivery cost at the very end."


@pytest.fixture
def heard(world):
    """Two direct quotes from shops in two segments, and one second-hand quote about a
    third organisation (relayed by support)."""
    w, editor = world.workspace, world.editor
    retail = make_segment(w, editor, "Retail")
    b2b = make_segment(w, editor, "B2B wholesale")
    shop = make_organisation(w, editor, "Blumen Berger", segment=retail)
    trader = make_organisation(w, editor, "Großhandel Nord", segment=b2b)
    other = make_organisation(w, editor, "Café Süd", segment=retail)
    anna = make_participant(w, editor, "Anna", consent=ALL_PURPOSES, organisation=shop)
    ben = make_participant(w, editor, "Ben", consent=ALL_PURPOSES, organisation=trader)
    talk = make_conversation(w, editor, participants=[anna], interviewers=[editor])
    call = make_conversation(w, editor, participants=[ben], interviewers=[editor])
    q_anna = make_quote(talk, editor, anna, WORDS)
    q_ben = make_quote(call, editor, ben, "Shipping costs surprise my buyers.")
    q_second = make_feedback_quote(world, "Customers complain about late fees.", organisation=other)
    return {"anna": anna, "direct": [q_anna, q_ben], "second": q_second}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world, name: str, **kwargs) -> str:
    return reverse(f"discovery:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def test_an_insight_and_a_quote_count_each_quote_once(world, heard):
    opportunity = make_opportunity(world)
    insight = make_insight(world.workspace, world.editor, quotes=heard["direct"])
    services.evidence_link(actor=world.editor, opportunity=opportunity, insight=insight)
    services.evidence_link(actor=world.editor, opportunity=opportunity, quote=heard["direct"][0])
    services.evidence_link(actor=world.editor, opportunity=opportunity, quote=heard["second"])
    ev = selectors.opportunity_evidence([opportunity.pk])[opportunity.pk]
    assert (ev.direct, ev.second_hand, ev.organisations) == (2, 1, 3)
    assert ev.segments == 2  # the direct quotes' segments
    assert ev.segment_names == ("B2B wholesale", "Retail")
    assert not ev.only_second_hand


def test_second_hand_only_is_flagged_on_the_card_and_in_the_tree(world, heard):
    outcome = make_outcome(world)
    opportunity = make_opportunity(world, outcome)
    services.evidence_link(actor=world.editor, opportunity=opportunity, quote=heard["second"])
    ev = selectors.opportunity_evidence([opportunity.pk])[opportunity.pk]
    assert ev.only_second_hand and (ev.direct, ev.second_hand) == (0, 1)
    viewer = client_for(world.viewer)
    page = viewer.get(url(world, "opportunity", pk=opportunity.pk)).content.decode()
    assert "rests on second-hand evidence only" in page
    assert "0 direct, 1 second-hand quotes" in page and "1 organisation" in page
    tree = viewer.get(url(world, "outcome", pk=outcome.pk)).content.decode()
    assert "second-hand evidence only" in tree


def test_withdrawn_quote_is_redacted_everywhere_and_still_counted(world, heard):
    opportunity = make_opportunity(world)
    q_anna = heard["direct"][0]
    services.evidence_link(actor=world.editor, opportunity=opportunity, quote=q_anna)
    page = client_for(world.editor).get(url(world, "opportunity", pk=opportunity.pk))
    assert WORDS in page.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        research_services.participant_erase(actor=world.owner, participant=heard["anna"])
    ev = selectors.opportunity_evidence([opportunity.pk])[opportunity.pk]
    assert (ev.direct, ev.withdrawn) == (1, 1)
    for user in (world.owner, world.editor, world.viewer):
        html = client_for(user).get(url(world, "opportunity", pk=opportunity.pk)).content.decode()
        assert WORDS not in html
        assert "[withdrawn]" in html
        assert "1 withdrawn (still counted)" in html
    api = client_for(world.viewer).get(
        f"/api/v1/workspaces/{world.workspace.slug}/opportunities/{opportunity.pk}/evidence"
    )
    (row,) = api.json()
    assert row["withdrawn"] is True and row["quote_text"] == ""
    assert WORDS not in api.content.decode()


def test_contributors_propose_second_hand_evidence_and_editors_decide(world, heard):
    opportunity = make_opportunity(world)
    with pytest.raises(ValidationError):
        services.evidence_link(
            actor=world.contributor, opportunity=opportunity, quote=heard["direct"][0], propose=True
        )
    link = services.evidence_link(
        actor=world.contributor, opportunity=opportunity, quote=heard["second"], propose=True
    )
    assert link.review == Review.PROPOSED
    ev = selectors.opportunity_evidence([opportunity.pk])[opportunity.pk]
    assert ev.total == 0  # a proposal does not count yet
    services.evidence_decide(actor=world.editor, link=link, accept=True)
    with pytest.raises(ValidationError):
        services.evidence_decide(actor=world.owner, link=link, accept=False)
    ev = selectors.opportunity_evidence([opportunity.pk])[opportunity.pk]
    assert ev.second_hand == 1


def test_the_pages_let_a_contributor_propose_and_an_editor_accept(world, heard):
    opportunity = make_opportunity(world)
    contributor = client_for(world.contributor)
    form = contributor.get(url(world, "opportunity", pk=opportunity.pk)).content.decode()
    assert "Propose second-hand evidence" in form
    assert 'name="insight"' not in form  # contributors cite no insights
    refused = contributor.post(
        url(world, "evidence_add", pk=opportunity.pk), {"quote": heard["direct"][0].pk}, follow=True
    )
    assert "Select a valid choice" in refused.content.decode()
    contributor.post(url(world, "evidence_add", pk=opportunity.pk), {"quote": heard["second"].pk})
    link = EvidenceLink.objects.get(opportunity=opportunity)
    assert link.review == Review.PROPOSED and link.added_by == world.contributor
    assert contributor.post(url(world, "evidence_decide", pk=link.pk)).status_code == 404
    editor = client_for(world.editor)
    editor.post(url(world, "evidence_decide", pk=link.pk), {"decision": "accept"})
    link.refresh_from_db()
    assert link.review == Review.ACCEPTED
    editor.post(url(world, "evidence_remove", pk=link.pk))
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()


def test_an_opportunity_grows_out_of_an_insight(world, heard):
    insight = make_insight(
        world.workspace, world.editor, "Delivery cost comes too late", quotes=heard["direct"]
    )
    editor = client_for(world.editor)
    insight_url = reverse(
        "research:insight", kwargs={"slug": world.workspace.slug, "pk": insight.pk}
    )
    panel = editor.get(insight_url).content.decode()
    assert "Opportunities citing this insight" in panel
    new = url(world, "opportunity_new", product_id=world.product.pk) + f"?insight={insight.pk}"
    assert new.replace("&", "&amp;") in panel or new in panel
    form = editor.get(new).content.decode()
    assert 'value="Delivery cost comes too late"' in form
    outcome = make_outcome(world)
    editor.post(
        new,
        {"title": "Shoppers learn the delivery cost too late", "outcome": outcome.pk,
         "stage": "identified", "insight": insight.pk},
    )  # fmt: skip
    opportunity = Opportunity.objects.get(title="Shoppers learn the delivery cost too late")
    assert EvidenceLink.objects.filter(opportunity=opportunity, insight=insight).exists()
    ev = selectors.opportunity_evidence([opportunity.pk])[opportunity.pk]
    assert (ev.direct, ev.organisations) == (2, 2)
    assert opportunity.title in editor.get(insight_url).content.decode()
    # Viewers see the panel but no way to add.
    viewer_panel = client_for(world.viewer).get(insight_url).content.decode()
    assert opportunity.title in viewer_panel and "?insight=" not in viewer_panel


def test_linking_twice_gives_the_same_link(world, heard):
    opportunity = make_opportunity(world)
    first = services.evidence_link(
        actor=world.editor, opportunity=opportunity, quote=heard["second"]
    )
    again = services.evidence_link(
        actor=world.owner, opportunity=opportunity, quote=heard["second"]
    )
    assert first.pk == again.pk
    with pytest.raises(ValidationError):
        services.evidence_link(actor=world.owner, opportunity=opportunity)


def test_the_api_links_lists_decides_and_removes(world, heard):
    opportunity = make_opportunity(world)
    insight = make_insight(world.workspace, world.editor, quotes=heard["direct"])
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    editor, contributor = client_for(world.editor), client_for(world.contributor)
    made = editor.post(
        f"{base}/opportunities/{opportunity.pk}/evidence",
        {"insight_id": insight.pk},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["review"] == "accepted"
    refused = contributor.post(
        f"{base}/opportunities/{opportunity.pk}/evidence",
        {"quote_id": heard["direct"][1].pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "quote"
    proposed = contributor.post(
        f"{base}/opportunities/{opportunity.pk}/evidence",
        {"quote_id": heard["second"].pk},
        content_type="application/json",
    )
    assert proposed.status_code == 201 and proposed.json()["review"] == "proposed"
    detail = editor.get(f"{base}/opportunities/{opportunity.pk}").json()
    assert detail["evidence"]["direct"] == 2 and detail["evidence"]["second_hand"] == 0
    decided = editor.post(
        f"{base}/evidence/{proposed.json()['id']}/decision",
        {"accept": True},
        content_type="application/json",
    )
    assert decided.json()["review"] == "accepted"
    detail = editor.get(f"{base}/opportunities/{opportunity.pk}").json()
    assert detail["evidence"]["second_hand"] == 1
    assert detail["evidence"]["organisations"] == 3
    assert editor.delete(f"{base}/evidence/{made.json()['id']}").status_code == 204
    assert len(editor.get(f"{base}/opportunities/{opportunity.pk}/evidence").json()) == 1
    created = editor.post(
        f"{base}/products/{world.product.pk}/opportunities",
        {"title": "Delivery cost too late", "insight_id": insight.pk},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["evidence"]["direct"] == 2


def test_tree_evidence_costs_a_fixed_number_of_queries(world, heard, django_assert_max_num_queries):
    outcome = make_outcome(world)
    insight = make_insight(world.workspace, world.editor, quotes=heard["direct"])
    for n in range(6):
        opp = make_opportunity(world, outcome, title=f"Need {n}")
        services.evidence_link(actor=world.editor, opportunity=opp, insight=insight)
        services.evidence_link(actor=world.editor, opportunity=opp, quote=heard["second"])
    ids = list(Opportunity.objects.filter(outcome=outcome).values_list("pk", flat=True))
    with django_assert_max_num_queries(4):
        found = selectors.opportunity_evidence(ids)
    assert {(e.direct, e.second_hand) for e in found.values()} == {(2, 1)}
