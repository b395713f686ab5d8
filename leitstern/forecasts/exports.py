"""What forecasts exports: a team's work items as rows for the kernel's CSV writer
(``core.exports``). Keys and titles come from uploaded tracker exports and the API, so a
title such as ``=HYPERLINK(…)`` is exactly what the writer neutralises."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from leitstern.forecasts.models import WorkItem


def items_header() -> list[str]:
    return [_("key"), _("title"), _("created"), _("started"), _("done")]


def items_rows(items: QuerySet[WorkItem]) -> Iterator[list[object]]:
    """One row per item, newest first (open items on top, as on the page), read in chunks
    while the download is sent. An open item's done date is empty."""
    fields = ("key", "title", "created", "started", "done")
    for row in items.order_by(*WorkItem.NEWEST_FIRST).values_list(*fields).iterator(2000):
        yield list(row)
