"""The full-text index of ``SearchEntry``: on PostgreSQL a generated ``tsvector`` column
with German and English stems and a GIN index on it; on SQLite an FTS5 table over the
entries' text, kept in step by triggers. Other databases are not supported by Leitstern."""

from django.db import migrations

POSTGRES = [
    """
    ALTER TABLE research_searchentry ADD COLUMN vector tsvector
    GENERATED ALWAYS AS (to_tsvector('german', text) || to_tsvector('english', text)) STORED
    """,
    "CREATE INDEX research_search_vector ON research_searchentry USING GIN (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS research_search_vector",
    "ALTER TABLE research_searchentry DROP COLUMN IF EXISTS vector",
]

SQLITE = [
    """
    CREATE VIRTUAL TABLE research_search_fts USING fts5(
        text, content='research_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER research_search_ai AFTER INSERT ON research_searchentry BEGIN
        INSERT INTO research_search_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    """
    CREATE TRIGGER research_search_ad AFTER DELETE ON research_searchentry BEGIN
        INSERT INTO research_search_fts(research_search_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
    END
    """,
    """
    CREATE TRIGGER research_search_au AFTER UPDATE OF text ON research_searchentry BEGIN
        INSERT INTO research_search_fts(research_search_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO research_search_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS research_search_au",
    "DROP TRIGGER IF EXISTS research_search_ad",
    "DROP TRIGGER IF EXISTS research_search_ai",
    "DROP TABLE IF EXISTS research_search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
