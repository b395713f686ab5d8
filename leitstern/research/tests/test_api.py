"""The research API: contact data only for editors and owners, consent checked on
conversations with a structured error naming who lacks it, second-hand feedback from
contributors, If-Match on edits, evidence counts, search."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from leitstern.research.tests.factory import ALL_PURPOSES, make_interview, make_participant

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, path: str) -> str:
    return f"/api/v1/workspaces/{world.workspace.slug}/research/{path}"


def test_contact_data_only_for_editors_and_owners(world):
    participant = make_participant(world.workspace, world.editor, "Eva Ernst",
                                   email="eva@example.com", phone="+49 1")  # fmt: skip
    for role, sees in (("owner", True), ("editor", True), ("contributor", False),
                       ("viewer", False)):  # fmt: skip
        data = _api(world.user(role)).get(_url(world, f"participants/{participant.pk}")).json()
        assert (data["email"] == "eva@example.com") is sees
        assert (data["phone"] == "+49 1") is sees
        if not sees:
            assert data["email"] is None and data["phone"] is None


def test_a_conversation_without_consent_is_refused_naming_the_consent(world):
    participant = make_participant(world.workspace, world.editor, "Otto Ohne")
    body = {"title": "Talk", "date": timezone.localdate().isoformat(),
            "participant_ids": [participant.pk], "held": True}  # fmt: skip
    response = _api(world.editor).post(
        _url(world, "conversations"), body, content_type="application/json"
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "participants"
    assert "Otto Ohne has no valid consent to research interviews" in error["reason"]
    # Recorded consent makes it go through.
    consent = _api(world.editor).post(
        _url(world, f"participants/{participant.pk}/consents"),
        {"purposes": ["interview"], "channel": "verbal", "witness": "Jonas Keller"},
        content_type="application/json",
    )
    assert consent.status_code == 201
    assert consent.json()[0]["text"]
    response = _api(world.editor).post(
        _url(world, "conversations"), body, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["participant_ids"] == [participant.pk]


def test_contributors_submit_second_hand_feedback_but_do_not_record_conversations(world):
    client = _api(world.contributor)
    day = timezone.localdate().isoformat()
    feedback = client.post(_url(world, "feedback"),
                           {"title": "Heard at a fair", "date": day, "relayed_by": "sales"},
                           content_type="application/json")  # fmt: skip
    assert feedback.status_code == 201
    assert feedback.json()["second_hand"] is True
    refused = client.post(_url(world, "conversations"), {"title": "Talk", "date": day},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 404
    proposed = client.post(_url(world, "participants"), {"name": "Rolf Rat"},
                           content_type="application/json")  # fmt: skip
    assert proposed.json()["status"] == "proposed"


def test_edits_name_their_version_and_conflict_instead_of_losing_a_change(world):
    _participant, conversation, quote = make_interview(world, text="Zu viele Klicks.")
    client = _api(world.editor)
    url = _url(world, f"conversations/{conversation.pk}")
    etag = client.get(url)["ETag"]
    first = client.patch(url, {"goal": "Checkout"}, content_type="application/json",
                         headers={"If-Match": etag})  # fmt: skip
    assert first.status_code == 200
    second = client.patch(url, {"goal": "Returns"}, content_type="application/json",
                          headers={"If-Match": etag})  # fmt: skip
    assert second.status_code == 409
    assert second.json()["current"]["goal"] == "Checkout"
    # An insight's evidence counts come with it.
    insight = client.post(_url(world, "insights"), {"title": "Clicks", "quote_ids": [quote.pk]},
                          content_type="application/json").json()  # fmt: skip
    assert insight["evidence"]["quotes"] == 1
    assert insight["evidence"]["participants"] == 1
    assert insight["evidence"]["share_second_hand"] == 0.0
    hits = client.get(_url(world, "search") + "?q=Klicks").json()
    assert hits["total"] >= 1


def test_erasure_and_access_export(world):
    participant, _conversation, _quote = make_interview(world, name="Ida Ibsen", text="Hallo.")
    client = _api(world.editor)
    export = client.get(_url(world, f"participants/{participant.pk}/export")).json()
    assert export["participant"]["name"] == "Ida Ibsen"
    assert {c["purpose"] for c in export["consents"]} == set(ALL_PURPOSES)
    assert export["quotes"][0]["text"] == "Hallo."
    erased = client.post(_url(world, f"participants/{participant.pk}/erase")).json()
    assert erased["status"] == "erased" and "Ida" not in erased["name"]
    quotes = client.get(_url(world, "quotes")).json()
    assert quotes[0]["withdrawn"] is True and quotes[0]["text"] == ""
