"""Telling a higher module that something of a lower one changed, without an upward import.

A module that keeps numbers derived from a lower module's rows listens from its
``AppConfig.ready()``; the lower module's services say what changed, in the change's own
transaction, so the derived numbers are stored with it or not at all::

    # requests/apps.py — the revenue roll-ups count organisations by segment
    listeners.listen("customers.organisations", selectors.organisations_changed)

    # customers/services.py — after an organisation's fields changed
    listeners.changed("customers.organisations", workspace=workspace, ids=[pk], fields={...})

A listener takes the keyword arguments the topic's sender passes (documented where the
sender calls ``changed``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_LISTENERS: dict[str, list[Callable[..., None]]] = {}


def listen(topic: str, callback: Callable[..., None]) -> None:
    """Call ``callback(**details)`` whenever ``topic`` changes (from ``ready()``)."""
    callbacks = _LISTENERS.setdefault(topic, [])
    if callback not in callbacks:
        callbacks.append(callback)


def changed(topic: str, **details: Any) -> None:
    """Tell the listeners of ``topic``; they run now, in the caller's transaction."""
    for callback in _LISTENERS.get(topic, []):
        callback(**details)


def listeners(topic: str) -> list[Callable[..., None]]:
    return list(_LISTENERS.get(topic, []))
