"""The shortcuts that make large files quick give what the plain reading gives.

``parse_date`` reads ``YYYY-MM-DD`` without its regular expression, ``column_parts`` finds
the ``a/b/yyyy`` cells of a whole column in one search, and the reader builds items in bulk;
each is compared here with the straightforward per-value computation.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from leitstern.engines.forecast import parse_items
from leitstern.engines.forecast.dates import (
    _ISO,
    column_parts,
    needs_order,
    numeric_parts,
    order_from_parts,
    parse_date,
    parts_need_order,
)
from leitstern.engines.forecast.readers import Item, _item

from .helpers import TODAY

_SPACE = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\n", "\x1c"])
_DIGITS = st.text(st.sampled_from("0123456789١٢²"), min_size=1, max_size=5)
_CELLS = st.one_of(
    st.builds(
        lambda s1, a, x, b, y, c, tail, s2: f"{s1}{a}{x}{b}{y}{c}{tail}{s2}",
        _SPACE, _DIGITS, st.sampled_from("/-.T "), _DIGITS, st.sampled_from("/-. "), _DIGITS,
        st.sampled_from(["", " 10:15", ",", "T10:15Z", "x", " PM", "\x00"]), _SPACE,
    ),
    st.text(max_size=12),
)  # fmt: skip


def _iso_regex(text: str) -> date | None:
    text = text.strip().strip('"').strip()
    match = _ISO.match(text)
    if match is None:
        return None
    y, m, d = match.groups()
    return date(int(y), int(m), int(d))


@settings(max_examples=200, deadline=None)
@given(_CELLS)
def test_iso_dates_read_the_same_with_and_without_the_regular_expression(text):
    try:
        expected = _iso_regex(text)
    except ValueError as exc:
        expected = exc
    if expected is None:
        return  # not ISO: both take the other formats' path
    try:
        got = parse_date(text)
    except ValueError as exc:
        got = exc
    if isinstance(expected, ValueError):
        assert isinstance(got, ValueError) and str(got) == str(expected)
    else:
        assert got == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELLS.filter(lambda c: "\x00" not in c), max_size=8))
def test_a_columns_slash_dates_are_found_in_one_search_as_cell_by_cell(cells):
    parts = {p for p in map(numeric_parts, cells) if p is not None}
    assert column_parts(cells) == parts
    assert parts_need_order(parts) == any(needs_order(c) for c in cells)
    try:
        expected = order_from_parts(parts)
    except ValueError:
        expected = "contradiction"
    day_first = any(a > 12 for a, _ in parts)
    month_first = any(b > 12 for _, b in parts)
    assert expected == (
        "contradiction" if day_first and month_first
        else "dmy" if day_first else "mdy" if month_first else None
    )  # fmt: skip


def test_items_built_in_bulk_equal_the_dataclass():
    args = ("A-1", date(2026, 1, 5), None, date(2026, 1, 1), date(2026, 1, 3))
    fast, plain = _item(*args), Item(*args)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert dataclasses.asdict(fast) == dataclasses.asdict(plain)


def test_rows_with_problems_keep_their_numbers_and_order_among_good_rows():
    text = (
        "Issue key,Summary,Created,Start date,Resolved\n"
        "A-1,one,2026-01-01 09:00,2026-01-02,2026-01-05 17:00\n"
        "A-2,,2026-01-01,,\n"  # open: skipped, its creation date is an arrival
        "\n"  # blank lines are dropped before rows are numbered
        "A-3,three,2026-01-01,2026-01-09,2026-01-05\n"  # started after done
        "A-4,four,2026-01-01,,2030-01-01\n"  # done in the future
        ",five,,,2026-02-01\n"  # no key: named by its row
        "A-6,six,yesterday,,2026-02-02\n"  # unreadable creation date
        "A-1,again,2025-12-30,,2026-01-04\n"  # duplicate: the earliest completion wins
        "A-8,eight\n"  # short row: no dates at all
    )
    r = parse_items(text.encode(), today=TODAY)
    assert [(i.key, i.done, i.title, i.created, i.started) for i in r.items] == [
        ("A-1", date(2026, 1, 4), "one", date(2025, 12, 30), date(2026, 1, 2)),
        ("row 6", date(2026, 2, 1), "five", None, None),
    ]
    assert [(p.row, p.code) for p in r.errors] == [
        (4, "done_before_start"), (5, "future_date"), (7, "bad_date"),
    ]  # fmt: skip
    assert [(p.row, p.code) for p in r.skipped] == [(3, "not_done"), (9, "not_done")]
    assert r.arrivals == (date(2026, 1, 1), date(2025, 12, 30))
    assert r.rows == 8 and r.duplicates == 1
