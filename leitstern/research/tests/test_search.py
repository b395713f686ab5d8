"""Full-text search: one results contract on PostgreSQL (tsvector, German and English) and
SQLite (FTS5). The suite runs on both databases, so each test here runs on both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from leitstern.customers.tests.factory import make_organisation, make_persona, make_segment
from leitstern.research import services
from leitstern.research.models import Purpose
from leitstern.research.search import Filters, excerpt, search, words_of
from leitstern.research.tests.factory import (
    ALL_PURPOSES,
    give_consent,
    make_conversation,
    make_insight,
    make_participant,
    make_quote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(world):
    w, editor = world.workspace, world.editor
    retail = make_segment(w, editor, "Retail")
    b2b = make_segment(w, editor, "B2B")
    owner = make_persona(w, editor, "Shop owner")
    shop = make_organisation(w, editor, "Blumen Berger", segment=retail)
    anna = make_participant(w, editor, "Anna", organisation=shop)
    give_consent(anna, editor, ALL_PURPOSES, days_ago=30)
    silent = make_participant(
        w, editor, "Silke", consent=[Purpose.INTERVIEW, Purpose.RECORDING], organisation=shop
    )
    today = timezone.localdate()
    german = make_conversation(
        w,
        editor,
        participants=[anna],
        persona=owner,
        interviewers=[editor],
        title="Interview Blumen Berger",
        day=today - timedelta(days=3),
        notes="Die Lieferungen kommen oft zu spät. Die Rücksendungen sind teuer.",
    )
    english = make_conversation(
        w,
        editor,
        participants=[silent],
        interviewers=[editor],
        title="Call with Silke",
        notes="Checkout on mobile is slow; she abandons the basket.",
        day=today,
    )
    tag = services.tag_create(actor=editor, workspace=w, name="delivery")
    q_de = make_quote(german, editor, anna, "Die Lieferungen kommen oft zu spät.", tags=[tag])
    q_hidden = make_quote(english, editor, silent, "Checkout on mobile is painfully slow.")
    relayed = services.feedback_submit(
        actor=world.contributor,
        workspace=w,
        title="Sales call Großhandel",
        date=today,
        relayed_by="sales",
        notes="They want faster delivery for bulk orders.",
        segment=b2b,
    )
    insight = make_insight(
        w,
        editor,
        "Late deliveries cost trust",
        description="Lieferungen kommen zu spät.",
        quotes=[q_de],
    )
    return locals()


def _kinds(results) -> list[tuple[str, int | None]]:
    return sorted((hit.kind, hit.conversation_id or hit.insight_id) for hit in results.hits)


def test_words_are_letters_and_digits_only():
    assert words_of("  'Liefer*ung' OR 1=1; DROP -- ") == ["liefer", "ung", "or", "1", "drop"]
    assert words_of("!!! ... ***") == []


def test_every_word_must_match_as_a_word_or_its_beginning(world, corpus):
    found = search(workspace=world.workspace, user=world.owner, query="Liefer spät")
    assert _kinds(found) == sorted(
        [
            ("insight", corpus["insight"].pk),
            ("notes", corpus["german"].pk),
            ("quote", corpus["german"].pk),
        ]
    )
    assert found.total == 3
    assert (
        search(workspace=world.workspace, user=world.owner, query="Lieferung Checkout").total == 0
    )


def test_english_words_are_found_in_every_form(world, corpus):
    found = search(workspace=world.workspace, user=world.editor, query="abandon")
    assert [hit.conversation_id for hit in found.hits] == [corpus["english"].pk]


def test_filters(world, corpus):
    owner, w = world.owner, world.workspace

    # Both words are required: only the insight has both (English "deliveries" is
    # found by "delivery" on both databases, by its stem or by the stem's beginning).
    both = search(workspace=w, user=owner, query="delivery lieferungen")
    assert [h.insight_id for h in both.hits] == [corpus["insight"].pk]
    quotes = search(workspace=w, user=owner, query="spät", filters=Filters(kinds=("quote",)))
    assert [h.quote_id for h in quotes.hits] == [corpus["q_de"].pk]
    tagged = search(workspace=w, user=owner, query="spät", filters=Filters(tag=corpus["tag"].pk))
    assert [h.quote_id for h in tagged.hits] == [corpus["q_de"].pk]
    retail = search(
        workspace=w, user=owner, query="spät", filters=Filters(segment=corpus["retail"].pk)
    )
    assert {h.kind for h in retail.hits} == {"notes", "quote"}
    second = search(
        workspace=w, user=owner, query="delivery", filters=Filters(source="second_hand")
    )
    assert [h.conversation_id for h in second.hits] == [corpus["relayed"].pk]
    assert second.hits[0].is_second_hand
    b2b = search(
        workspace=w, user=owner, query="delivery", filters=Filters(segment=corpus["b2b"].pk)
    )
    assert b2b.total == 1
    old = timezone.localdate() - timedelta(days=1)
    dated = search(
        workspace=w, user=owner, query="spät", filters=Filters(date_to=old, kinds=("notes",))
    )
    assert [h.conversation_id for h in dated.hits] == [corpus["german"].pk]
    persona = search(
        workspace=w, user=owner, query="slow", filters=Filters(persona=corpus["owner"].pk)
    )
    assert persona.total == 0


def test_quotes_without_consent_to_quoting_are_found_by_the_interviewer_only(world, corpus):
    hidden = corpus["q_hidden"].pk
    by_interviewer = search(workspace=world.workspace, user=world.editor, query="painfully")
    assert [h.quote_id for h in by_interviewer.hits] == [hidden]
    for someone in (world.owner, world.viewer):
        assert search(workspace=world.workspace, user=someone, query="painfully").total == 0


def test_another_workspace_finds_nothing(world, corpus):
    assert search(workspace=world.other_workspace, user=world.outsider, query="spät").total == 0


def test_the_excerpt_marks_matches_and_escapes_everything_else():
    text = "<b>Never</b> " + "x " * 200 + "the Lieferung arrived & was late"
    shown = excerpt(text, ["liefer"])
    assert "<mark>Lieferung</mark>" in shown
    assert "&amp;" in shown
    assert "<b>" not in shown
    assert shown.startswith("…")


def test_changes_reach_the_index(world, corpus):
    german = corpus["german"]
    services.conversation_update(
        actor=world.editor, conversation=german, notes="Alles kommt pünktlich an."
    )
    notes = Filters(kinds=("notes",))
    assert (
        search(workspace=world.workspace, user=world.owner, query="pünktlich", filters=notes).total
        == 1
    )
    assert (
        search(
            workspace=world.workspace, user=world.owner, query="Rücksendungen", filters=notes
        ).total
        == 0
    )
    services.insight_archive(actor=world.editor, insight=corpus["insight"])
    insights = Filters(kinds=("insight",))
    assert (
        search(workspace=world.workspace, user=world.owner, query="trust", filters=insights).total
        == 0
    )


def test_the_database_does_the_matching(world, corpus):
    """Not a Python fallback: the vendor's full-text engine answers."""
    from leitstern.research.models import SearchEntry
    from leitstern.research.search import _matching

    sql = str(_matching(SearchEntry.objects.all(), ["x"]).query)
    assert ("to_tsquery" in sql) if connection.vendor == "postgresql" else ("MATCH" in sql)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_sqlite_matches_once_then_reads_each_match_by_its_id(world, corpus):
    """The FTS table is the outer loop, with or without filters that have an index of
    their own (the workspace, a segment, a tag): otherwise the MATCH runs once per entry."""
    from leitstern.research.search import (
        _filtered,
        _fts_first,
        _matching,
        visible_entries,
    )

    segment, tag = corpus["retail"].pk, corpus["tag"].pk
    for filters in (Filters(), Filters(segment=segment), Filters(tag=tag)):
        entries = _matching(
            _filtered(visible_entries(world.workspace, world.owner), filters), ["x"]
        )
        sql, params = _fts_first(entries.order_by("-rank")[:20])
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[3] for row in cursor.fetchall() if row[1] == 0]
        assert plan[0].startswith("SCAN research_search_fts VIRTUAL TABLE"), plan
        assert "research_searchentry USING INTEGER PRIMARY KEY" in plan[1], plan


