"""The large workspace's research (see ``leitstern.core.large``): ``scale.participants``
participants at the customer organisations (``customers/large.py``), each in their
organisation's segment and one persona, with consents; ``scale.conversations`` learning
conversations over the last year (a few scheduled ahead, one in seven second-hand feedback
from sales, support or a survey), each with notes and, for a third, a snapshot;
``scale.quotes`` quotes spread over them, most tagged; ``scale.insights`` insights with
their quotes; and the search index over all of it.

One participant (the first) said ``HEAVY_QUOTES`` of the quotes, over as many conversations
as that takes: the erasure benchmark removes them. One in fifty participants withdrew (a
tombstone, their quotes redacted, no search entry); one in twenty gave no consent to being
quoted (their quotes are shown only to the interviewers).

Rows are written directly, shaped as the services write them (``participant_create``,
``consent_record``, ``conversation_record``/``feedback_submit``, ``quote_create``,
``insight_create``, the ``search.index_*`` entries). Participants, conversations and
insights have their activity entries; the 200,000 quotes' entries are left out so the
activity log keeps the size the other modules are measured at."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from importlib import import_module

from django.db import connection
from django.utils import timezone

from leitstern.activity.large import entry
from leitstern.core.large import LargeContext
from leitstern.customers.models import Organisation, Persona
from leitstern.research.consent_texts import DEFAULT_VERSION, DEFAULTS
from leitstern.research.models import (
    Consent,
    Conversation,
    Insight,
    Participant,
    Purpose,
    Quote,
    SearchEntry,
    SearchKind,
    Tag,
)
from leitstern.research.services import _common as kinds

HEAVY_QUOTES = 500
TAGS = [
    "checkout", "payment", "delivery", "returns", "search", "trust", "pricing", "mobile",
    "onboarding", "invoices", "shipping costs", "reporting", "Lieferzeit", "Rechnung",
    "Retoure", "Suche", "Vertrauen", "Zahlung", "Versand", "Preise",
]  # fmt: skip
SAYINGS = [
    "I never know what delivery costs until the very last step of the checkout.",
    "Paying on my phone takes far too long, I give up halfway.",
    "We lose customers when the parcel arrives later than promised.",
    "Returns are a hassle for us, the refund takes two weeks.",
    "Search does not find products when people mistype a word.",
    "I would pay on invoice if that were possible for business customers.",
    "The monthly report is the first thing my boss asks for.",
    "Ich weiß bis zum Schluss nicht, was die Lieferung kostet.",
    "Die Zahlung auf dem Handy dauert viel zu lange.",
    "Wenn die Lieferung später kommt als versprochen, rufen die Kunden bei uns an.",
    "Die Retoure ist für uns aufwendig, die Erstattung dauert zwei Wochen.",
    "Die Suche findet nichts, wenn man sich vertippt.",
    "Kauf auf Rechnung ist für unsere Geschäftskunden ein Muss.",
    "Ohne Vertrauen in den Shop bestellt bei uns niemand ein zweites Mal.",
]  # fmt: skip
FIRST = ["Anna", "Ben", "Clara", "Deniz", "Emil", "Frieda", "Georg", "Hanna", "Ilias", "Jana"]
LAST = ["Albers", "Böhm", "Claasen", "Dietz", "Ertl", "Funke", "Gruber", "Haas", "Imhof", "Jost"]
RELAYS = ["sales", "sales", "support", "support", "survey", "marketing"]
PURPOSES = [Purpose.INTERVIEW, Purpose.QUOTING, Purpose.RECORDING, Purpose.RECONTACT]


def _saying(rng, n: int) -> str:
    return f"{rng.choice(SAYINGS)} {rng.choice(SAYINGS)} ({n})"


def generate(context: LargeContext) -> None:
    scale, rng, today = context.scale, context.rng, context.today
    workspace, owner = context.workspace, context.owner
    assert workspace is not None and owner is not None
    tz = timezone.get_current_timezone()
    now = timezone.now()

    def at(day, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=tz)

    editors = [user.pk for user in context.editors()] or [owner.pk]
    writers = [user.pk for user in context.writers()] or [owner.pk]
    products = [product.pk for product in context.products]
    organisations = list(
        Organisation.objects.filter(workspace=workspace).values_list("pk", "segment_id")
    )
    personas = list(Persona.objects.filter(workspace=workspace).values_list("pk", flat=True))
    segment_of = dict(organisations)
    tag_ids = list(context.next_ids(Tag, len(TAGS)))
    context.insert(
        Tag, ["id", "workspace", "name", "created_at"],
        [(pk, workspace.pk, name, now) for pk, name in zip(tag_ids, TAGS, strict=True)],
    )  # fmt: skip

    # Participants: each at an organisation, in its segment and one persona.
    people = list(context.next_ids(Participant, scale.participants))
    withdrawn = set(people[49::50] or people[-1:])
    unquotable = set(people[19::20] or people[-2:-1])
    org_of = {pk: rng.choice(organisations)[0] for pk in people}
    persona_of = {pk: rng.choice(personas) for pk in people} if personas else {}

    # Conversations over the last year, a few scheduled ahead; second-hand ones name an
    # organisation and no participants.
    conversation_ids = list(context.next_ids(Conversation, scale.conversations))
    heavy = min(HEAVY_QUOTES, scale.quotes // 20)
    per_conversation = max(1, scale.quotes // scale.conversations)
    heavy_conversations = set(conversation_ids[: -(-heavy // per_conversation)])
    conversations, with_whom, interviewers = [], [], []
    talked: dict[int, list[int]] = {}  # conversation → its participants
    first_talk: dict[int, object] = {}
    for n, pk in enumerate(conversation_ids):
        ahead = n % 40 == 39 and pk not in heavy_conversations
        day = today + timedelta(days=rng.randint(1, 28)) if ahead else (
            today - timedelta(days=rng.randint(0, 364))
        )  # fmt: skip
        second_hand = not ahead and n % 7 == 6 and pk not in heavy_conversations
        cancelled = n % 50 == 17 and pk not in heavy_conversations
        status = "scheduled" if ahead else ("cancelled" if cancelled else "held")
        if pk in heavy_conversations:
            chosen = [people[0]]
        elif second_hand:
            chosen = []
        else:
            chosen = rng.sample(people[1:], rng.choice([1, 1, 1, 2]))
        talked[pk] = chosen
        for person in chosen:
            with_whom.append((pk, person))
            first_talk[person] = min(first_talk.get(person, day), day)
        organisation = org_of[chosen[0]] if chosen else rng.choice(organisations)[0]
        interviewer = rng.choice(editors)
        if not second_hand:
            interviewers.append((pk, interviewer))
        title = f"{'Feedback' if second_hand else 'Interview'} {n + 1}: Account {organisation}"
        snapshot = n % 3 == 0 and status == "held"
        conversations.append(
            (
                pk, workspace.pk, rng.choice(products) if products else None, title,
                "second_hand" if second_hand else "direct",
                rng.choice(RELAYS) if second_hand else "", status, day,
                organisation if second_hand else None, segment_of[organisation],
                persona_of.get(chosen[0]) if chosen else None,
                "How do they run their checkout today?", _saying(rng, n),
                "Runs a shop with 12 people." if snapshot else "",
                rng.choice(SAYINGS) if snapshot else "",
                "Told us how the last big order went wrong." if snapshot else "",
                "Faster payment on phones." if snapshot else "",
                "Delivery costs shown late lose orders." if snapshot else "",
                interviewer, at(day), at(day), None, 1, {},
            )
        )  # fmt: skip
        kind = (
            kinds.FEEDBACK_SUBMITTED if second_hand
            else kinds.CONVERSATION_CREATED if ahead else kinds.CONVERSATION_RECORDED
        )  # fmt: skip
        context.activity.append(
            entry(
                kind=kind, actor_id=interviewer if not second_hand else rng.choice(writers),
                target_type="research.conversation", target_id=pk, label=title, at=at(day),
            )
        )  # fmt: skip

    _participants(context, people, withdrawn, org_of, persona_of, first_talk, editors, at)
    _consents(context, people, withdrawn, unquotable, first_talk, editors, at)
    context.insert(
        Conversation,
        [
            "id", "workspace", "product", "title", "source", "relayed_by", "status", "date",
            "organisation", "segment", "persona", "goal", "notes", "quick_facts",
            "memorable_quote", "experience_story", "opportunities", "insights", "created_by",
            "created_at", "updated_at", "notes_removed_at", "version", "field_versions",
        ],
        conversations,
    )  # fmt: skip
    context.insert(Conversation.participants.through, ["conversation", "participant"], with_whom)
    context.insert(Conversation.interviewers.through, ["conversation", "user"], interviewers)

    # Quotes: the heavy participant's first, then the others spread over what was held.
    held = [row for row in conversations if row[6] == "held" and row[0] not in heavy_conversations]
    quote_ids = list(context.next_ids(Quote, scale.quotes))
    quotes, quote_tags, entries = [], [], []
    by_conversation = {row[0]: row for row in conversations}
    heavy_rows = [by_conversation[pk] for pk in sorted(heavy_conversations)]
    for n, pk in enumerate(quote_ids):
        row = heavy_rows[n // per_conversation] if n < heavy else held[n % len(held)]
        speakers = [people[0]] if n < heavy else talked[row[0]]
        speaker = rng.choice(speakers) if speakers else None
        redacted = speaker in withdrawn
        text = "" if redacted else _saying(rng, n)
        created = at(row[7], 16)
        quotes.append(
            (pk, row[0], speaker, None, "notes", text, None, None, row[18], created,
             created if redacted else None)
        )  # fmt: skip
        for tag in rng.sample(tag_ids, rng.choice([0, 1, 1, 2])):
            quote_tags.append((pk, tag))
        if not redacted:
            entries.append(
                (workspace.pk, SearchKind.QUOTE, row[0], None, pk, None, speaker, row[2],
                 row[9], row[10], row[4], row[7], row[3], text)
            )  # fmt: skip
    context.insert(
        Quote,
        ["id", "conversation", "participant", "attachment", "source", "text", "start", "end",
         "created_by", "created_at", "redacted_at"],
        quotes,
    )  # fmt: skip
    context.insert(Quote.tags.through, ["quote", "tag"], quote_tags)

    # Insights, each grouping quotes of conversations close in time.
    insight_ids = list(context.next_ids(Insight, scale.insights))
    insights, grouped = [], []
    for n, pk in enumerate(insight_ids):
        title = f"{SAYINGS[n % len(SAYINGS)].rstrip('.')} ({n + 1})"
        creator = rng.choice(editors)
        created = now - timedelta(days=rng.randint(0, 300))
        insights.append(
            (pk, workspace.pk, rng.choice(products) if products else None, title,
             "What several customers told us.", creator, created, created, None, 1, {})
        )  # fmt: skip
        for quote in rng.sample(quote_ids, min(len(quote_ids), rng.randint(5, 40))):
            grouped.append((pk, quote))
        entries.append(
            (workspace.pk, SearchKind.INSIGHT, None, None, None, pk, None, insights[-1][2],
             None, None, "", created.date(), title[:300],
             f"{title}\n\nWhat several customers told us.")
        )  # fmt: skip
        context.activity.append(
            entry(kind=kinds.INSIGHT_CREATED, actor_id=creator, target_type="research.insight",
                  target_id=pk, label=title, at=created)
        )  # fmt: skip
    context.insert(
        Insight,
        ["id", "workspace", "product", "title", "description", "created_by", "created_at",
         "updated_at", "archived_at", "version", "field_versions"],
        insights,
    )  # fmt: skip
    context.insert(Insight.quotes.through, ["insight", "quote"], grouped)

    # The search index: notes and snapshots of the conversations, then quotes and insights.
    for row in conversations:
        common = (workspace.pk,)
        tail = (row[0], None, None, None, None, row[2], row[9], row[10], row[4], row[7], row[3])
        if row[12]:
            entries.append((*common, SearchKind.NOTES, *tail, row[12]))
        snapshot = "\n\n".join(part for part in row[13:18] if part)
        if snapshot:
            entries.append((*common, SearchKind.SNAPSHOT, *tail, snapshot))
    with _index_after(workspace):
        context.insert(
            SearchEntry,
            ["workspace", "kind", "conversation", "attachment", "quote", "insight", "participant",
             "product", "segment", "persona", "source", "day", "title", "text"],
            entries,
        )  # fmt: skip


@contextmanager
def _index_after(workspace):
    """SQLite: the entries' full-text index written in one statement after them, not by
    the insert trigger row by row (six times faster); the trigger is back afterwards.
    PostgreSQL computes its generated column as the rows are copied."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER research_search_ai")
        yield
        cursor.execute(
            "INSERT INTO research_search_fts(rowid, text) "
            "SELECT id, text FROM research_searchentry WHERE workspace_id = %s",
            [workspace.pk],
        )
        cursor.execute(_INSERT_TRIGGER)


