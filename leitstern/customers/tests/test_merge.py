"""Merging duplicate organisations and contacts from a page: references move, blanks are
filled, the duplicate goes; only editors and owners."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leitstern.customers.models import Organisation, Person
from leitstern.customers.tests.factory import make_organisation, make_person

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_merging_a_duplicate_organisation_moves_its_contacts(world):
    keep = make_organisation(world.workspace, world.owner, "Nordlicht GmbH")
    duplicate = make_organisation(world.workspace, world.owner, "Nordlicht", country="DE")
    contact = make_person(world.workspace, world.owner, "Ida", organisation=duplicate)
    url = reverse("customers:organisation_merge", args=[world.workspace.slug, keep.pk])
    client = _client(world.editor)
    page = client.get(url).content.decode()
    assert "Nordlicht" in page and f'value="{keep.pk}"' not in page  # never itself
    response = client.post(url, {"duplicate": duplicate.pk})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    contact.refresh_from_db()
    keep.refresh_from_db()
    assert contact.organisation == keep
    assert keep.country == "DE"
    listing = client.get(response["Location"]).content.decode()
    assert "merged into" in listing


def test_merging_contacts_and_refusing_another_workspace(world):
    keep = make_person(world.workspace, world.owner, "Ida Berg")
    duplicate = make_person(world.workspace, world.owner, "I. Berg", email="ida@example.com")
    foreign = make_person(world.other_workspace, world.outsider, "Elsewhere")
    url = reverse("customers:person_merge", args=[world.workspace.slug, keep.pk])
    client = _client(world.editor)
    refused = client.post(url, {"duplicate": foreign.pk})
    assert refused.status_code == 200 and Person.objects.filter(pk=foreign.pk).exists()
    client.post(url, {"duplicate": duplicate.pk})
    keep.refresh_from_db()
    assert keep.email == "ida@example.com"
    assert not Person.objects.filter(pk=duplicate.pk).exists()


def test_viewers_cannot_merge(world):
    keep = make_organisation(world.workspace, world.owner)
    url = reverse("customers:organisation_merge", args=[world.workspace.slug, keep.pk])
    assert _client(world.viewer).get(url).status_code == 404