def _ranked_the_old_way(world, words: list[str]) -> list[int]:
    """Every match ranked in the database (rank, day, id, each descending): how search
    ordered its results before it ranked only the newest ``CANDIDATES``."""
    from leitstern.research.models import SearchEntry
    from leitstern.research.search import _filtered, _fts_first, _matching, visible_entries

    entries = _matching(_filtered(visible_entries(world.workspace, world.owner), Filters()), words)
    ordered = entries.order_by("-rank", "-day", "-id")
    if connection.vendor == "sqlite":
        return [entry.pk for entry in SearchEntry.objects.raw(*_fts_first(ordered))]
    return list(ordered.values_list("pk", flat=True))


@pytest.fixture
def many_notes(world):
    """Thirty conversations whose notes say "Lieferung" once to four times, over thirty
    days, so ranks, days and ids all decide somewhere."""
    w, editor = world.workspace, world.editor
    today = timezone.localdate()
    for n in range(30):
        times = 1 + n % 4
        make_conversation(
            w,
            editor,
            title=f"Gespräch {n}",
            day=today - timedelta(days=n % 7),
            notes=" ".join(["Die Lieferung kam spät."] * times + ["Sonst gut."] * (n % 3)),
        )


def test_the_first_page_is_ordered_as_when_every_match_was_ranked(world, many_notes):
    expected = _ranked_the_old_way(world, ["lieferung"])
    assert len(expected) == 30
    first = search(workspace=world.workspace, user=world.owner, query="Lieferung", limit=20)
    assert [hit.entry_id for hit in first.hits] == expected[:20]
    assert first.total == 30 and not first.more_than_counted
    assert first.has_next and not first.has_previous
    second = search(
        workspace=world.workspace, user=world.owner, query="Lieferung", limit=20, offset=20
    )
    assert [hit.entry_id for hit in second.hits] == expected[20:]
    assert not second.has_next and second.has_previous
    assert (second.first, second.last) == (21, 30)