_INSERT_TRIGGER = import_module("leitstern.research.migrations.0002_search_index").SQLITE[1]


def _participants(context, people, withdrawn, org_of, persona_of, first_talk, editors, at):
    workspace, rng, today = context.workspace, context.rng, context.today
    rows, segments, personas = [], [], []
    segment_of = dict(Organisation.objects.filter(workspace=workspace).values_list("pk", "segment"))
    for n, pk in enumerate(people):
        gone = pk in withdrawn
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n + 1}"
        created = at(first_talk.get(pk, today) - timedelta(days=20))
        creator = rng.choice(editors)
        rows.append(
            (pk, workspace.pk, "" if gone else name,
             "" if gone else f"participant{n + 1}@customers.{context.slug}.example",
             "" if gone else f"+49 30 {1000000 + n}", "" if gone else "Head of E-Commerce",
             org_of[pk], None, "de" if n % 3 else "en", "",
             "withdrawn" if gone else "active", None, created, created,
             created + timedelta(days=90) if gone else None, 1, {})
        )  # fmt: skip
        if segment_of.get(org_of[pk]):
            segments.append((pk, segment_of[org_of[pk]]))
        if pk in persona_of:
            personas.append((pk, persona_of[pk]))
        context.activity.append(
            entry(kind=kinds.PARTICIPANT_CREATED, actor_id=creator,
                  target_type="research.participant", target_id=pk,
                  label=f"Withdrawn participant #{pk}" if gone else name, at=created)
        )  # fmt: skip
    context.insert(
        Participant,
        ["id", "workspace", "name", "email", "phone", "role", "organisation", "person",
         "language", "notes", "status", "proposed_by", "created_at", "updated_at", "removed_at",
         "version", "field_versions"],
        rows,
    )  # fmt: skip
    context.insert(Participant.segments.through, ["participant", "segment"], segments)
    context.insert(Participant.personas.through, ["participant", "persona"], personas)


