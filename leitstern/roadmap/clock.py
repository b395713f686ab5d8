"""The roadmap's clock. Changes are recorded at ``now()``; the demo and the large-workspace
generator set it back (``recorded_at``) to write months of history through the same
services that record today's changes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

_FIXED: ContextVar[datetime | None] = ContextVar("roadmap_clock", default=None)


def now() -> datetime:
    return _FIXED.get() or timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def recorded_at(moment: datetime) -> Iterator[None]:
    """Record every change made inside the block at ``moment``."""
    token = _FIXED.set(moment)
    try:
        yield
    finally:
        _FIXED.reset(token)
