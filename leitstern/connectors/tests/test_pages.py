"""The pages: connect a tracker from the team's page, see its health, sync now, test,
revoke, remove; viewers read the health line only; German throughout."""

from __future__ import annotations

from django.urls import reverse

from leitstern.connectors.models import Connector
from leitstern.connectors.tests.factory import make_connector
from leitstern.connectors.tests.stub import fixture
from leitstern.forecasts.models import WorkItem
from leitstern.testing import form_data

TOKEN = "page-token-0123456789"


def _url(world, name, **kwargs):
    return reverse(f"connectors:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def test_an_editor_connects_jira_and_syncs_from_the_page(db, world, team, stub, client_for):
    stub.add("GET", "/rest/api/2/serverInfo", fixture("jira/serverinfo_dc.json"))
    stub.add(
        "GET", "/rest/api/2/search", fixture("jira/dc_search_page1.json"), query={"startAt": "0"}
    )
    stub.add(
        "GET", "/rest/api/2/search", fixture("jira/dc_search_page2.json"), query={"startAt": "2"}
    )
    client = client_for(world.editor)
    team_page = client.get(
        reverse("teams:detail", kwargs={"slug": world.workspace.slug, "pk": team.pk})
    )
    assert _url(world, "new", team=team.pk) in team_page.content.decode()

    form = client.get(_url(world, "new", team=team.pk))
    assert form.status_code == 200 and 'type="password"' in form.content.decode()
    created = client.post(
        _url(world, "new", team=team.pk),
        {"kind": "jira", "name": "Checkout Jira", "url": stub.url, "scope": "project = CHK",
         "secret": TOKEN, "github_items": "issues", "jira_done": "resolution", "interval": 6},
    )  # fmt: skip
    connector = Connector.objects.get(team=team)
    assert created["Location"] == _url(world, "detail", pk=connector.pk)

    client.post(_url(world, "sync", pk=connector.pk))

    assert WorkItem.objects.filter(team=team).count() == 3
    page = client.get(_url(world, "detail", pk=connector.pk)).content.decode()
    assert "Last synced" in page and "3 items from this source" in page
    assert TOKEN not in page and connector.secret not in page
    assert 'hx-trigger="every 2s"' not in page  # nothing running: no polling


def test_the_test_button_says_what_is_wrong(db, world, team, client_for):
    connector = make_connector(team, secret=TOKEN)
    page = client_for(world.editor).post(_url(world, "test", pk=connector.pk)).content.decode()
    assert "The connection test failed." in page and "could not be reached" in page


def test_a_running_sync_shows_its_progress_and_polls(db, world, team, client_for):
    connector = make_connector(team, secret=TOKEN)
    Connector.objects.filter(pk=connector.pk).update(state="running", progress=240)
    client = client_for(world.viewer)
    page = client.get(_url(world, "detail", pk=connector.pk)).content.decode()
    assert "240 items read so far" in page and 'hx-trigger="every 2s"' in page
    fragment = client.get(
        _url(world, "detail", pk=connector.pk),
        headers={"HX-Request": "true", "HX-Target": "connector-health"},
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="connector-health"') and "<html" not in fragment


def test_viewers_read_the_health_line_but_cannot_act(db, world, team, client_for):
    connector = make_connector(team, secret=TOKEN)
    client = client_for(world.viewer)
    team_page = client.get(
        reverse("teams:detail", kwargs={"slug": world.workspace.slug, "pk": team.pk})
    ).content.decode()
    assert connector.name in team_page and "Not synced yet." in team_page
    assert _url(world, "new", team=team.pk) not in team_page
    page = client.get(_url(world, "detail", pk=connector.pk)).content.decode()
    assert _url(world, "sync", pk=connector.pk) not in page
    assert client.post(_url(world, "sync", pk=connector.pk)).status_code == 404


def test_revoke_then_enter_a_new_token_on_the_edit_form(db, world, team, client_for):
    connector = make_connector(team, secret=TOKEN)
    client = client_for(world.editor)
    client.post(_url(world, "revoke", pk=connector.pk))
    connector.refresh_from_db()
    assert connector.secret == "" and connector.revoked_at
    page = client.get(_url(world, "detail", pk=connector.pk)).content.decode()
    assert "Credentials revoked" in page and "Enter new credentials" in page

    edit = client.get(_url(world, "edit", pk=connector.pk)).content.decode()
    data = form_data(edit)
    data["secret"] = "fresh-token"
    client.post(_url(world, "edit", pk=connector.pk), data)
    connector.refresh_from_db()
    assert connector.has_credentials


def test_removing_keeps_the_items(db, world, team, client_for):
    connector = make_connector(team, secret=TOKEN)
    WorkItem.objects.create(team=team, key="CHK-1", created="2026-10-01")
    response = client_for(world.editor).post(_url(world, "delete", pk=connector.pk))
    assert response.status_code == 302 and not Connector.objects.exists()
    assert WorkItem.objects.filter(team=team).count() == 1


def test_german_pages_speak_german(db, world, team, client_for):
    connector = make_connector(team, secret=TOKEN)
    world.editor.language = "de"
    world.editor.save(update_fields=["language"])
    client = client_for(world.editor)
    page = client.get(_url(world, "detail", pk=connector.pk)).content.decode()
    assert "Jetzt abgleichen" in page and "Noch nicht abgeglichen." in page
    form = client.get(_url(world, "new", team=team.pk)).content.decode()
    assert "Tracker anbinden" in form
