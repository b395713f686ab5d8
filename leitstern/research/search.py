"""Full-text search over conversation notes and snapshots, transcripts, quotes and insights.

One contract on both databases:

* the query is split into words (letters and digits); an entry matches when it contains
  every word, each as a word or the beginning of one (``liefer`` finds "Lieferung");
  PostgreSQL also matches other forms of a word by its German and English stems;
* results are filtered by kind, segment, persona, tag (quotes), product, dates and source
  (direct or second-hand), ranked by relevance, then newest first; only the newest
  ``CANDIDATES`` matches are ranked (the index hands them over newest first without
  looking at the rest), so a word in tens of thousands of texts costs what a rarer one
  does, and the results say "more than 1,000" rather than a count;
* a quote of a participant without a valid consent to quoting is found only by the
  conversation's interviewers, and withdrawn content has no entry at all;
* each hit carries a short excerpt around the first match, built the same way on both.

PostgreSQL searches a generated ``tsvector`` column (German and English stems) through a
GIN index; SQLite an FTS5 table (migration ``0002_search_index``). The services keep the
entries current through the ``index_*`` functions below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from leitstern.research.models import (
    Attachment,
    AttachmentKind,
    Consent,
    Conversation,
    Insight,
    Purpose,
    Quote,
    SearchEntry,
    SearchKind,
)

MAX_WORDS = 12
MAX_WORD_CHARS = 60
EXCERPT_CHARS = 220
COUNT_LIMIT = 1_000
# The matches ranked: the newest this many (by entry, which is the order texts were
# indexed in); with fewer matches, every one of them.
CANDIDATES = COUNT_LIMIT
_WORD = re.compile(r"\w+", re.UNICODE)


def words_of(query: str) -> list[str]:
    """The words searched for: letters and digits, lower case, at most ``MAX_WORDS``."""
    found = [w.lower()[:MAX_WORD_CHARS] for w in _WORD.findall(query or "")]
    return list(dict.fromkeys(w for w in found if w.strip("_")))[:MAX_WORDS]


# --- keeping the index current ------------------------------------------------------------


def _conversation_fields(conversation: Conversation) -> dict:
    return {
        "workspace_id": conversation.workspace_id,
        "conversation_id": conversation.pk,
        "product_id": conversation.product_id,
        "segment_id": conversation.segment_id,
        "persona_id": conversation.persona_id,
        "source": conversation.source,
        "day": conversation.date,
    }


def snapshot_text(conversation: Conversation) -> str:
    return "\n\n".join(
        getattr(conversation, name)
        for name in Conversation.SNAPSHOT_FIELDS
        if getattr(conversation, name)
    )


def index_conversation(conversation: Conversation) -> None:
    """The conversation's notes and snapshot entries, and the filter fields of its
    transcripts' and quotes' entries (its product, segment, date … may have changed)."""
    common = _conversation_fields(conversation)
    SearchEntry.objects.filter(
        conversation=conversation, kind__in=[SearchKind.NOTES, SearchKind.SNAPSHOT]
    ).delete()
    entries = []
    if conversation.notes.strip():
        entries.append(
            SearchEntry(
                kind=SearchKind.NOTES, title=conversation.title, text=conversation.notes, **common
            )
        )
    snapshot = snapshot_text(conversation)
    if snapshot.strip():
        entries.append(
            SearchEntry(kind=SearchKind.SNAPSHOT, title=conversation.title, text=snapshot, **common)
        )
    SearchEntry.objects.bulk_create(entries)
    # Quotes keep their own segment when the conversation has none (the organisation's).
    shared = {k: v for k, v in common.items() if k not in ("segment_id",)}
    SearchEntry.objects.filter(
        conversation=conversation, kind__in=[SearchKind.TRANSCRIPT, SearchKind.QUOTE]
    ).update(title=conversation.title[:300], **shared)
    if conversation.segment_id:
        SearchEntry.objects.filter(
            conversation=conversation, kind__in=[SearchKind.TRANSCRIPT, SearchKind.QUOTE]
        ).update(segment_id=conversation.segment_id)


def index_conversation_texts(conversations: list[Conversation]) -> None:
    """``index_conversation`` for many conversations whose texts changed but not what
    search filters on (an erasure scrubbed them): their notes and snapshot entries built
    anew, and the title of their transcripts' and quotes' entries, in a few statements."""
    ids = [conversation.pk for conversation in conversations]
    SearchEntry.objects.filter(
        conversation_id__in=ids, kind__in=[SearchKind.NOTES, SearchKind.SNAPSHOT]
    ).delete()
    entries = []
    for conversation in conversations:
        common = _conversation_fields(conversation)
        if conversation.notes.strip():
            entries.append(
                SearchEntry(
                    kind=SearchKind.NOTES, title=conversation.title, text=conversation.notes,
                    **common,
                )
            )  # fmt: skip
        snapshot = snapshot_text(conversation)
        if snapshot.strip():
            entries.append(
                SearchEntry(
                    kind=SearchKind.SNAPSHOT, title=conversation.title, text=snapshot, **common
                )
            )
    SearchEntry.objects.bulk_create(entries)
    others = SearchEntry.objects.filter(
        conversation_id__in=ids, kind__in=[SearchKind.TRANSCRIPT, SearchKind.QUOTE]
    )
    titles = {conversation.pk: conversation.title[:300] for conversation in conversations}
    stale = others.exclude(title__in=set(titles.values())).values_list("conversation_id", flat=True)
    for conversation_id in set(stale):
        others.filter(conversation_id=conversation_id).update(title=titles[conversation_id])


def index_attachment(attachment: Attachment) -> None:
    SearchEntry.objects.filter(attachment=attachment).delete()
    if attachment.kind == AttachmentKind.TRANSCRIPT and attachment.text.strip():
        conversation = attachment.conversation
        SearchEntry.objects.create(
            kind=SearchKind.TRANSCRIPT,
            attachment=attachment,
            title=conversation.title[:300],
            text=attachment.text,
            **_conversation_fields(conversation),
        )


def _quote_segment(quote: Quote):
    conversation = quote.conversation
    if conversation.segment_id:
        return conversation.segment_id
    organisation = (
        quote.participant.organisation
        if quote.participant_id and quote.participant.organisation_id
        else conversation.organisation
    )
    return organisation.segment_id if organisation is not None else None


def index_quote(quote: Quote) -> None:
    """A quote's entry; none for a redacted (withdrawn) quote."""
    SearchEntry.objects.filter(quote=quote).delete()
    if quote.is_redacted or not quote.text.strip():
        return
    fields = _conversation_fields(quote.conversation)
    fields["segment_id"] = _quote_segment(quote)
    SearchEntry.objects.create(
        kind=SearchKind.QUOTE,
        quote=quote,
        participant_id=quote.participant_id,
        title=quote.conversation.title[:300],
        text=quote.text,
        **fields,
    )


