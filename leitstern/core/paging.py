"""Pages of long lists whose total nobody needs to the last row."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A paginator that counts at most ``max_pages`` pages of rows: counting every row
    of a long log (200,000 activity entries) took longer than showing a page of it. Past
    the cap, ``capped`` is true and the last page offers no older one; narrowing the
    list (a filter) reaches further back."""

    def __init__(self, object_list, per_page: int, *, max_pages: int = 100, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def _counted(self) -> int:
        limit = self.max_pages * self.per_page
        # A queryset (the activity log); a list has no cheap count to cap.
        objects: Any = self.object_list
        return objects[: limit + 1].count() if hasattr(objects, "count") else len(objects)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.max_pages * self.per_page)

    @property
    def capped(self) -> bool:
        return self._counted > self.max_pages * self.per_page
