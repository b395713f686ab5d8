"""Every importer, by name. Apps register theirs when they are ready
(``AppConfig.ready``), so the job pages, the worker and the hostile-input tests know them
all without importing any module by name."""

from __future__ import annotations

from leitstern.core.imports.declaration import Importer

_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    """Add ``importer``; registering the same one again is harmless, another under a taken
    name is a mistake."""
    known = _IMPORTERS.get(importer.name)
    if known is not None and known is not importer:
        raise ValueError(f"an importer named {importer.name!r} is registered already")
    _IMPORTERS[importer.name] = importer
    return importer


def get(name: str) -> Importer:
    return _IMPORTERS[name]


def importers() -> list[Importer]:
    return sorted(_IMPORTERS.values(), key=lambda importer: importer.name)
