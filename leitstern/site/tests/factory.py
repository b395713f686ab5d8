"""Samples of the shell's pages for the access walk (``core/tests/test_access.py``)."""

from __future__ import annotations

# URL arguments by route name: ``(world, requesting user or None) -> kwargs``.
ROUTE_SAMPLES: dict = {}