def index_insight(insight: Insight) -> None:
    SearchEntry.objects.filter(insight=insight).delete()
    if insight.is_archived:
        return
    SearchEntry.objects.create(
        workspace_id=insight.workspace_id,
        kind=SearchKind.INSIGHT,
        insight=insight,
        product_id=insight.product_id,
        day=(insight.updated_at or insight.created_at).date() if insight.pk else None,
        title=insight.title[:300],
        text=f"{insight.title}\n\n{insight.description}".strip(),
    )


def reindex_workspace(workspace) -> int:
    """Build every entry of ``workspace`` anew (after a restore, or a change of rules)."""
    SearchEntry.objects.filter(workspace=workspace).delete()
    conversations = Conversation.objects.filter(workspace=workspace)
    for conversation in conversations.iterator():
        index_conversation(conversation)
    transcripts = Attachment.objects.filter(
        conversation__workspace=workspace, kind=AttachmentKind.TRANSCRIPT
    ).select_related("conversation")
    for attachment in transcripts.iterator():
        index_attachment(attachment)
    quotes = Quote.objects.filter(conversation__workspace=workspace).select_related(
        "conversation__organisation", "participant__organisation"
    )
    for quote in quotes.iterator():
        index_quote(quote)
    for insight in Insight.objects.filter(workspace=workspace).iterator():
        index_insight(insight)
    return SearchEntry.objects.filter(workspace=workspace).count()


