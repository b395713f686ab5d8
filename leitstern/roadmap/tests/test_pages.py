"""Every roadmap page renders for every role, in English and German, with every template
variable resolving; and what each page must say, it says."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leitstern.core.tests.crawler import template_settings_with_trap
from leitstern.roadmap.models import Audience, Decision, Pause

pytestmark = pytest.mark.django_db


def _client(user, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def _pages(world, filled) -> list[str]:
    slug = world.workspace.slug
    r = filled.roadmap.pk
    audience = Audience.objects.get(workspace=world.workspace, name="Customers")
    decision = Decision.objects.get(roadmap=filled.roadmap)
    return [
        reverse("roadmap:index", args=[slug]),
        reverse("roadmap:board", args=[slug, r]),
        reverse("roadmap:column", args=[slug, r, "now"]),
        reverse("roadmap:timeline", args=[slug, r]) + "?scale=month&months=24",
        reverse("roadmap:timeline", args=[slug, r]),
        reverse("roadmap:table", args=[slug, r]) + "?sort=confidence",
        reverse("roadmap:outcomes", args=[slug, r]),
        reverse("roadmap:item", args=[slug, filled.now.pk]),
        reverse("roadmap:item", args=[slug, filled.parked.pk]),
        reverse("roadmap:history", args=[slug, r]),
        reverse("roadmap:changes", args=[slug, r]),
        reverse("roadmap:snapshots", args=[slug, r]),
        reverse("roadmap:decisions", args=[slug, r]),
        reverse("roadmap:decision", args=[slug, decision.pk]),
        reverse("roadmap:audiences", args=[slug]),
        reverse("roadmap:audience", args=[slug, audience.pk]),
        reverse("roadmap:audience_print", args=[slug, audience.pk]),
    ]


def _edit_pages(world, filled) -> list[str]:
    slug = world.workspace.slug
    r = filled.roadmap.pk
    audience = Audience.objects.get(workspace=world.workspace, name="Customers")
    return [
        reverse("roadmap:item_new", args=[slug, r]),
        reverse("roadmap:item_edit", args=[slug, filled.now.pk]),
        reverse("roadmap:item_move", args=[slug, filled.next.pk]) + "?to=now",
        reverse("roadmap:item_remove", args=[slug, filled.later.pk]),
        reverse("roadmap:roadmap_edit", args=[slug, r]),
        reverse("roadmap:decision_new", args=[slug, r]),
        reverse("roadmap:decision_edit", args=[slug, Decision.objects.first().pk]),
        reverse("roadmap:pause_new", args=[slug, r]),
        reverse("roadmap:pause_edit", args=[slug, Pause.objects.first().pk]),
        reverse("roadmap:audience_new", args=[slug]),
        reverse("roadmap:audience_edit", args=[slug, audience.pk]),
        reverse("roadmap:import", args=[slug, r]),
    ]


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_page_renders_for_the_owner(world, filled, settings, language):
    settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
    client = _client(world.owner, language)
    for url in _pages(world, filled) + _edit_pages(world, filled):
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_viewer_reads_every_page_but_is_offered_no_change(world, filled, settings):
    settings.TEMPLATES = template_settings_with_trap(settings.TEMPLATES)
    client = _client(world.viewer)
    for url in _pages(world, filled):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.text
        assert "/edit/" not in text, url
        assert "/step/" not in text, url
        assert "/move/" not in text, url


def test_the_board_shows_every_horizon_with_its_items(world, filled):
    response = _client(world.owner).get(
        reverse("roadmap:board", args=[world.workspace.slug, filled.roadmap.pk])
    )
    text = response.text
    for title in ("Size advisor in checkout", "One-click reorder", "Merchant insights",
                  "Voice search", "Own payment app"):  # fmt: skip
        assert title in text
    assert "Now holds 1 items; its limit is 3." in text
    assert "Not doing" in text and "Parked" in text


def test_the_item_page_shows_its_evidence_chain_and_a_forecast_range(world, filled):
    response = _client(world.owner).get(
        reverse("roadmap:item", args=[world.workspace.slug, filled.now.pk])
    )
    text = response.text
    assert filled.key_result.title in text
    assert filled.key_result.objective.title in text
    assert "Between " in text, "a range of two dates, never one promised date"
    assert "50% chance of being done by" in text and "85% by" in text


def test_pages_in_german_speak_german(world, filled):
    response = _client(world.owner, "de").get(
        reverse("roadmap:board", args=[world.workspace.slug, filled.roadmap.pk])
    )
    assert "Jetzt" in response.text and "Später" in response.text
