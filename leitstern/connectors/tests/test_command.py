"""``leitstern connectors``: create (token from the environment, never the command line),
test, sync, status."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from leitstern.connectors.models import Connector
from leitstern.connectors.tests.stub import fixture
from leitstern.forecasts.models import WorkItem


def test_create_test_sync_and_status(db, world, team, stub, monkeypatch, capsys):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    stub.add("GET", "/rest/api/2/myself", fixture("jira/myself.json"))
    stub.add(
        "GET", "/rest/api/2/search", fixture("jira/dc_search_count.json"), query={"maxResults": "0"}
    )
    stub.add("GET", "/rest/api/2/search", fixture("jira/dc_search_after_delete.json"))
    monkeypatch.setenv("LEITSTERN_CONNECTOR_TOKEN", "cli-token-123")
    call_command(
        "connectors", "create", "--workspace", world.workspace.slug, "--team", str(team.pk),
        "--kind", "jira", "--name", "Jira", "--url", stub.url, "--scope", "project = CHK",
    )  # fmt: skip
    connector = Connector.objects.get()
    pk = str(connector.pk)

    call_command("connectors", "test", pk)
    call_command("connectors", "sync", pk, "--wait")
    call_command("connectors", "status", pk)

    out = capsys.readouterr().out
    assert "Connected as Jonas Keller; the query finds 3 items." in out
    assert "last synced" in out and "2 items" in out
    assert "cli-token-123" not in out
    assert WorkItem.objects.filter(team=team).count() == 2
    assert stub.requests("/rest/api/2/myself")[0].headers["authorization"] == "Bearer cli-token-123"


def test_a_failing_test_exits_non_zero_with_the_reason(db, team):
    from leitstern.connectors.tests.factory import make_connector

    connector = make_connector(team)
    with pytest.raises(CommandError, match="could not be reached"):
        call_command("connectors", "test", str(connector.pk))
