"""Forgetting a person everywhere Leitstern keeps text about them: what the erasure of a
contact (here) and of a research participant (``research.services``) share.

A *trace* is a piece of text that identifies the person: their name, email address or
phone number. Traces are replaced by ``ERASED`` wherever they are found, case-insensitively,
in the places given; objects about the person are relabelled."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

ERASED = "[erased]"
BATCH = 500  # ids per statement


def traces_of(*values: str) -> list[str]:
    """The non-empty values, longest first (so a full name is replaced before a part of
    it), without repeats."""
    found = {value.strip() for value in values if value and value.strip()}
    return sorted(found, key=len, reverse=True)


def scrub(text: str, traces: Iterable[str], replacement: str = ERASED) -> str:
    """``text`` with every trace replaced, wherever it stands ("Anna Bergers Shop")."""
    for trace in traces:
        text = re.sub(re.escape(trace), replacement, text, flags=re.IGNORECASE)
    return text


def scrub_words(text: str, words: Iterable[str], replacement: str = ERASED) -> str:
    """``text`` with each of ``words`` (a first or last name alone) replaced where it is a
    word of its own or one with a genitive s ("Anna", "Annas"), not inside another word
    ("Annahme")."""
    for word in words:
        pattern = rf"(?<!\w){re.escape(word)}s?(?!\w)"
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def scrub_value(value: Any, traces: list[str]) -> Any:
    """``scrub`` through JSON-like data (strings in lists and dicts, keys included)."""
    if isinstance(value, str):
        return scrub(value, traces)
    if isinstance(value, list):
        return [scrub_value(item, traces) for item in value]
    if isinstance(value, dict):
        return {scrub_value(k, traces): scrub_value(v, traces) for k, v in value.items()}
    return value


def contains(text: str, traces: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(trace.lower() in lowered for trace in traces)


def _text_match(field: str, traces: list[str]) -> Q:
    condition = Q()
    for trace in traces:
        condition |= Q(**{f"{field}__icontains": trace})
    return condition


def _json_match(field: str, traces: list[str]) -> Q:
    # SQLite keeps JSON as written by Python, non-ASCII letters escaped (\u00fc);
    # PostgreSQL's jsonb reads back as plain text. Look for both spellings.
    condition = Q()
    for trace in traces:
        condition |= Q(**{f"{field}__icontains": trace})
        escaped = json.dumps(trace)[1:-1]
        if escaped != trace:
            condition |= Q(**{f"{field}__icontains": escaped})
    return condition


def _spellings(traces: list[str]) -> list[str]:
    """The traces and their spelling inside JSON (``_json_match``)."""
    found = dict.fromkeys(traces)
    found.update(dict.fromkeys(json.dumps(trace)[1:-1] for trace in traces))
    return list(found)


def _may_mention(traces: list[str]) -> Q:
    """The activity entries that may contain one of ``traces`` in their label, note or
    changes, by the index of migration ``activity.0005_trace_index``: a superset of those
    ``_text_match``/``_json_match`` find, which still decide. ``Q()`` (every entry) where the
    index cannot tell."""
    from django.db import connection

    spellings = _spellings(traces)
    if connection.vendor == "sqlite":
        # Trigrams: a phrase of three or more characters matches wherever it stands.
        if any(len(spelling) < 3 for spelling in spellings):
            return Q()
        phrases = " OR ".join('"' + spelling.replace('"', '""') + '"' for spelling in spellings)
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM activity_trace_fts WHERE activity_trace_fts MATCH %s",
                [phrases],
            )
        )
    if connection.vendor == "postgresql":
        # Each run of letters and digits of a contained string begins a suffix of one of
        # the text's runs; the runs are cut by the database's own upper() and [[:alnum:]].
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT coalesce(string_agg(quote_literal(run) || ':*', ' & '), '') "
                "FROM regexp_split_to_table(upper(spelling), '[^[:alnum:]]+') AS run "
                "WHERE run <> '') FROM unnest(%s::text[]) AS spelling",
                [spellings],
            )
            queries = [row[0] for row in cursor.fetchall()]
        if not all(queries):  # a string without letters or digits: no narrowing
            return Q()
        query = " | ".join(f"({part})" for part in queries) + " | '0LONG0'"
        return Q(
            pk__in=RawSQL(
                "SELECT id FROM activity_activityentry "
                "WHERE activity_trace_terms(target_label, note, changes) @@ %s::tsquery",
                [query],
            )
        )
    return Q()


def merge_activity_index() -> None:
    """After an erasure's commit: have the activity log's text index merged in the
    background (``activity.tasks.merge_trace_index``), so no segment keeps the trigrams of
    the rewritten texts and the request does not wait for the merge."""
    from leitstern.activity.tasks import merge_trace_index

    merge_trace_index.enqueue()


def forget_in_activity(
    *, workspace, targets: Mapping[str, Mapping[int, str]], traces: list[str]
) -> int:
    """Rewrite the workspace's activity entries: those about one of ``targets``
    (``{target type: {id: new label}}``) get the new label and lose their recorded
    changes; any other entry that mentions a trace in its label, note or changes has it
    replaced. Returns how many entries changed."""
    from leitstern.activity.models import ActivityEntry

    entries = ActivityEntry.objects.filter(workspace=workspace)
    changed = 0
    for target_type, labels in targets.items():
        # One statement per label and batch of ids (a participant's 500 quotes share one),
        # not one per object: each walks the workspace's log.
        by_label: dict[str, list[int]] = {}
        for target_id, label in labels.items():
            by_label.setdefault(str(label)[:300], []).append(target_id)
        for label, ids in by_label.items():
            for start in range(0, len(ids), BATCH):
                # By the object alone (its entries are its workspace's): the target index.
                changed += ActivityEntry.objects.filter(
                    target_type=target_type, target_id__in=ids[start : start + BATCH]
                ).update(target_label=label, changes={})
    if changed:  # the old labels' trigrams, and below the traces'
        transaction.on_commit(merge_activity_index)
    if not traces:
        return changed
    mentioning = (
        entries.filter(_may_mention(traces))
        .annotate(changes_text=Cast("changes", TextField()))
        .filter(
            _text_match("target_label", traces)
            | _text_match("note", traces)
            | _json_match("changes_text", traces)
        )
        .only("pk", "target_label", "note", "changes")
    )
    for entry in mentioning:
        entries.filter(pk=entry.pk).update(
            target_label=scrub(entry.target_label, traces)[:300],
            note=scrub(entry.note, traces),
            changes=scrub_value(entry.changes, traces),
        )
        if not changed:
            transaction.on_commit(merge_activity_index)
        changed += 1
    return changed


def forget_in_imports(*, workspace, prefix: str, traces: list[str]) -> int:
    """Uploaded files of importers named ``prefix…`` that the import flow still keeps
    (a preview not yet confirmed, a sample of rows on a finished job's page): a file that
    mentions a trace loses its bytes and staged rows, and its preview the trace."""
    from leitstern.core.imports.models import ImportJob

    if not traces:
        return 0
    changed = 0
    jobs = ImportJob.objects.filter(workspace=workspace, importer__startswith=prefix)
    for job in jobs.only("pk", "data", "staged", "preview", "filename"):
        raw = bytes(job.data or b"")
        text = raw.decode("utf-8", errors="ignore") + raw.decode("cp1252", errors="ignore")
        preview = json.dumps(job.preview, ensure_ascii=False)
        staged = bool(job.staged) and _staged_mentions(job, traces)
        if contains(text, traces) or contains(preview, traces) or staged:
            ImportJob.objects.filter(pk=job.pk).update(
                data=b"",
                staged=b"",
                preview=scrub_value(job.preview, traces),
                filename=scrub(job.filename, traces),
            )
            changed += 1
    return changed


def _staged_mentions(job, traces: list[str]) -> bool:
    try:
        rows = json.loads(zlib.decompress(bytes(job.staged)))
    except (zlib.error, ValueError):
        return True  # unreadable: drop it rather than keep what cannot be checked
    return contains(json.dumps(rows, ensure_ascii=False), traces)


def forget_in_task_queue(*, traces: list[str]) -> int:
    """Background tasks (queued or finished e-mails to the person, with their address and
    name) that mention a trace are deleted: an erased person gets no more e-mail, and no
    record of one keeps their address. Only with the database task queue; the immediate
    one keeps nothing."""
    from django.apps import apps

    if not traces or not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.annotate(text=Cast("args_kwargs", TextField())).filter(
        _json_match("text", traces)
    )
    deleted, _by_model = rows.delete()
    return deleted
