"""The researcher's flow in a real Chromium: the participant gives consent through their
link, signed out → the editor records a conversation with them → highlights a quote in
the notes → builds an insight → the participant withdraws through their link → the quote
shows as withdrawn everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leitstern.research import services
from leitstern.research.models import Insight, Quote
from leitstern.research.tests.factory import make_participant
from leitstern.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID = "Auf dem Handy ist der Warenkorb immer weg."


def test_consent_by_link_to_a_withdrawn_quote(request, page, live_server, world, browser):
    participant = make_participant(world.workspace, world.editor, "Greta Lindner",
                                   email="greta@example.com", language="de")  # fmt: skip
    _link, token = services.consent_link_create(actor=world.editor, participant=participant)
    consent_url = live_server.url + reverse("research_consent:page", kwargs={"token": token})

    # The participant, signed out, reads the German texts and ticks two purposes. Their
    # browser is closed when the test ends, before the live server stops: an open one
    # keeps connections to the server's threads after the test database is gone.
    public_context = browser.new_context(locale="de-DE")
    request.addfinalizer(public_context.close)
    public = public_context.new_page()
    public.goto(consent_url)
    assert "Research-Interviews" in public.locator("main").inner_text()
    assert public.locator("input[type=checkbox]:checked").count() == 0
    public.locator("input[name=give][value=interview]").check()
    public.locator("input[name=give][value=quoting]").check()
    public.get_by_role("button", name="Meine Auswahl speichern").click()
    public.get_by_text("Vielen Dank. Sie haben eingewilligt in:").wait_for()

    # The editor records the conversation and highlights a passage of the notes.
    browser_login(page, live_server, world.editor)
    base = f"{live_server.url}/w/{world.workspace.slug}/research"
    page.goto(f"{base}/conversations/new/")
    page.get_by_label("Title").fill("Interview Lindner")
    page.get_by_label("Greta Lindner").check()
    page.get_by_label("It has taken place").check()
    page.get_by_label("Notes").fill(f"Sie erzählte: {SAID} Dann kauft sie am Laptop.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Conversation saved.").wait_for()
    notes = page.locator("#notes")
    notes.select_text()  # the whole notes; the quote is then trimmed to the passage
    page.locator("#quote-form textarea[name=text]").fill(SAID)
    page.locator("#quote-form select[name=participant]").select_option(str(participant.pk))
    page.get_by_label("New tag").fill("Mobile")
    page.get_by_role("button", name="Save quote").click()
    page.get_by_text("Quote saved.").wait_for()
    quote = Quote.objects.get()
    assert quote.source == "notes" and [t.name for t in quote.tags.all()] == ["Mobile"]

    page.goto(f"{base}/insights/new/")
    page.get_by_label("Insight").fill("Baskets get lost on phones")
    page.locator(f"input[name=quotes][value='{quote.pk}']").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Insight saved.").wait_for()
    insight = Insight.objects.get()
    assert SAID in page.locator("main").inner_text()

    # The participant withdraws through a withdrawal link, as easily as they agreed.
    _link, withdraw = services.consent_link_create(
        actor=world.editor, participant=participant, withdraw=True
    )
    public.goto(live_server.url + reverse("research_consent:page", kwargs={"token": withdraw}))
    public.locator("input[name=withdraw][value=interview]").check()
    public.get_by_role("button", name="Meine Auswahl speichern").click()
    public.get_by_text("Sie haben Ihre Einwilligung widerrufen für:").wait_for()

    # The quote shows as withdrawn everywhere; the person's name is gone.
    for path in (
        f"/insights/{insight.pk}/",
        "/quotes/",
        f"/conversations/{quote.conversation_id}/",
    ):
        page.goto(base + path)
        text = page.locator("main").inner_text()
        assert SAID not in text and "Greta" not in text
    page.goto(f"{base}/insights/{insight.pk}/")
    assert "[withdrawn]" in page.locator("main").inner_text()
    assert page.csp_errors == []
    public_context.close()
