"""Credentials at rest, revocation, the schedule, one sync at a time, and what a workspace
export carries."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.utils import timezone

from leitstern.activity.models import ActivityEntry
from leitstern.connectors import crypto, services
from leitstern.connectors.models import Connector, State
from leitstern.connectors.tests.factory import make_connector
from leitstern.connectors.tests.stub import fixture
from leitstern.core import preflight
from leitstern.core.preflight import Status

TOKEN = "very-secret-token-1234567890"


def test_the_credential_is_stored_encrypted_and_read_back(db, team):
    connector = make_connector(team, secret=TOKEN)
    stored = Connector.objects.get(pk=connector.pk).secret
    assert TOKEN not in stored and stored.startswith("gAAAAA")  # a Fernet token
    assert crypto.decrypt(stored) == TOKEN
    entry = ActivityEntry.objects.filter(kind="connectors.created").latest("pk")
    assert TOKEN not in str(entry.changes)


def test_without_a_key_nothing_is_stored_and_the_reason_is_named(db, team, settings):
    settings.CONNECTOR_KEYS = []
    with pytest.raises(ValidationError) as refused:
        make_connector(team, secret=TOKEN)
    assert "LEITSTERN_CONNECTOR_KEY" in refused.value.message_dict["secret"][0]
    assert not Connector.objects.exists()


def test_preflight_fails_in_production_without_a_key_and_on_a_bad_one(settings):
    settings.PRODUCTION, settings.CONNECTOR_KEYS = True, []
    assert preflight.check_connector_key().status == Status.FAIL
    settings.CONNECTOR_KEYS = ["not-a-key"]
    assert preflight.check_connector_key().status == Status.FAIL
    settings.CONNECTOR_KEYS = [Fernet.generate_key().decode()]
    assert preflight.check_connector_key().status == Status.PASS


def test_a_new_key_in_front_rotates_every_credential(db, team, settings):
    connector = make_connector(team, secret=TOKEN)
    old = settings.CONNECTOR_KEYS[0]
    settings.CONNECTOR_KEYS = [Fernet.generate_key().decode(), old]
    assert services.rotate_keys() == 1
    settings.CONNECTOR_KEYS = settings.CONNECTOR_KEYS[:1]  # the old key is gone
    assert crypto.decrypt(Connector.objects.get(pk=connector.pk).secret) == TOKEN


def test_a_lost_key_says_so_instead_of_syncing(db, team, settings):
    connector = make_connector(team, secret=TOKEN)
    settings.CONNECTOR_KEYS = [Fernet.generate_key().decode()]
    services.sync_run(connector_id=connector.pk)
    connector.refresh_from_db()
    assert connector.problem == "no_key"


def test_revoking_erases_the_credential_and_stops_syncs(db, team, world):
    connector = make_connector(team, secret=TOKEN)
    services.connector_revoke(actor=world.owner, connector=connector)
    assert connector.secret == "" and connector.revoked_at and not connector.has_credentials
    with pytest.raises(ValidationError):
        services.sync_request(actor=world.owner, connector=connector)
    services.sync_run(connector_id=connector.pk)
    connector.refresh_from_db()
    assert connector.problem == "no_credentials"

    services.connector_update(actor=world.owner, connector=connector, secret="a-new-token")
    assert connector.has_credentials and connector.revoked_at is None


def test_editing_what_is_read_makes_the_next_sync_read_everything(db, team, world):
    connector = make_connector(team, secret=TOKEN)
    Connector.objects.filter(pk=connector.pk).update(
        synced_through=timezone.now(), last_full_at=timezone.now()
    )
    services.connector_update(actor=world.owner, connector=connector, interval=24)
    assert connector.synced_through is not None
    services.connector_update(actor=world.owner, connector=connector, scope="project = SF")
    assert connector.synced_through is None and connector.last_full_at is None


def test_bad_settings_name_the_field(db, team):
    with pytest.raises(ValidationError) as bad_repo:
        make_connector(team, kind="github", scope="just-a-name")
    assert "scope" in bad_repo.value.message_dict
    with pytest.raises(ValidationError) as bad_url:
        make_connector(team, url="file:///etc/passwd")
    assert "url" in bad_url.value.message_dict
    with pytest.raises(ValidationError) as no_secret:
        make_connector(team, secret="  ")
    assert "secret" in no_secret.value.message_dict


def test_hosts_outside_the_allowed_list_are_not_contacted(db, team, stub, settings):
    settings.CONNECTOR_HOSTS = ["jira.nordwind.example"]
    connector = make_connector(team, url=stub.url, secret=TOKEN)
    checked = services.connection_test(connector=connector)
    assert checked.problem == "unreachable" and "LEITSTERN_CONNECTOR_HOSTS" in checked.detail
    assert stub.seen == []


def test_only_one_sync_of_a_connector_runs_at_a_time(db, team, stub, world):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    stub.add("GET", "/rest/api/2/search", fixture("jira/dc_search_after_delete.json"))
    connector = make_connector(team, url=stub.url, secret=TOKEN)
    Connector.objects.filter(pk=connector.pk).update(
        state=State.RUNNING, heartbeat_at=timezone.now()
    )
    assert services.sync_run(connector_id=connector.pk) is None
    assert services.sync_request(actor=world.owner, connector=connector) is False
    assert stub.seen == []
    # A sync silent for longer than a run may take has died: the next one takes over.
    Connector.objects.filter(pk=connector.pk).update(
        heartbeat_at=timezone.now() - services.STALE_RUN - timedelta(minutes=1)
    )
    assert services.sync_run(connector_id=connector.pk)["created"] == 2


def test_sync_now_queues_the_task_once(db, team, stub, world, django_capture_on_commit_callbacks):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    stub.add("GET", "/rest/api/2/search", fixture("jira/dc_search_after_delete.json"))
    connector = make_connector(team, url=stub.url, secret=TOKEN)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sync_request(actor=world.editor, connector=connector) is True
    connector.refresh_from_db()
    assert connector.items == 2 and connector.state == State.IDLE
    synced = ActivityEntry.objects.filter(kind="connectors.synced").latest("pk")
    assert synced.actor == world.editor


def test_the_schedule_picks_the_connectors_that_are_due(db, team):
    now = timezone.now()
    hourly = make_connector(team, interval=1)
    fresh = make_connector(team, interval=24)
    on_demand = make_connector(team, interval=0)
    revoked = make_connector(team, interval=1)
    services.connector_revoke(actor=None, connector=revoked)
    Connector.objects.filter(pk=hourly.pk).update(last_run_at=now - timedelta(hours=2))
    Connector.objects.filter(pk=fresh.pk).update(last_run_at=now - timedelta(hours=2))
    assert [c.pk for c in services.connectors_due(now)] == [hourly.pk]
    assert on_demand.pk not in [c.pk for c in services.connectors_due(now)]


def test_a_workspace_export_carries_no_credentials(db, team, world):
    from leitstern.core.portability.exporting import export_workspace

    make_connector(team, secret=TOKEN)
    out = io.StringIO()
    export_workspace(world.workspace, out)
    text = out.getvalue()
    assert "connectors.connector" in text and TOKEN not in text and "gAAAAA" not in text
