"""An index over each activity entry's text (its label, note and recorded changes) that
finds the entries which may contain a given string, so erasing a person reads those
entries instead of the whole log. It only narrows: the erasure confirms every candidate
with the same case-insensitive match as before (``customers.erasure``).

* SQLite: an FTS5 table with the trigram tokenizer, kept in step by triggers. A phrase of
  at least three characters matches wherever the string stands, inside words too, and
  letters fold case beyond ASCII (more than ``LIKE`` does).
* PostgreSQL (no extension): a GIN index on a ``tsvector`` whose lexemes are every suffix
  of every run of letters and digits of the upper-cased text. A string is contained only
  if each of its runs is the beginning of such a suffix, which a prefix query finds. Text
  above ``LIMIT`` characters or a run above ``RUN`` characters gets the lexeme ``0LONG0``
  instead, which every search includes.

Other databases are not supported by Leitstern."""

from django.db import migrations

POSTGRES = [
    """
    CREATE FUNCTION activity_trace_terms(label text, note text, changes jsonb)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
            WHEN length(label) + length(note) + length(changes::text) > 8000
                THEN array_to_tsvector(ARRAY['0LONG0'])
            ELSE coalesce((
                SELECT array_to_tsvector(array_agg(DISTINCT
                    CASE WHEN length(run) > 40 THEN '0LONG0' ELSE substr(run, i) END))
                FROM regexp_split_to_table(
                    upper(label || ' ' || note || ' ' || changes::text), '[^[:alnum:]]+'
                ) AS run, generate_series(1, least(length(run), 40)) AS i
                WHERE run <> ''
            ), ''::tsvector)
        END
    $$
    """,
    """
    CREATE INDEX activity_trace ON activity_activityentry
    USING GIN (activity_trace_terms(target_label, note, changes))
    """,
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS activity_trace",
    "DROP FUNCTION IF EXISTS activity_trace_terms(text, text, jsonb)",
]

SQLITE = [
    """
    CREATE VIRTUAL TABLE activity_trace_fts USING fts5(
        text, content='', tokenize='trigram'
    )
    """,
    """
    INSERT INTO activity_trace_fts(rowid, text)
    SELECT id, target_label || char(10) || note || char(10) || changes
    FROM activity_activityentry
    """,
    """
    CREATE TRIGGER activity_trace_ai AFTER INSERT ON activity_activityentry BEGIN
        INSERT INTO activity_trace_fts(rowid, text)
        VALUES (new.id, new.target_label || char(10) || new.note || char(10) || new.changes);
    END
    """,
    """
    CREATE TRIGGER activity_trace_ad AFTER DELETE ON activity_activityentry BEGIN
        INSERT INTO activity_trace_fts(activity_trace_fts, rowid, text)
        VALUES ('delete', old.id,
                old.target_label || char(10) || old.note || char(10) || old.changes);
    END
    """,
    """
    CREATE TRIGGER activity_trace_au
    AFTER UPDATE OF target_label, note, changes ON activity_activityentry BEGIN
        INSERT INTO activity_trace_fts(activity_trace_fts, rowid, text)
        VALUES ('delete', old.id,
                old.target_label || char(10) || old.note || char(10) || old.changes);
        INSERT INTO activity_trace_fts(rowid, text)
        VALUES (new.id, new.target_label || char(10) || new.note || char(10) || new.changes);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS activity_trace_au",
    "DROP TRIGGER IF EXISTS activity_trace_ad",
    "DROP TRIGGER IF EXISTS activity_trace_ai",
    "DROP TABLE IF EXISTS activity_trace_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("activity", "0004_entries_by_target")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