def test_beyond_the_candidates_only_the_newest_are_ranked_and_the_count_says_more(
    world, many_notes, monkeypatch
):
    from leitstern.research import search as search_module
    from leitstern.research.models import SearchEntry

    monkeypatch.setattr(search_module, "CANDIDATES", 10)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 10)
    found = search(workspace=world.workspace, user=world.owner, query="Lieferung", limit=20)
    assert found.total == 11 and found.more_than_counted
    newest = set(
        SearchEntry.objects.filter(workspace=world.workspace, kind="notes")
        .order_by("-pk")
        .values_list("pk", flat=True)[:10]
    )
    assert {hit.entry_id for hit in found.hits} == newest
    ranked = [pk for pk in _ranked_the_old_way(world, ["lieferung"]) if pk in newest]
    assert [hit.entry_id for hit in found.hits] == ranked
    assert not found.has_next


def test_the_search_page_pages_and_says_when_there_are_more(world, many_notes, client):
    from django.urls import reverse

    client.force_login(world.owner)
    url = reverse("research:search", kwargs={"slug": world.workspace.slug})
    first = client.get(url, {"q": "Lieferung"})
    assert first.status_code == 200
    text = first.content.decode()
    assert "30 matches" in text and "offset=20" in text
    second = client.get(url, {"q": "Lieferung", "offset": "20"})
    assert second.content.decode().count('class="card"') == 10


@pytest.mark.parametrize("recent", [3, 1_000])
def test_newer_entries_that_do_not_match_hide_no_older_match(world, monkeypatch, recent):
    """The newest candidates are the newest *matches*: entries written later that do not
    match neither crowd them out nor stand in for them, whether the matches lie among the
    newest entries looked at first (PostgreSQL's ``RECENT``) or only before them."""
    from leitstern.research import search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES", 2)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 2)
    monkeypatch.setattr(search_module, "RECENT", recent)
    w, editor = world.workspace, world.editor
    old = [
        make_conversation(w, editor, title=f"Alt {n}", notes="Die Lieferung kam spät.")
        for n in range(2)
    ]
    for n in range(6):
        make_conversation(w, editor, title=f"Neu {n}", notes="Alles pünktlich, gut verpackt.")
    found = search(workspace=w, user=world.owner, query="Lieferung")
    assert {hit.conversation_id for hit in found.hits} == {c.pk for c in old}
    assert found.total == 2 and not found.more_than_counted
    assert search(workspace=w, user=world.owner, query="pünktlich").total == 3
