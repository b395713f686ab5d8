"""Azure DevOps against a stub server: WIQL for the ids, then the batch of fields; closed,
active, removed and deleted work items; the sign-in page an invalid token gets."""

from __future__ import annotations

import base64
from datetime import date

from leitstern.connectors import services
from leitstern.connectors.tests.factory import make_connector
from leitstern.connectors.tests.stub import fixture
from leitstern.forecasts.models import WorkItem

PAT = "azdopat0123456789abcdef"
WIQL = "/nordwind/Shop/_apis/wit/wiql"
BATCH = "/nordwind/Shop/_apis/wit/workitemsbatch"


def _connector(stub, team, **data):
    return make_connector(
        team, kind="azure", url=f"{stub.url}/nordwind", scope="Shop", secret=PAT, **data
    )


def _sync(connector, **kwargs):
    result = services.sync_run(connector_id=connector.pk, **kwargs)
    connector.refresh_from_db()
    return result


def test_wiql_then_batched_fields(db, stub, team):
    stub.add("POST", WIQL, fixture("azure/wiql.json"))
    stub.add("POST", BATCH, fixture("azure/batch.json"))
    connector = _connector(stub, team, labels="[System.WorkItemType] = 'User Story'")

    result = _sync(connector)

    items = {i.key: (i.created, i.started, i.done) for i in WorkItem.objects.filter(team=team)}
    assert items == {
        "AB#301": (date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 19)),
        "AB#302": (date(2026, 10, 3), date(2026, 10, 5), None),
    }  # 303 was removed, 304 deleted (null in the batch)
    query = stub.requests(WIQL)[0]
    assert query.query == {"api-version": "7.1", "$top": "1000"}
    assert query.body["query"] == (
        "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND "
        "[System.Id] > 0 AND ([System.WorkItemType] = 'User Story') ORDER BY [System.Id] ASC"
    )
    assert stub.requests(BATCH)[0].body["ids"] == [301, 302, 303, 304]
    token = base64.b64encode(f":{PAT}".encode()).decode()
    assert query.headers["authorization"] == f"Basic {token}"
    assert result["read"] == 4 and connector.problem == ""


def test_an_invalid_token_gets_the_sign_in_page(db, stub, team):
    stub.add("POST", WIQL, raw=b"<html>Sign in</html>", status=203)
    connector = _connector(stub, team)
    _sync(connector)
    assert connector.problem == "expired"


def test_the_connection_test_finds_the_project(db, stub, team):
    stub.add("GET", "/nordwind/_apis/projects/Shop", fixture("azure/project.json"))
    checked = services.connection_test(connector=_connector(stub, team))
    assert (checked.ok, checked.account) == (True, "Shop")