def forget_deleted() -> None:
    """After entries were deleted for a withdrawn person: on SQLite, merge the FTS index
    so no segment keeps their words (FTS5 otherwise keeps deleted tokens until a merge).
    PostgreSQL's index holds no text of its own beyond the table's rows."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO research_search_fts(research_search_fts) VALUES ('optimize')"
            )


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PG_PHRASE = "(phraseto_tsquery('german', %s) || phraseto_tsquery('english', %s))"


def entries_mentioning(workspace, traces: list[str]) -> QuerySet:
    """The workspace's entries whose text may hold one of ``traces`` (a name, an email
    address, a phone number), found through the full-text index rather than by reading
    every text: a superset (each is checked by the caller) of the entries holding a trace
    as written. On SQLite each trace is a phrase of its words, the first word left out
    when there are several (so a trace glued to a word before it is found too) and the
    last one a prefix; on PostgreSQL the phrase of the trace as its parser reads the
    texts (an email address one word), in German and English word forms."""
    phrases = [_TOKEN.findall(trace.lower()) for trace in traces]
    phrases = [words for words in phrases if words]
    entries = SearchEntry.objects.filter(workspace=workspace)
    if not phrases:
        return entries.none()
    if connection.vendor == "postgresql":
        query = " || ".join([_PG_PHRASE] * len(phrases))
        params = [value for trace in traces if _TOKEN.search(trace) for value in (trace, trace)]
        # The SQL is constant; the traces travel as bound parameters.
        matches = RawSQL(  # noqa: S611
            f"research_searchentry.vector @@ ({query})", params, output_field=BooleanField()
        )
        return entries.filter(matches)
    match = " OR ".join(
        '"' + " ".join(words[1:] if len(words) > 1 else words) + '"*' for words in phrases
    )
    # A subquery, not a list of ids: a common name may be in tens of thousands of texts.
    # The SQL is constant; the phrases travel as a bound parameter.
    matching = RawSQL(
        "SELECT rowid FROM research_search_fts WHERE research_search_fts MATCH %s", [match]
    )
    return entries.filter(pk__in=matching)


# --- searching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    kinds: tuple[str, ...] = ()
    segment: int | None = None
    persona: int | None = None
    tag: int | None = None
    product: int | None = None
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Hit:
    kind: str
    entry_id: int
    title: str
    excerpt: SafeString
    day: date | None
    source: str
    conversation_id: int | None
    quote_id: int | None
    insight_id: int | None
    attachment_id: int | None
    participant_id: int | None

    @property
    def is_second_hand(self) -> bool:
        return self.source == "second_hand"

    @property
    def kind_label(self) -> str:
        return str(SearchKind(self.kind).label)


@dataclass(frozen=True)
class Results:
    words: list[str]
    hits: list[Hit] = field(default_factory=list)
    # Matches counted, at most ``COUNT_LIMIT + 1`` (then there are more than ``COUNT_LIMIT``
    # and only the newest ``CANDIDATES`` of them were ranked).
    total: int = 0
    offset: int = 0
    limit: int = 20

    @property
    def more_than_counted(self) -> bool:
        return self.total > COUNT_LIMIT

    @property
    def count_limit(self) -> int:
        return COUNT_LIMIT

    @property
    def first(self) -> int:
        """The number of the first hit shown (1-based)."""
        return self.offset + 1

    @property
    def last(self) -> int:
        return self.offset + len(self.hits)

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < min(self.total, CANDIDATES)

    @property
    def previous_offset(self) -> int:
        return max(0, self.offset - self.limit)

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit


_PG_QUERY = "(to_tsquery('german', %s) || to_tsquery('english', %s))"
_PG_MATCH = "research_searchentry.vector @@ " + _PG_QUERY
_PG_RANK = "ts_rank(research_searchentry.vector, " + _PG_QUERY + ")"


def _matching(queryset: QuerySet, words: list[str]) -> QuerySet:
    if connection.vendor == "postgresql":
        # Words are letters and digits only (``words_of``), so quoting each is safe.
        terms = " & ".join(f"'{w}':*" for w in words)
        # The SQL is constant; the words travel as bound parameters.
        matches = RawSQL(_PG_MATCH, [terms, terms], output_field=BooleanField())  # noqa: S611
        rank = RawSQL(_PG_RANK, [terms, terms], output_field=FloatField())  # noqa: S611
        return queryset.filter(matches).annotate(rank=rank)
    match = " AND ".join(f'"{w}"*' for w in words)
    # Joined with the FTS table, whose MATCH runs once (``_fts_first`` makes it the outer
    # loop); bm25() of the joined row ranks. The SQL is constant; the words are a parameter.
    return queryset.extra(
        tables=["research_search_fts"],
        where=[
            "research_search_fts.rowid = research_searchentry.id",
            "research_search_fts MATCH %s",
        ],
        params=[match],
        select={"rank": "-bm25(research_search_fts)"},
    )


_ENTRIES = 'FROM "research_searchentry"'
_FTS_LAST = ', "research_search_fts"'  # where Django puts the extra table, after any joins
_FTS_FIRST = 'FROM "research_search_fts" CROSS JOIN "research_searchentry"'


def _fts_first(queryset: QuerySet) -> tuple[str, tuple]:
    """SQLite: the query's SQL with the FTS table as the outer loop. Left to itself the
    planner walks the entries by an index (the workspace's, a segment's) and runs the
    whole MATCH again for each of them, which grows with the square of the index; a CROSS
    JOIN keeps SQLite's order: one MATCH, then each matching entry by its id."""
    sql, params = queryset.query.sql_with_params()
    if sql.count(_ENTRIES) != 1 or sql.count(_FTS_LAST) != 1:
        raise AssertionError("the search query no longer joins the FTS table as expected")
    return sql.replace(_FTS_LAST, "", 1).replace(_ENTRIES, _FTS_FIRST, 1), params


