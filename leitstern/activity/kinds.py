"""Human labels for activity kinds. Each domain registers its own kinds here, so the
activity page can name and filter them in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise

_KINDS: dict[str, Promise | str] = {}


def register(kind: str, label: Promise | str) -> str:
    _KINDS[kind] = label
    return kind


def label(kind: str) -> Promise | str:
    return _KINDS.get(kind, kind)


def choices() -> list[tuple[str, Promise | str]]:
    return sorted(_KINDS.items(), key=lambda item: str(item[1]))
