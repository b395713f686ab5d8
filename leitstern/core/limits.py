"""Documented bounds on what Leitstern accepts, in one place.

Every form, API schema and importer checks its input against these instead of inventing its
own numbers, so an absurd value (a date in year 1, ``10**12`` items, a 100 MB field) gets a
clear message instead of a slow page or a crash. ``docs/api.md`` lists the same numbers.
"""

from __future__ import annotations

from datetime import date, datetime

# Dates anywhere in the product (work items, metric values, cycles, conversations …).
MIN_DATE = date(1970, 1, 1)
MAX_DATE = date(2100, 12, 31)

# Integers stored in the database fit a signed 64-bit column; counts a person types are far
# smaller. Forecast questions: how many items a backlog may hold.
MAX_BIGINT = 2**63 - 1
MAX_ITEMS = 1_000_000
# Measured values (metric values, key result baselines and targets, check-ins): finite, and
# small enough that differences and ratios of two of them stay finite too.
MAX_MAGNITUDE = 1e15
# Random seeds of simulations: any non-negative 64-bit number.
MAX_SEED = MAX_BIGINT
# How many entries a list of choices in one request may hold (holidays, confidence levels,
# ids of team members or products); bulk lists have their own limits below.
MAX_LIST_ITEMS = 1_000

# Text: one line (names, titles) and one free-text field (notes, descriptions).
MAX_LINE_CHARS = 300
MAX_TEXT_CHARS = 20_000

# Request bodies (JSON API and forms without files) and uploaded files.
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

# Bulk writes through the API and rows in one imported file.
MAX_BULK_ITEMS = 10_000
MAX_BULK_VALUES = 20_000
MAX_IMPORT_ROWS = 200_000
# One cell of an imported file (a longer field is a broken or hostile file: spreadsheets and
# Jira hold at most 32,767 characters in a cell), and cells in one row of it (Jira's "all
# fields" export has a few hundred).
MAX_FIELD_CHARS = 32_768
MAX_IMPORT_COLUMNS = 2_000

# Lists the API answers page by page: ``limit`` rows from ``offset`` (a page shorter than
# ``limit`` is the last). Objectives carry their key results, so their pages are smaller.
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1_000
OBJECTIVES_PAGE_SIZE = 50
MAX_OBJECTIVES_PAGE_SIZE = 100


def date_in_range(value: date) -> bool:
    """True when ``value`` (a date, or a datetime: its day) lies within the dates Leitstern
    accepts."""
    if isinstance(value, datetime):
        value = value.date()  # a datetime is a date, but does not compare with one
    return MIN_DATE <= value <= MAX_DATE
