"""The portability registry: what a workspace export holds, and what a person's own data is.

Each app declares its models in a ``portable.py`` module, found at start-up like Django's
admin modules::

    from leitstern.core import portability
    portability.register(Team)  # by Team.workspace_path
    portability.register(WorkItem)
    portability.skip(ImportJob, reason="temporary upload state")

From those declarations alone the kernel

* exports a workspace to versioned JSON and imports it anew (``export-workspace``,
  ``import-workspace``, the owner's download on the settings page): foreign keys to users are
  written as email addresses, foreign keys to other registered models as the source ids and
  remapped on import; the insert order follows the foreign keys;
* collects a person's own data (the profile's data export): every registered row that
  names the person in one of its user fields, plus the sections apps add with
  ``register_personal``;
* reassigns what a deleted account must leave behind (user fields that protect their rows).

A test fails when a model of Leitstern is neither registered nor skipped, so a new module
cannot be forgotten in the export.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

FORMAT = "leitstern-workspace"
FORMAT_VERSION = 1
PERSONAL_FORMAT = "leitstern-personal-data"
PERSONAL_FORMAT_VERSION = 1


def random_secret_hash() -> str:
    """A value for a secret column that nobody knows the secret of (64 hex digits)."""
    return secrets.token_hex(32)


@dataclass(frozen=True)
class Portable:
    """How one model travels.

    ``workspace``: the lookup path from the model to its workspace (``"team__workspace"``).
    ``secrets``: columns never exported (token hashes); on import each gets a fresh value
    from its factory, so links issued by the old installation do not work on the new one.
    ``generic``: generic references, ``{id_field: type_field}`` (the activity log's target):
    the id is remapped through the model named in the type field, or cleared when that
    object is not part of the export.
    """

    model: type[models.Model]
    workspace: str
    secrets: dict[str, Callable[[], Any]] = field(default_factory=dict)
    generic: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def user_fields(self) -> list[models.ForeignKey]:
        return [f for f in concrete_relations(self.model) if is_user_model(f.related_model)]

    def user_m2m(self) -> list[models.ManyToManyField]:
        return [f for f in self.model._meta.many_to_many if is_user_model(f.related_model)]


_REGISTRY: dict[str, Portable] = {}
_SKIPPED: dict[str, str] = {}
_PERSONAL: dict[str, Callable[[Any], Any]] = {}
_AFTER_IMPORT: list[Callable[[Any], None]] = []


def register(
    model: type[models.Model],
    *,
    workspace: str | None = None,
    secrets: dict[str, Callable[[], Any]] | None = None,
    generic: dict[str, str] | None = None,
) -> Portable:
    """Declare ``model`` part of a workspace's data (see ``Portable``). ``workspace``
    defaults to the model's own ``workspace_path``, the declaration access checks use."""
    if workspace is None:
        workspace = getattr(model, "workspace_path", None)
        if not workspace:
            raise ImproperlyConfigured(f"{model._meta.label}: no workspace path to export by.")
    entry = Portable(model, workspace, dict(secrets or {}), dict(generic or {}))
    _REGISTRY[entry.label] = entry
    _ordered.cache = None
    return entry


def skip(model: type[models.Model], *, reason: str) -> None:
    """Declare that ``model`` is deliberately not part of a workspace export, and why."""
    _SKIPPED[model._meta.label_lower] = reason


def register_personal(section: str, collect: Callable[[Any], Any]) -> None:
    """Add ``section`` to a person's data export: ``collect(user)`` returns JSON-ready data
    that the registered models' rows do not already cover (the account, its tokens …)."""
    _PERSONAL[section] = collect


def after_import(rebuild: Callable[[Any], None]) -> None:
    """Run ``rebuild(workspace)`` at the end of every workspace import, in its
    transaction: numbers an app keeps derived from other rows (stored scores) are computed
    anew rather than taken from a file, which may be older than the numbers or edited."""
    if rebuild not in _AFTER_IMPORT:
        _AFTER_IMPORT.append(rebuild)


def after_import_rebuilds() -> list[Callable[[Any], None]]:
    return list(_AFTER_IMPORT)


def registered() -> list[Portable]:
    """Every registered model, parents before children (by their foreign keys)."""
    if _ordered.cache is None:
        _ordered.cache = _dependency_order(list(_REGISTRY.values()))
    return _ordered.cache


def skipped() -> dict[str, str]:
    return dict(_SKIPPED)


def personal_sections() -> dict[str, Callable[[Any], Any]]:
    return dict(_PERSONAL)


def get(label: str) -> Portable | None:
    return _REGISTRY.get(label)


def is_user_model(model: Any) -> bool:
    return model is not None and model._meta.label == settings.AUTH_USER_MODEL


def is_workspace_model(model: Any) -> bool:
    return model is not None and model._meta.label_lower == "workspaces.workspace"


def concrete_relations(model: type[models.Model]) -> list[models.ForeignKey]:
    """Foreign keys and one-to-one keys stored on ``model``'s own table."""
    fields = [
        f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    ]
    return cast("list[models.ForeignKey]", fields)  # what these two flags describe


class _OrderCache:
    cache: list[Portable] | None = None


_ordered = _OrderCache()


def _dependency_order(entries: list[Portable]) -> list[Portable]:
    """Topological order by foreign keys between registered models, stable in registration
    order. A foreign key to the model itself is filled after all rows exist, so it does not
    count; any other cycle is a configuration error."""
    by_label = {e.label: e for e in entries}
    needs = {
        e.label: {
            f.related_model._meta.label_lower
            for f in concrete_relations(e.model)
            if f.related_model._meta.label_lower in by_label and f.related_model is not e.model
        }
        | {
            f.related_model._meta.label_lower
            for f in e.model._meta.many_to_many
            if f.related_model._meta.label_lower in by_label
        }
        for e in entries
    }
    ordered: list[Portable] = []
    done: set[str] = set()
    while len(ordered) < len(entries):
        ready = [e for e in entries if e.label not in done and needs[e.label] <= done]
        if not ready:
            left = sorted(set(by_label) - done)
            raise ImproperlyConfigured(f"Portable models refer to each other in a cycle: {left}")
        ordered.append(ready[0])
        done.add(ready[0].label)
    return ordered


def check_registry() -> list[str]:
    """Problems with the declarations: a foreign key to a model that is neither a user, a
    workspace nor registered cannot be carried over."""
    problems = []
    for entry in registered():
        for f in [*concrete_relations(entry.model), *entry.model._meta.many_to_many]:
            target = f.related_model
            if is_user_model(target) or is_workspace_model(target):
                continue
            if target._meta.label_lower not in _REGISTRY:
                problems.append(
                    f"{entry.label}.{f.name} refers to unregistered {target._meta.label}"
                )
        for id_field, type_field in entry.generic.items():
            for name in (id_field, type_field):
                try:
                    entry.model._meta.get_field(name)
                except Exception:
                    problems.append(f"{entry.label}: no field {name!r} for a generic reference")
    return problems


def autodiscover() -> None:
    """Import every installed app's ``portable`` module (called from ``CoreConfig.ready``)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("portable")
