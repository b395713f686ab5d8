"""Research pages end to end through the client: consent through the person's own link,
a conversation refused without consent and then recorded, a quote highlighted, an insight
built, consent withdrawn through the link, and the quote withdrawn everywhere. Personal
data only for editors and owners."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leitstern.research import services
from leitstern.research.models import ConsentLink, Insight, Participant, Quote
from leitstern.research.tests.factory import make_interview, make_link, make_participant

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"research:{name}", kwargs={"slug": world.workspace.slug, **kwargs})


def test_the_whole_consent_flow_from_link_to_withdrawn_quote(world):
    editor = _client(world.editor)
    participant = make_participant(world.workspace, world.editor, "Greta Lindner",
                                   email="greta@example.com", language="de")  # fmt: skip

    # Without consent, the conversation is refused, saying which consent and how to get it.
    form = {
        "title": "Interview Lindner",
        "date": timezone.localdate().isoformat(),
        "participants": [participant.pk],
        "interviewers": [world.editor.pk],
        "held": "on",
        "notes": "Sie sagte: Der Warenkorb ist auf dem Handy immer weg.",
    }
    refused = editor.post(_url(world, "conversation_new"), form)
    assert refused.status_code == 200
    assert "has no valid consent to research interviews" in refused.content.decode()
    assert "Request consent" in refused.content.decode()

    # The editor creates a consent link; the person opens it signed out, in German.
    response = editor.post(_url(world, "consent_link_new", pk=participant.pk), {"send": ""})
    token = response.context["token"]
    public = Client()
    page = public.get(reverse("research_consent:page", kwargs={"token": token}))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "Research-Interviews" in body  # the German text
    assert "checked" not in body  # nothing ticked for them
    given = public.post(
        reverse("research_consent:page", kwargs={"token": token}),
        {"language": "de", "give": ["interview", "quoting"]},
    )
    assert given.status_code == 200
    assert set(participant.valid_consents()) == {"interview", "quoting"}
    [consent] = participant.consents.filter(purpose="interview")
    assert consent.channel == "form" and consent.recorded_by is None and consent.language == "de"
    # The link was single-use: opening it again explains itself.
    again = public.get(reverse("research_consent:page", kwargs={"token": token}))
    assert again.status_code == 404
    assert "already been used" in again.content.decode()

    # Now the conversation is recorded, a quote highlighted, an insight built.
    created = editor.post(_url(world, "conversation_new"), form)
    assert created.status_code == 302
    conversation = participant.conversations.get()
    saved = editor.post(
        _url(world, "quote_new", pk=conversation.pk),
        {"text": "Der Warenkorb ist auf dem Handy immer weg.", "participant": participant.pk,
         "new_tag": "Mobile"},
    )  # fmt: skip
    assert saved.status_code == 302
    quote = Quote.objects.get(conversation=conversation)
    assert quote.source == "notes" and quote.start is not None
    editor.post(_url(world, "insight_new"), {"title": "Baskets get lost on phones",
                                             "quotes": [quote.pk]})  # fmt: skip
    insight = Insight.objects.get(title="Baskets get lost on phones")
    viewer = _client(world.viewer)
    assert "immer weg" in viewer.get(_url(world, "insight", pk=insight.pk)).content.decode()

    # The person withdraws through a withdrawal link, as easily as they gave it.
    _link, withdraw_token = services.consent_link_create(
        actor=world.editor, participant=participant, withdraw=True
    )
    withdraw_url = reverse("research_consent:page", kwargs={"token": withdraw_token})
    assert "Withdraw" in public.get(withdraw_url + "?lang=en").content.decode()
    public.post(withdraw_url, {"language": "en", "withdraw": ["interview"]})
    participant.refresh_from_db()
    assert participant.is_removed and participant.name == "" and participant.email == ""
    for client in (viewer, editor):
        for page in (_url(world, "insight", pk=insight.pk), _url(world, "quotes"),
                     _url(world, "conversation", pk=conversation.pk)):  # fmt: skip
            html = client.get(page).content.decode()
            assert "immer weg" not in html
            assert "Greta" not in html
        assert "[withdrawn]" in client.get(_url(world, "insight", pk=insight.pk)).content.decode()
    # Its links stop working.
    assert public.get(withdraw_url).status_code == 404
    assert not ConsentLink.objects.active().filter(participant=participant).exists()


def test_contact_data_only_for_editors_and_owners(world):
    participant = make_participant(world.workspace, world.editor, "Paul Weber",
                                   email="paul.weber@example.com", phone="+49 30 1234")  # fmt: skip
    for role, sees in (("owner", True), ("editor", True), ("contributor", False),
                       ("viewer", False)):  # fmt: skip
        client = _client(world.user(role))
        for name, kwargs in (("participant", {"pk": participant.pk}), ("participants", {})):
            html = client.get(_url(world, name, **kwargs)).content.decode()
            assert ("paul.weber@example.com" in html) is (sees and name == "participant")
            assert ("+49 30 1234" in html) is (sees and name == "participant")


def test_quotes_without_quoting_consent_are_hidden_but_from_the_interviewer(world):
    participant, conversation, _quote = make_interview(world, text="Ich hasse Retouren.")
    participant.consents.filter(purpose="quoting").update(withdrawn_at=timezone.now())
    assert "Ich hasse Retouren" in _client(world.editor).get(_url(world, "quotes")).content.decode()
    for role in ("owner", "viewer"):
        html = (
            _client(world.user(role))
            .get(_url(world, "conversation", pk=conversation.pk))
            .content.decode()
        )
        assert "Ich hasse Retouren" not in html
        assert "1 quote is hidden" in html


def test_contributors_propose_participants_and_submit_second_hand_feedback(world):
    contributor = _client(world.contributor)
    response = contributor.post(_url(world, "participant_new"), {"name": "Rita Roth",
                                                                  "language": "de"})  # fmt: skip
    assert response.status_code == 302
    assert Participant.objects.get(name="Rita Roth").is_proposed
    response = contributor.post(
        _url(world, "feedback_new"),
        {"title": "Sales call", "date": timezone.localdate().isoformat(), "relayed_by": "sales",
         "notes": "They want invoices."},
    )  # fmt: skip
    assert response.status_code == 302
    detail = _client(world.viewer).get(response["Location"]).content.decode()
    assert "second-hand" in detail
    # Contributors do not record conversations.
    assert contributor.get(_url(world, "conversation_new")).status_code == 404


def test_an_expired_consent_link_explains_itself(world):
    token = make_link(world)
    ConsentLink.objects.update(expires_at=timezone.now())
    page = Client().get(reverse("research_consent:page", kwargs={"token": token}))
    assert page.status_code == 404
    assert "expired" in page.content.decode()


def test_research_home_and_search(world):
    make_interview(world, text="Der Versand ist zu teuer.")
    editor = _client(world.editor)
    home = editor.get(_url(world, "index"))
    assert home.status_code == 200
    assert home.context["cadence"].weeks[-1].count == 1
    found = editor.get(_url(world, "search") + "?q=Versand").content.decode()
    assert "<mark>Versand</mark>" in found


def test_record_of_processing_names_the_workspace_periods(world):
    from leitstern.research import services as research

    research.research_settings_update(
        actor=world.owner, workspace=world.workspace, transcript_months=6
    )
    html = _client(world.viewer).get(_url(world, "processing")).content.decode()
    assert "6 months after the conversation" in html
    assert "Valid 12 months" in html


def test_the_quotes_list_counts_and_pages_what_each_reader_may_read(world):
    """The list's count (the workspace's quotes less those hidden from the reader) is the
    count of what the reader may read; pages hold the newest first; the queries do not
    grow with the quotes shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leitstern.research.views.evidence import PAGE

    tag = services.tag_create(actor=world.editor, workspace=world.workspace, name="returns")
    shy, talk, _q = make_interview(world, text="Retouren kosten Zeit.")
    shy.consents.filter(purpose="quoting").update(withdrawn_at=timezone.now())
    for n in range(PAGE + 4):
        services.quote_create(
            actor=world.editor, conversation=talk, participant=shy, text=f"Satz {n}.",
            tags=[tag] if n % 2 else [],
        )  # fmt: skip
    _other, _c, tagged = make_interview(world, text="Ich hasse Retouren.")
    services.quote_tags_set(actor=world.editor, quote=tagged, tags=[tag])
    gone, _c2, _q2 = make_interview(world, text="Weg damit.", name="Gone Person")
    services.participant_erase(actor=world.owner, participant=gone)
    everything = Quote.objects.filter(conversation__workspace=world.workspace)
    for role in ("owner", "editor", "viewer"):
        user = world.user(role)
        for query, quotes in (
            ("", Quote.objects.all()),
            (f"?tag={tag.pk}", Quote.objects.filter(tags=tag.pk)),
        ):
            expected = quotes.filter(conversation__workspace=world.workspace).visible_to(user)
            page = _client(user).get(_url(world, "quotes") + query).context["page"]
            assert page.paginator.count == expected.count(), role
    assert everything.count() == PAGE + 7

    editor = _client(world.editor)
    with CaptureQueriesContext(connection) as first_page:
        first = editor.get(_url(world, "quotes"))
    shown = list(first.context["page"])
    assert first.context["page"].paginator.count == PAGE + 7
    assert [q.pk for q in shown] == list(everything.order_by("-pk").values_list("pk", flat=True))[
        :PAGE
    ]
    second = editor.get(_url(world, "quotes") + "?page=2")
    assert len(second.context["page"]) == 7
    assert "Page 2 of 2" in second.content.decode()
    with CaptureQueriesContext(connection) as tagged_page:
        editor.get(_url(world, "quotes") + f"?tag={tag.pk}")
    assert len(first_page.captured_queries) == len(tagged_page.captured_queries)
    owner_page = _client(world.owner).get(_url(world, "quotes"))
    assert owner_page.context["page"].paginator.count == 2
    assert "Satz 1." not in owner_page.content.decode()


def test_the_quotes_list_counts_only_some_pages_ahead_and_says_so(world, monkeypatch):
    """The count stops some pages after the one asked for; the pager then says that more
    pages follow instead of a number it did not count, and the next page is still
    linked."""
    from leitstern.research.views import evidence

    person, talk, _q = make_interview(world, text="Retouren kosten Zeit.")
    for n in range(evidence.PAGE + 4):
        services.quote_create(
            actor=world.editor, conversation=talk, participant=person, text=f"Satz {n}."
        )
    monkeypatch.setattr(evidence, "AHEAD", 0)
    editor = _client(world.editor)
    first = editor.get(_url(world, "quotes"))
    html = first.content.decode()
    assert "Page 1 of more than 1" in html
    assert "page=2" in html
    assert len(first.context["page"]) == evidence.PAGE
    second = editor.get(_url(world, "quotes") + "?page=2")
    assert "Page 2 of 2" in second.content.decode()
    assert len(second.context["page"]) == 5
