"""Erasure and withdrawal leave nothing behind: after the cascade, no table (every text,
JSON and binary column of every table, the search index's own tables included) and no
stored file holds the person's name, email address or phone number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import TestCase

from leitstern.activity.models import ActivityEntry
from leitstern.customers.tests.factory import make_organisation, make_person
from leitstern.research import search, selectors, services
from leitstern.research.models import (
    Attachment,
    Conversation,
    Participant,
    ParticipantStatus,
    Quote,
    SearchEntry,
)
from leitstern.research.tests.factory import (
    ALL_PURPOSES,
    make_conversation,
    make_insight,
    make_participant,
    make_quote,
)

pytestmark = pytest.mark.django_db

NAME = "Henrike Quast"
EMAIL = "henrike.quast@kunde.example"
PHONE = "+49 170 5550123"
TRACES = [NAME, EMAIL, PHONE]


def _spellings(trace: str) -> list[str]:
    """How a trace may be stored: as written, lower case (the search index), JSON-escaped
    (Python's JSON on SQLite)."""
    escaped = json.dumps(trace)[1:-1]
    return list({trace.lower(), escaped.lower()})


def _as_text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="ignore") + value.decode("latin-1")
    return str(value)


def traces_in_database() -> list[str]:
    """``table: trace`` for every row of every table that holds a trace in any column."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(_as_text(value) for value in row if value is not None).lower()
                for trace in TRACES:
                    if any(spelling in text for spelling in _spellings(trace)):
                        found.append(f"{table}: {trace}")
    return sorted(set(found))


def traces_in_files(root: Path) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            text = _as_text(path.read_bytes()).lower()
            found += [f"{path.name}: {t}" for t in TRACES if t.lower() in text]
    return found


@pytest.fixture
def henrike(world, settings, tmp_path):
    """Henrike everywhere research and customers can hold her: a contact and a participant
    (renamed once, so the log holds an older spelling), consent, two conversations (one with
    another participant whose quote mentions her), a transcript and a file naming her, quotes,
    an insight whose description names her, search entries and activity entries."""
    settings.MEDIA_ROOT = tmp_path
    w, editor = world.workspace, world.editor
    shop = make_organisation(w, editor, "Quast Moden", notes=f"Owner: {NAME}, call {PHONE}")
    contact = make_person(w, editor, NAME, organisation=shop, email=EMAIL, phone=PHONE)
    henrike = make_participant(
        w,
        editor,
        "Henrike Quas",
        consent=ALL_PURPOSES,
        organisation=shop,
        person=contact,
        email=EMAIL,
        phone=PHONE,
        role="Inhaberin",
        notes=f"Prefers calls to {PHONE}.",
    )
    services.participant_update(actor=editor, participant=henrike, name=NAME)
    other = make_participant(w, editor, "Olaf Berg", consent=ALL_PURPOSES, notes=f"Knows {NAME}")
    alone = make_conversation(
        w,
        editor,
        participants=[henrike],
        title=f"Interview {NAME}",
        notes=f"{NAME} ({EMAIL}) explained returns. Henrike wants labels.",
    )
    services.snapshot_update(
        actor=editor,
        conversation=alone,
        memorable_quote="Labels take me an hour.",
        quick_facts="Small fashion shop, 2 staff; Henrikes shop sells online.",
    )
    together = make_conversation(
        w, editor, participants=[henrike, other], notes=f"Olaf agreed with {NAME}."
    )
    services.attachment_add(
        actor=editor,
        conversation=alone,
        kind="transcript",
        name="henrike-quast.txt",
        content=f"{NAME}: Die Etiketten dauern eine Stunde.".encode(),
    )
    services.attachment_add(
        actor=editor,
        conversation=together,
        kind="file",
        name="notes.md",
        content=f"Call {PHONE}".encode("cp1252"),
    )
    quotes = [
        make_quote(alone, editor, henrike, "Labels take me an hour every day."),
        make_quote(alone, editor, henrike, "Returns are the worst part."),
        make_quote(together, editor, henrike, "I print everything twice."),
        make_quote(together, editor, other, f"Like {NAME} said, returns hurt."),
    ]
    insight = make_insight(
        w,
        editor,
        "Returns cost small shops hours",
        quotes=quotes,
        description=f"Strongest from {NAME}.",
    )
    return {
        "participant": henrike,
        "quotes": quotes,
        "insight": insight,
        "other": other,
        "media": tmp_path,
        "alone": alone,
    }


def _erase(world, participant):
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.participant_erase(actor=world.owner, participant=participant)


def test_the_traces_are_there_before(world, henrike):
    """The search below finds what it looks for (so its silence afterwards means
    something)."""
    found = traces_in_database()
    assert any(f.startswith("research_participant") for f in found)
    assert any(f.startswith("customers_person") for f in found)
    assert any(f.startswith("activity_activityentry") for f in found)
    assert traces_in_files(henrike["media"])


def test_erasure_leaves_no_trace_in_any_table_or_file(world, henrike):
    _erase(world, henrike["participant"])
    assert traces_in_database() == []
    assert traces_in_files(henrike["media"]) == []


def test_erasure_keeps_a_tombstone_and_the_evidence_counts(world, henrike):
    participant = henrike["participant"]
    _erase(world, participant)
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.ERASED
    assert (participant.name, participant.email, participant.phone) == ("", "", "")
    assert participant.organisation is not None  # an organisation identifies nobody
    evidence = selectors.evidence_for(insights=[henrike["insight"]])
    assert (evidence.quotes, evidence.withdrawn, evidence.participants) == (4, 3, 2)
    mine = Quote.objects.filter(participant=participant)
    assert all(q.is_redacted and q.text == "" for q in mine)
    assert not Attachment.objects.exists()
    alone = Conversation.objects.get(pk=henrike["alone"].pk)
    assert alone.notes == "" and alone.memorable_quote == ""
    assert "Small fashion shop" in alone.quick_facts  # the team's conclusions stay
    assert "Henrike" not in alone.quick_facts
    olaf = Quote.objects.get(participant=henrike["other"])
    assert olaf.text == "Like [erased] said, returns hurt."
    entry = ActivityEntry.objects.filter(kind="research.participant.erased").get()
    assert entry.target_label == f"Erased participant #{participant.pk}"
    assert entry.actor == world.owner


def test_withdrawal_runs_the_same_cascade_but_keeps_the_contact(world, henrike):
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.consent_withdraw(
            actor=None, participant=henrike["participant"], purposes=["interview"]
        )
    participant = Participant.objects.get(pk=henrike["participant"].pk)
    assert participant.status == ParticipantStatus.WITHDRAWN
    found = traces_in_database()
    assert all(f.startswith("customers_person") for f in found), found
    assert traces_in_files(henrike["media"]) == []


def test_withdrawn_content_is_never_found(world, henrike):
    before = search.search(workspace=world.workspace, user=world.owner, query="labels hour")
    assert before.total >= 2
    _erase(world, henrike["participant"])
    for query in ("labels", "returns worst", "print twice", "Etiketten", "Henrike"):
        results = search.search(workspace=world.workspace, user=world.owner, query=query)
        for hit in results.hits:
            assert hit.quote_id not in {q.pk for q in henrike["quotes"][:3]}
            assert "henrike" not in hit.excerpt.lower()
    assert not SearchEntry.objects.filter(quote__redacted_at__isnull=False).exists()


def test_the_whole_cascade_is_one_transaction(world, henrike, monkeypatch):
    """A failure late in the cascade leaves everything as it was."""
    from leitstern.research.services import removal

    def fail(**kwargs):
        raise RuntimeError("the activity log is unavailable")

    monkeypatch.setattr(removal, "activity_record", fail)
    with pytest.raises(RuntimeError):
        services.participant_erase(actor=world.owner, participant=henrike["participant"])
    participant = Participant.objects.get(pk=henrike["participant"].pk)
    assert participant.name == NAME
    assert Quote.objects.filter(redacted_at__isnull=False).count() == 0
    assert Attachment.objects.count() == 2
    assert traces_in_files(henrike["media"])


def test_mentions_outside_their_own_conversations_are_found_and_gone_everywhere(world, henrike):
    """Texts that mention her but are not hers by any key (another person's conversation,
    quote and transcript) are found through the search index and scrubbed; afterwards no
    quote, search entry, note, snapshot, export or activity entry, and no page or search
    a member can reach, shows her name, email address or phone number."""
    import io

    from django.test import Client
    from django.urls import reverse

    from leitstern.core.portability.exporting import export_workspace
    from leitstern.research.gdpr import access_export

    w, editor, olaf = world.workspace, world.editor, henrike["other"]
    elsewhere = make_conversation(
        w,
        editor,
        participants=[olaf],
        title="Call with Olaf",
        notes=f"Olaf sends greetings to {NAME}; her number is {PHONE}.",
    )
    services.snapshot_update(
        actor=editor, conversation=elsewhere, experience_story=f"He wrote to {EMAIL} once."
    )
    quoted = make_quote(elsewhere, editor, olaf, f"Ask {NAME.lower()} about labels.")
    services.attachment_add(
        actor=editor,
        conversation=elsewhere,
        kind="transcript",
        name="olaf.txt",
        content=f"Olaf: {NAME} and I share a courier.".encode(),
    )
    assert search.search(workspace=w, user=world.owner, query="Quast").total >= 4

    _erase(world, henrike["participant"])

    def clean(text: str) -> bool:
        lowered = text.lower()
        return not any(spelling in lowered for t in TRACES for spelling in _spellings(t))

    assert all(clean(q.text) for q in Quote.objects.all())
    assert Quote.objects.get(pk=quoted.pk).text == "Ask [erased] about labels."
    assert all(clean(f"{e.title} {e.text}") for e in SearchEntry.objects.all())
    for word in ("Quast", "Henrike", "5550123", "kunde"):
        assert search.search(workspace=w, user=world.owner, query=word).total == 0, word
    assert search.search(workspace=w, user=world.owner, query="courier").total == 1
    other = Conversation.objects.get(pk=elsewhere.pk)
    assert other.notes == "Olaf sends greetings to [erased]; her number is [erased]."
    assert other.experience_story == "He wrote to [erased] once."
    assert all(
        clean(getattr(c, name))
        for c in Conversation.objects.all()
        for name in ("title", "goal", "notes", *Conversation.SNAPSHOT_FIELDS)
    )
    assert all(clean(a.text) for a in Attachment.objects.all())
    exported = io.StringIO()
    export_workspace(w, exported)
    assert clean(exported.getvalue())
    olaf = Participant.objects.get(pk=olaf.pk)  # his notes named her
    assert clean(json.dumps(access_export(olaf), ensure_ascii=False))
    assert all(
        clean(f"{e.target_label} {e.note} {json.dumps(e.changes, ensure_ascii=False)}")
        for e in ActivityEntry.objects.all()
    )
    client = Client()
    client.force_login(world.owner)
    slug = w.slug
    for url in (
        reverse("research:quotes", kwargs={"slug": slug}),
        reverse("research:conversation", kwargs={"slug": slug, "pk": elsewhere.pk}),
        reverse("research:search", kwargs={"slug": slug}) + "?q=Olaf",
        reverse("activity:list", kwargs={"slug": slug}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert clean(response.content.decode()), url
    assert traces_in_database() == []