def _consents(context, people, withdrawn, unquotable, first_talk, editors, at):
    """Consent given a little before the first conversation, for a year; withdrawn
    people's consents carry their withdrawal."""
    rng, today, name = context.rng, context.today, context.workspace.name
    rows = []
    for n, pk in enumerate(people):
        language = "de" if n % 3 else "en"
        given = at(first_talk.get(pk, today) - timedelta(days=rng.randint(1, 14)), 9)
        purposes = [p for p in PURPOSES if not (p == Purpose.QUOTING and pk in unquotable)]
        if n % 2:
            purposes = purposes[:-1]  # half do not want to be contacted again
        gone = given + timedelta(days=90) if pk in withdrawn else None
        recorder = rng.choice(editors)
        for purpose in purposes:
            rows.append(
                (pk, purpose, DEFAULTS[purpose][language].format(workspace=name),
                 DEFAULT_VERSION, language, "email", "", given, given + timedelta(days=365),
                 gone, recorder, None, given)
            )  # fmt: skip
    context.insert(
        Consent,
        ["participant", "purpose", "text", "text_version", "language", "channel", "witness",
         "given_at", "expires_at", "withdrawn_at", "recorded_by", "expiry_flagged_at",
         "created_at"],
        rows,
    )  # fmt: skip
