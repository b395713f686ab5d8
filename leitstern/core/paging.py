"""Pages of long lists whose total nobody needs to the last row."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    """A paginator that counts at most ``max_pages`` pages of rows: counting every row of a
    long list (200,000 activity entries, 200,000 quotes) took longer than showing a page
    of it. Past the cap ``capped`` is true and the pager says "more than".

    ``count_rows`` are the same rows as a cheaper query to count (ids only, no joins); the
    page's own query is counted otherwise. Without ``open_ended`` the last counted page is
    the last one offered: the activity log asks for a filter to reach further back. With
    it, one page past the cap is offered too, so a list whose cap moves with the page asked
    for (``max_pages=page + 10``) can be paged through to its end."""

    def __init__(
        self,
        object_list,
        per_page: int,
        *,
        max_pages: int = 100,
        count_rows: Any = None,
        open_ended: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages
        self.count_rows = count_rows
        self.open_ended = open_ended

    @property
    def _limit(self) -> int:
        return self.max_pages * self.per_page

    @cached_property
    def _counted(self) -> int:
        objects: Any = self.object_list if self.count_rows is None else self.count_rows
        # A queryset has a cheap bounded count; any other sequence is counted whole.
        if isinstance(objects, QuerySet):
            return objects[: self._limit + 1].count()
        return len(objects)

    @cached_property
    def count(self) -> int:
        # Open-ended, the row past the cap counts: it makes the page after the cap.
        return min(self._counted, self._limit + (1 if self.open_ended else 0))

    @property
    def capped(self) -> bool:
        return self._counted > self._limit

    @property
    def full_pages(self) -> int:
        """The pages known to be full: all of them unless capped and open-ended, where the
        page past the cap holds only the one row counted."""
        return self.num_pages - 1 if self.capped and self.open_ended else self.num_pages
