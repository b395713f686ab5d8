"""The requests pages: a contributor submits, an editor triages and merges, the account
page tells sales where everything stands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leitstern.customers.tests.factory import make_organisation
from leitstern.discovery.tests.factory import make_opportunity
from leitstern.requests import services
from leitstern.requests.models import CommitmentState, Request, Status
from leitstern.requests.tests.factory import make_commitment, make_request
from leitstern.roadmap.tests.factory import make_item, make_roadmap
from leitstern.testing import form_data

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"requests:{name}", args=[world.workspace.slug, *args])


def test_a_contributor_submits_a_request_for_an_account(client, world):
    organisation = make_organisation(world.workspace, world.owner, "Modehaus Albrecht")
    client.force_login(world.contributor)
    response = client.post(
        _url(world, "new"),
        {
            "title": "Size advice",
            "problem": "Buyers order three sizes.",
            "organisation": organisation.pk,
            "arr": "23880",
            "stage": "renewal",
            "close_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
            "source": "sales_call",
            "urgency": "high",
        },
    )
    request = Request.objects.get()
    assert response.status_code == 302 and response.url == _url(world, "detail", request.pk)
    assert request.accounts.get().organisation == organisation
    page = client.get(_url(world, "account", organisation.pk))
    assert "Size advice" in page.content.decode()


def test_a_negative_revenue_shows_on_the_field_and_saves_nothing(client, world):
    organisation = make_organisation(world.workspace, world.owner)
    client.force_login(world.contributor)
    response = client.post(
        _url(world, "new"),
        {
            "title": "X",
            "problem": "Y",
            "organisation": organisation.pk,
            "arr": "-1",
            "source": "qbr",
            "urgency": "low",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["arr"]
    assert not Request.objects.exists()


def test_the_inbox_highlights_requests_waiting_too_long(client, world):
    old = make_request(world, title="Old question")
    Request.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    make_request(world, title="Fresh question")
    client.force_login(world.editor)
    html = client.get(_url(world, "inbox")).content.decode()
    assert html.index("Old question") < html.index("Fresh question")
    assert html.count("ageing") == 1


def test_the_inbox_is_for_editors(client, world):
    client.force_login(world.contributor)
    assert client.get(_url(world, "inbox")).status_code == 404


def test_an_editor_triages_and_closing_needs_an_answer(client, world):
    request = make_request(world)
    opportunity = make_opportunity(world)
    client.force_login(world.editor)
    refused = client.post(
        _url(world, "triage", request.pk), {"status": "not_planned", "reason": "Not our market"}
    )
    assert refused.status_code == 200
    assert refused.context["triage_form"].errors["answer"]
    response = client.post(
        _url(world, "triage", request.pk),
        {"status": "linked", "opportunity": opportunity.pk, "version": request.version},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.LINKED and request.opportunity == opportunity


def test_a_stale_triage_form_reports_the_conflict(client, world):
    request = make_request(world)
    client.force_login(world.editor)
    services.request_triage(actor=world.owner, request=request, status=Status.REVIEW)
    response = client.post(_url(world, "triage", request.pk), {"status": "new", "version": 1})
    assert response.status_code == 200
    assert "Someone else triaged" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.REVIEW


def test_merging_on_the_page(client, world):
    target, source = make_request(world), make_request(world)
    client.force_login(world.editor)
    response = client.post(_url(world, "merge", target.pk), {"sources": [source.pk]})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.status == Status.MERGED
    assert target.accounts.count() == 2


def test_commitment_flow_on_the_pages(client, world):
    request = make_request(world)
    item = make_item(make_roadmap(world), world.owner)
    client.force_login(world.contributor)
    due = (timezone.localdate() + timedelta(days=40)).isoformat()
    response = client.post(
        _url(world, "commitment_new") + f"?request={request.pk}",
        {
            "what": "Invoice payment",
            "organisation": request.accounts.get().organisation_id,
            "due_on": due,
            "roadmap_item": item.pk,
            "request": request.pk,
        },
    )
    commitment = request.commitments.get()
    assert response.status_code == 302
    assert commitment.roadmap_item == item
    # Contributors cannot approve their own promise.
    assert client.post(_url(world, "commitment_decide", commitment.pk)).status_code == 404
    client.force_login(world.editor)
    client.post(_url(world, "commitment_decide", commitment.pk), {"decision": "approve"})
    commitment.refresh_from_db()
    assert commitment.state == CommitmentState.COMMITTED
    refused = client.post(_url(world, "commitment_move", commitment.pk), {"due_on": due})
    assert refused.status_code == 200 and refused.context["form"].errors["why"]


def test_the_account_page_shows_requests_commitments_and_risk(client, world):
    organisation = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    request = make_request(world, organisations=[organisation], title="Weekly payouts")
    make_commitment(world, request, what="Payouts every week")
    client.force_login(world.viewer)
    html = client.get(_url(world, "account", organisation.pk)).content.decode()
    assert "Weekly payouts" in html and "Payouts every week" in html
    assert "no forecast" in html


def test_the_rollup_page_lists_revenue_per_item(client, world):
    item = make_item(make_roadmap(world), world.owner, title="Invoice payment")
    request = make_request(world, arr="5000")
    services.request_triage(
        actor=world.editor, request=request, status=Status.PLANNED, roadmap_item=item
    )
    # Revenue is for contributors and up (test_visibility.py): a viewer sees the item
    # and its accounts without the amount.
    client.force_login(world.contributor)
    html = client.get(_url(world, "rollups")).content.decode()
    assert "Invoice payment" in html and "5,000" in html
    client.force_login(world.viewer)
    html = client.get(_url(world, "rollups")).content.decode()
    assert "Invoice payment" in html and "5,000" not in html


def test_settings_saved_unchanged_write_nothing(client, world):
    client.force_login(world.editor)
    page = client.get(_url(world, "settings_edit"))
    assert page.status_code == 200
    shown = form_data(page.content.decode())
    response = client.post(_url(world, "settings_edit"), shown)
    assert response.status_code == 302
    from leitstern.requests.models import RequestSettings

    assert not RequestSettings.objects.exists()
    client.post(_url(world, "settings_edit"), {**shown, "currency": "CHF", "ageing_days": 7})
    assert RequestSettings.objects.get().currency == "CHF"
