"""An archived organisation comes back: listed with the archived ones, restored by an
editor (with its activity entry), refused with the reason when an active organisation has
its name now; viewers see the list without the button and cannot restore."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from leitstern.activity.models import ActivityEntry
from leitstern.customers import services
from leitstern.customers.tests.factory import make_organisation

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"customers:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def _archived(world, name: str):
    organisation = make_organisation(world.workspace, world.owner, name)
    return services.organisation_archive(actor=world.owner, organisation=organisation)


def test_an_archived_organisation_is_listed_and_restored(world):
    gone = _archived(world, "Nordlicht GmbH")
    client = _client(world.editor)
    listing = client.get(_url(world, "organisations")).content.decode()
    assert "Nordlicht GmbH" not in listing
    assert _url(world, "organisations_archived") in listing
    archived = client.get(_url(world, "organisations_archived")).content.decode()
    assert "Nordlicht GmbH" in archived
    assert _url(world, "organisation_restore", pk=gone.pk) in archived

    response = client.post(_url(world, "organisation_restore", pk=gone.pk))
    assert response.status_code == 302
    assert response["Location"] == _url(world, "organisations")
    gone.refresh_from_db()
    assert gone.archived_at is None
    assert gone.version == 3  # created, archived, restored
    assert ActivityEntry.objects.filter(
        kind="customers.organisation.restored", target_id=gone.pk, actor=world.editor
    ).exists()
    assert "Nordlicht GmbH" in client.get(response["Location"]).content.decode()
    # Restoring one that is active already changes nothing.
    services.organisation_restore(actor=world.editor, organisation=gone)
    gone.refresh_from_db()
    assert gone.version == 3


def test_restoring_is_refused_when_an_active_one_has_the_name(world):
    gone = _archived(world, "Nordlicht GmbH")
    make_organisation(world.workspace, world.owner, "nordlicht gmbh")
    with pytest.raises(ValidationError):
        services.organisation_restore(actor=world.owner, organisation=gone)
    client = _client(world.editor)
    response = client.post(_url(world, "organisation_restore", pk=gone.pk), follow=True)
    page = response.content.decode()
    assert "already has an organisation of that name" in page
    gone.refresh_from_db()
    assert gone.archived_at is not None


def test_viewers_see_archived_organisations_but_cannot_restore(world):
    gone = _archived(world, "Nordlicht GmbH")
    client = _client(world.viewer)
    archived = client.get(_url(world, "organisations_archived")).content.decode()
    assert "Nordlicht GmbH" in archived
    assert _url(world, "organisation_restore", pk=gone.pk) not in archived
    assert client.post(_url(world, "organisation_restore", pk=gone.pk)).status_code == 404
    gone.refresh_from_db()
    assert gone.archived_at is not None
