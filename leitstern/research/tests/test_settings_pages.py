"""Consent texts edited as new versions (old ones kept as proof) and the research home of
one product, linked from the product's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leitstern.research.models import Consent, ConsentText
from leitstern.research.tests.factory import give_consent, make_conversation, make_participant

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_consent_text_is_a_new_version_and_old_consents_keep_theirs(world):
    participant = make_participant(world.workspace, world.editor, "Vera Alt")
    give_consent(participant, world.editor, ["interview"])
    before = Consent.objects.get(participant=participant)
    shown = (before.text, before.text_version)
    url = reverse("research:consent_texts", args=[world.workspace.slug])
    client = _client(world.editor)
    assert "Research-Interviews" in client.get(url).content.decode()  # Leitstern's German text

    response = client.post(
        url, {"purpose": "interview", "language": "de", "text": "Neue Fassung der Einwilligung."}
    )
    assert response.status_code == 302
    client.post(url, {"purpose": "interview", "language": "de", "text": "Dritte Fassung."})
    versions = list(
        ConsentText.objects.filter(workspace=world.workspace, purpose="interview", language="de")
        .order_by("version")
        .values_list("version", "text")
    )
    assert versions == [(2, "Neue Fassung der Einwilligung."), (3, "Dritte Fassung.")]
    page = client.get(url).content.decode()
    assert "Dritte Fassung." in page and "Neue Fassung der Einwilligung." in page
    assert "Research-Interviews" in page  # version 1 still listed as proof
    before.refresh_from_db()
    assert (before.text, before.text_version) == shown
    assert shown[1] == 1


def test_an_empty_text_is_refused_and_viewers_cannot_publish(world):
    url = reverse("research:consent_texts", args=[world.workspace.slug])
    refused = _client(world.editor).post(url, {"purpose": "quoting", "language": "en", "text": ""})
    assert refused.status_code == 200 and not ConsentText.objects.exists()
    assert _client(world.viewer).get(url).status_code == 404


def test_product_research_home_counts_only_that_products_conversations(world):
    from leitstern.products.tests.factory import make_product

    other = make_product(world.workspace, world.owner, "Marketplace")
    for product in (world.product, world.product, other):
        participant = make_participant(world.workspace, world.editor, consent=["interview"])
        make_conversation(
            world.workspace, world.editor, participants=[participant],
            interviewers=[world.editor], product=product,
        )  # fmt: skip
    client = _client(world.viewer)
    home = client.get(
        reverse("research:product_home", args=[world.workspace.slug, world.product.pk])
    )
    assert home.status_code == 200
    weeks = home.context["cadence"].weeks
    assert sum(w.count for w in weeks) == 2
    assert world.product.name in home.content.decode()
    product_page = client.get(
        reverse("products:detail", args=[world.workspace.slug, world.product.pk])
    )
    assert reverse("research:product_home", args=[world.workspace.slug, world.product.pk]) in (
        product_page.content.decode()
    )
    # The old filter address leads to the product's home.
    old = client.get(reverse("research:index", args=[world.workspace.slug]), {"product": other.pk})
    assert old["Location"] == reverse(
        "research:product_home", args=[world.workspace.slug, other.pk]
    )
    foreign = client.get(reverse("research:product_home", args=[world.workspace.slug, 999999]))
    assert foreign.status_code == 404
