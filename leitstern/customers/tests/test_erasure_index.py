"""The index that narrows an erasure's search of the activity log (migration
``activity.0005_trace_index``) finds every entry the plain case-insensitive scan finds:
names inside sentences and words, umlauts, e-mail addresses, phone numbers, text in the
recorded changes (keys too, and JSON's escaped spelling), long texts, and entries written
or changed after the migration. The scan still decides; the index only narrows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import TextField
from django.db.models.functions import Cast

from leitstern.activity.models import ActivityEntry
from leitstern.customers import erasure

pytestmark = pytest.mark.django_db

NAME = "Jörg Übel"
EMAIL = "joerg.uebel@nordwind.example"
PHONE = "+49 170 1234567"
TRACES = erasure.traces_of(NAME, EMAIL, PHONE)

MENTIONING: list[dict[str, Any]] = [
    {"note": "Called Jörg Übel about the invoice."},
    {"target_label": "Jörg Übel"},
    {"note": "jörg übel"},
    {"note": "Laut xJörg Übelsen"},
    {"note": "Jörg Übel, then nothing"},
    {"note": "then only Jörg Übel"},
    {"changes": {"contact": ["", "Jörg Übel"]}},
    {"changes": {"Jörg Übel": ["a", "b"]}},
    {"changes": {"notes": ["", "Schreibt an joerg.uebel@nordwind.example gern."]}},
    {"note": "Mail:<JOERG.UEBEL@NORDWIND.EXAMPLE>"},
    {"note": "Tel.+49 170 1234567 (mobil)"},
    {"changes": {"phone": ["+49 170 1234567", ""]}},
    {"note": "Kontakt:+49 170 12345678"},
    {"note": "Lange Notiz. " * 700 + "Zuletzt Jörg Übel."},
    {"note": "x" * 60 + "+49 170 1234567" + "y" * 60},
]
UNRELATED: list[dict[str, Any]] = [
    {"note": "Jörg Ubel is someone else"},
    {"note": "Übel allein"},
    {"note": "0049 170 1234567"},
    {"changes": {"notes": ["", "Ganz andere Worte"]}},
]


def _entry(world, **fields) -> ActivityEntry:
    values = {"kind": "customers.person.changed", "target_type": "customers.person"}
    values.setdefault("target_label", "Someone")
    return ActivityEntry.objects.create(workspace=world.workspace, **{**values, **fields})


def _scan(traces: list[str]) -> set[int]:
    """What the erasure searched before the index: every entry, matched by ``icontains``."""
    found = (
        ActivityEntry.objects.annotate(changes_text=Cast("changes", TextField()))
        .filter(
            erasure._text_match("target_label", traces)
            | erasure._text_match("note", traces)
            | erasure._json_match("changes_text", traces)
        )
        .values_list("pk", flat=True)
    )
    return set(found)


def _candidates(traces: list[str]) -> set[int]:
    found = ActivityEntry.objects.filter(erasure._may_mention(traces))
    return set(found.values_list("pk", flat=True))


def test_every_entry_the_scan_finds_is_a_candidate(world):
    mentioning = [_entry(world, **fields).pk for fields in MENTIONING]
    unrelated = [_entry(world, **fields).pk for fields in UNRELATED]
    scanned = _scan(TRACES)
    assert scanned >= {pk for pk in mentioning if pk != mentioning[2]}  # "jörg": ASCII LIKE
    assert scanned.isdisjoint(unrelated)
    candidates = _candidates(TRACES)
    assert candidates >= scanned
    for trace in TRACES:  # each alone as well
        assert _candidates([trace]) >= _scan([trace])
    # It narrows: entries without the trace's words are not read (PostgreSQL's words
    # take "0049 170 …" for a candidate, which the scan then turns down).
    assert candidates.isdisjoint([unrelated[1], unrelated[3]])


def test_entries_changed_after_writing_are_found_and_scrubbed_ones_no_longer(world):
    entry = _entry(world, note="Nichts")
    assert entry.pk not in _candidates(TRACES)
    ActivityEntry.objects.filter(pk=entry.pk).update(note="Neu: Jörg Übel")
    assert entry.pk in _candidates(TRACES) and entry.pk in _scan(TRACES)
    changed = erasure.forget_in_activity(workspace=world.workspace, targets={}, traces=TRACES)
    assert changed == 1
    entry.refresh_from_db()
    assert entry.note == "Neu: [erased]"
    assert entry.pk not in _candidates(TRACES)
    ActivityEntry.objects.filter(pk=entry.pk).delete()
    assert _candidates(TRACES) == set()


def test_the_erasure_leaves_no_trace_in_the_log(world):
    for fields in MENTIONING + UNRELATED:
        _entry(world, **fields)
    erasure.forget_in_activity(workspace=world.workspace, targets={}, traces=TRACES)
    assert _scan(TRACES) == set()


@pytest.mark.parametrize("traces", [["Al"], ["---"], ["Anna"], ["Ann"]])
def test_short_or_odd_traces_are_still_found(world, traces):
    """Under three characters (SQLite's trigrams) or without letters and digits
    (PostgreSQL's runs) the index cannot narrow, and every entry is read."""
    pks = [
        _entry(world, note=text).pk
        for text in ["Al", "Hallo", "---", "a --- b", "Annas Notiz", "xAnnax", "nichts"]
    ]
    assert _candidates(traces) >= _scan(traces)
    assert _scan(traces) & set(pks)


@pytest.mark.parametrize(
    "note",
    [
        # Under PostgreSQL's cut of 8,000 characters, the most suffixes (all different).
        " ".join("𝔘" * 39 + chr(0x1D400 + i) for i in range(190)),
        "𝔘" * 7_900,  # one run far beyond 40 characters
        ("Jörg Übel " + "x" * 39 + " ") * 2_000,  # beyond 8,000 characters
    ],
)
def test_the_largest_texts_are_indexed_and_found(world, note):
    """The index never refuses an entry (a tsvector holds at most 1 MB) and finds the
    traces in what it cuts short."""
    entry = _entry(world, note=note, changes={"notes": ["", "Jörg Übel"]})
    assert entry.pk in _candidates([NAME]) and entry.pk in _scan([NAME])