def visible_entries(workspace, user) -> QuerySet:
    """The workspace's entries ``user`` may find: quotes of a participant without valid
    consent to quoting only for the conversation's interviewers."""
    quotable = Consent.objects.valid().filter(
        participant=OuterRef("participant"), purpose=Purpose.QUOTING
    )
    interviewed = Conversation.objects.filter(interviewers=user).values("pk")
    return SearchEntry.objects.filter(workspace=workspace).filter(
        ~Q(kind=SearchKind.QUOTE)
        | Q(participant__isnull=True)
        | Exists(quotable)
        | Q(conversation__in=interviewed)
    )


def _filtered(queryset: QuerySet, filters: Filters) -> QuerySet:
    if filters.kinds:
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.segment:
        queryset = queryset.filter(segment_id=filters.segment)
    if filters.persona:
        queryset = queryset.filter(persona_id=filters.persona)
    if filters.product:
        queryset = queryset.filter(product_id=filters.product)
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    if filters.date_from:
        queryset = queryset.filter(day__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(day__lte=filters.date_to)
    if filters.tag:
        queryset = queryset.filter(kind=SearchKind.QUOTE, quote__tags=filters.tag)
    return queryset


def excerpt(text: str, words: list[str], size: int = EXCERPT_CHARS) -> SafeString:
    """About ``size`` characters of ``text`` around the first word that matches, the
    matching words marked (``<mark>``), everything else escaped."""
    if not words:
        return mark_safe(escape(text[:size]))  # noqa: S308 - escaped just now
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = 0
    if first is not None:
        start = max(0, first.start() - size // 3)
        while start > 0 and not text[start - 1].isspace() and first.start() - start < size // 2:
            start -= 1
    window = text[start : start + size]
    parts, last = [], 0
    for found in pattern.finditer(window):
        parts.append(escape(window[last : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    parts.append(escape(window[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every part escaped


# PostgreSQL: the matches are first looked for among this many newest entries that pass
# the filters on columns (kind, segment, dates …).
RECENT = 20_000
# What the search query reads of an entry in the window (not its text and title).
_WINDOW_COLUMNS = [
    field.attname
    for field in SearchEntry._meta.concrete_fields
    if field.name not in ("title", "text")
]
_PG_CANDIDATES = (
    "SELECT candidate.id, ts_rank(candidate.vector, " + _PG_QUERY + "), candidate.day "
    "FROM research_searchentry candidate WHERE candidate.id IN ({newest})"
)


def _newest_matches(
    entries: QuerySet, workspace_id: int, filters: Filters
) -> list[tuple[int, float, date | None]]:
    """``(id, rank, day)`` of the newest ``CANDIDATES + 1`` matching entries, the rank
    computed for those alone."""
    if connection.vendor == "sqlite":
        # FTS5 hands the matches over in descending rowid order itself (no sort), and the
        # LIMIT stops the walk, so bm25() runs for these rows only.
        newest = entries.extra(select={"hit": "research_search_fts.rowid"}).order_by("-hit")
        sql, params = _fts_first(newest.values_list("pk", "rank", "day")[: CANDIDATES + 1])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [(pk, rank, _as_date(day)) for pk, rank, day in rows]
    # The newest matches' ids in a subquery that is the query as built (its match names
    # the table, so it cannot be an aliased subquery of the same table: it would test the
    # outer row and run once per entry), ranked by the outer query for these rows alone.
    # First the query reads, instead of the table, its ``RECENT`` newest entries that pass
    # the filters on columns, walked newest first so it stops at the candidates: the
    # planner, misjudging how many entries a prefix matches, would otherwise fetch every
    # match through the full-text index and sort them (two words in 30,000 texts: 100 to
    # 300 ms). Only when those entries hold too few matches, the planner's own way.
    sql, params = entries.order_by("-pk").values("pk")[: CANDIDATES + 1].query.sql_with_params()
    window = (
        _filtered(SearchEntry.objects.filter(workspace_id=workspace_id), filters)
        .extra(select={"vector": "research_searchentry.vector"})
        .order_by("-pk")
        .values(*_WINDOW_COLUMNS, "vector")[:RECENT]
    )
    window_sql, window_params = window.query.sql_with_params()
    if sql.count(_ENTRIES) != 1:
        raise AssertionError("the search query no longer reads the entries as expected")
    recent = sql.replace(_ENTRIES, f'FROM ({window_sql}) "research_searchentry"', 1)
    rank_params = entries.query.annotations["rank"].params
    with connection.cursor() as cursor:
        cursor.execute(
            _PG_CANDIDATES.format(newest=recent), (*rank_params, *window_params, *params)
        )
        rows = cursor.fetchall()
        if len(rows) <= CANDIDATES:
            cursor.execute(_PG_CANDIDATES.format(newest=sql), (*rank_params, *params))
            rows = cursor.fetchall()
    return [(pk, rank, day) for pk, rank, day in rows]


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _ranked(candidates: list[tuple[int, float, date | None]]) -> list[int]:
    """Ids by rank, then day, then id, each descending, with the database's own place for
    an entry without a day (last on SQLite, first on PostgreSQL, as its ORDER BY would)."""
    undated_first = connection.vendor == "postgresql"

    def key(row: tuple[int, float, date | None]) -> tuple:
        pk, rank, day = row
        undated = day is None
        return (
            -rank,
            not undated if undated_first else undated,
            -(day or date.min).toordinal(),
            -pk,
        )

    return [row[0] for row in sorted(candidates, key=key)]


def search(
    *, workspace, user, query: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0
) -> Results:
    """The entries matching ``query`` that ``user`` may find (see the module docstring):
    the hits ``offset`` to ``offset + limit`` of the ranked candidates, in two queries."""
    words = words_of(query)
    if not words:
        return Results(words=[], limit=limit)
    entries = _matching(_filtered(visible_entries(workspace, user), filters), words)
    candidates = sorted(_newest_matches(entries, workspace.pk, filters), key=lambda row: -row[0])
    total = len(candidates)
    shown = _ranked(candidates[:CANDIDATES])[offset : offset + limit]
    found = SearchEntry.objects.in_bulk(shown) if shown else {}
    hits = [
        Hit(
            kind=entry.kind,
            entry_id=entry.pk,
            title=entry.title,
            excerpt=excerpt(entry.text, words),
            day=entry.day,
            source=entry.source,
            conversation_id=entry.conversation_id,
            quote_id=entry.quote_id,
            insight_id=entry.insight_id,
            attachment_id=entry.attachment_id,
            participant_id=entry.participant_id,
        )
        for entry in (found[pk] for pk in shown if pk in found)
    ]
    return Results(words=words, hits=hits, total=total, offset=offset, limit=limit)
