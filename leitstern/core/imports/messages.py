"""The kernel's problems and warnings in the reader's language.

Problems are stored with a code and params (a job is read in the worker, without anyone's
language); ``describe`` turns them into a sentence when a page is shown. An importer's own
codes (``Importer.messages``) come first, then the kernel's below; an unknown code falls
back to the stored English message."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from leitstern.core.imports.declaration import Importer

KINDS = {
    "png": _("a PNG image"),
    "jpeg": _("a JPEG image"),
    "gif": _("a GIF image"),
    "pdf": _("a PDF document"),
    "xlsx": _("an Excel workbook (.xlsx)"),
    "xls": _("an Excel workbook (.xls)"),
    "ods": _("a spreadsheet (.ods)"),
    "zip": _("a ZIP archive"),
    "gzip": _("a compressed file (gzip)"),
    "archive": _("a compressed archive"),
    "database": _("a database file"),
    "data": _("binary data"),
}

MESSAGES = {
    # The file as a whole
    "empty": _("The file has no rows."),
    "no_rows": _("The file has a header but no rows."),
    "too_large": _("The file is larger than %(max)s bytes."),
    "binary": _(
        "The file is not a table but %(kind)s. Save the table as CSV (comma- or "
        "semicolon-separated) and upload that."
    ),
    "markup": _(
        "The file is a web page or XML document, not a table. Save the table as CSV and "
        "upload that."
    ),
    "json": _("The file is JSON, not a table. Upload a CSV file."),
    "utf16_without_bom": _(
        "The file looks like UTF-16 text without a byte order mark, which cannot be read "
        "reliably. Save it as UTF-8 (or as UTF-16 with a byte order mark) and upload it again."
    ),
    "bad_encoding": _("The file starts like %(encoding)s text but is not valid %(encoding)s."),
    "truncated_character": _(
        "The file ends in the middle of a character (line %(line)s): it was probably cut off. "
        "Upload the whole file."
    ),
    "nul": _(
        "Line %(line)s holds a NUL character, which a text table never does: the file is not a "
        "table but binary data, or damaged."
    ),
    "huge_field": _(
        "Row %(row)s: a field is longer than %(max)s characters. Perhaps a closing quote is "
        "missing; otherwise shorten the field."
    ),
    "field_too_long": _(
        "Row %(row)s: the field in column “%(column)s” has %(length)s characters; at most "
        "%(max)s are allowed."
    ),
    "unclosed_quote": _(
        "Row %(row)s: a field opens a quote that is never closed; a quote is missing."
    ),
    "bad_quote": _(
        "Row %(row)s: text follows a closing quote. A quote inside a quoted field must be "
        'doubled ("").'
    ),
    "malformed": _("Row %(row)s cannot be read as a table row (%(reason)s)."),
    "too_many_rows": _("The file has more than %(max)s rows; split it into smaller files."),
    "too_many_columns": _("Row %(row)s has %(cells)s cells; at most %(max)s are allowed."),
    "missing_columns": _("Columns missing: %(missing)s. The file's columns are: %(columns)s."),
    "duplicate_column": _(
        "The column “%(column)s” appears more than once in the header; rename or remove the copies."
    ),
    "nothing_to_import": _("No row can be imported; see the problems below."),
    "target_gone": _("What this file was to be imported into no longer exists."),
    "unexpected": _(
        "Something unexpected stopped this import; nothing was saved. Please try again, and "
        "if it happens again, tell your administrator (import %(job)s)."
    ),
    "stalled_reading": _(
        "Reading the file has not moved for %(minutes)s minutes, so it was stopped; nothing "
        "was saved. Upload the file again. If it stops again, ask your administrator whether "
        "the background worker (leitstern worker) is running."
    ),
    "stalled_applying": _(
        "Importing has not moved for %(minutes)s minutes, so it was stopped; nothing was "
        "saved (an import is written all at once or not at all). Upload the file again. If "
        "it stops again, ask your administrator whether the background worker (leitstern "
        "worker) is running."
    ),
    "rows_changed": _("Row %(row)s can no longer be imported, so nothing was saved: %(reason)s"),
    "rejected": _("The import was refused, so nothing was saved: %(reason)s"),
    # One row
    "cells": _("%(found)s cells where %(expected)s are expected."),
    "required": _("“%(column)s” is empty."),
    "date": _("“%(value)s” is not a date (use 2026-03-31 or 31.03.2026)."),
    "date_out_of_range": _("“%(value)s” lies outside %(min)s to %(max)s."),
    "number": _("“%(value)s” is not a number."),
    "too_long": _("“%(column)s” has %(length)s characters; at most %(max)s are allowed."),
    "duplicate": _("The same %(columns)s as row %(first)s."),
    # Warnings
    "mixed_encoding": ngettext_lazy(
        "The file mixes two encodings: row %(rows)s is in Windows-1252, the others in UTF-8. "
        "It was read as Windows-1252; check its special characters (ä, ö, ü, ß, €) before "
        "importing.",
        "The file mixes two encodings: rows %(rows)s are in Windows-1252, the others in "
        "UTF-8. They were read as Windows-1252; check their special characters (ä, ö, ü, ß, "
        "€) before importing.",
        "count",
    ),
    "ignored_columns": _("These columns are not used: %(columns)s."),
    "by_position": _(
        "Not every column is named as expected, so the columns are read in this order: %(columns)s."
    ),
}


def describe(importer: Importer | None, code: str, params: dict | None, fallback: str = "") -> str:
    """``code`` with ``params`` as a sentence in the active language."""
    template = (importer.messages.get(code) if importer else None) or MESSAGES.get(code)
    if template is None:
        return fallback or code
    values: dict[str, Any] = {}
    params = params or {}
    for key, value in params.items():
        if key == "rows" and isinstance(value, list):
            value = describe_rows(value, int(params.get("more") or 0))
        elif key == "kind":
            value = KINDS.get(value, value)
        elif isinstance(value, bool) or key == "count":
            pass  # "count" chooses a plural form: it stays a number
        elif isinstance(value, int):
            value = number_format(value, force_grouping=True)
        elif isinstance(value, float):
            value = _number(value)
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        values[key] = value
    # ``template % values``, not ``str(template) % values``: a plural message picks its
    # form from the values.
    return str(template % defaultdict(lambda: "?", values))


def _number(value: float) -> str:
    """A number read from a cell, in the reader's locale: a whole one as a whole number
    (11.0 → "11"), others with the decimals they have (10.5 → "10,5" in German)."""
    if value.is_integer():
        return number_format(int(value), force_grouping=True)
    text = repr(value)  # the shortest digits that read back as this number
    if "e" in text or "n" in text:  # 1e-07, inf, nan: no decimal point to localise
        return text
    return number_format(text, force_grouping=True)


def describe_rows(rows: list[int], more: int) -> str:
    """ "5, 9, 12" or "5, 9, 12 and 30 more"."""
    shown = ", ".join(number_format(row, force_grouping=True) for row in rows)
    if not more:
        return shown
    return ngettext("%(rows)s and %(more)s more", "%(rows)s and %(more)s more", more) % {
        "rows": shown,
        "more": number_format(more, force_grouping=True),
    }
