"""Human labels for activity kinds and for the names in an entry's ``changes``. Each domain
registers its own, so the activity page can name and filter them in the reader's language.
A kind may name the role level (``Need``) it takes to see its entries: the stakeholder map's
changes are for editors and owners only, like the map itself."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_KINDS: dict[str, Promise | str] = {}
# Kinds whose entries only members with at least this role level see.
_NEEDS: dict[str, int] = {}

# Names in ``changes`` that are not fields of the target's model (a check-in's confidence
# recorded on its key result, counts of rows). A model field's own verbose name wins.
_FIELDS: dict[str, Promise | str] = {
    "confidence": _("confidence"),
    "check_in": _("check-in"),
    "check_ins": _("check-ins"),
    "items": _("items"),
    "values": _("values"),
    "value": _("value"),
    "source": _("source"),
    "target": _("target"),
    "cycle": _("cycle"),
    "role": _("role"),
    "filter": _("filter"),
}


def register(kind: str, label: Promise | str, *, need: int | None = None) -> str:
    """Name ``kind``; with ``need``, its entries are shown only to members whose role
    reaches that level (``workspaces.models.Need``)."""
    _KINDS[kind] = label
    if need is not None:
        _NEEDS[kind] = int(need)
    else:
        _NEEDS.pop(kind, None)
    return kind


def hidden_from(level: int) -> list[str]:
    """The kinds a member with role ``level`` may not see."""
    return sorted(kind for kind, need in _NEEDS.items() if need > level)


def label(kind: str) -> Promise | str:
    return _KINDS.get(kind, kind)


def choices(level: int | None = None) -> list[tuple[str, Promise | str]]:
    """The kinds to filter by, sorted by label; with ``level``, only those that role sees."""
    hidden = set(hidden_from(level)) if level is not None else set()
    return sorted(
        ((kind, label) for kind, label in _KINDS.items() if kind not in hidden),
        key=lambda item: str(item[1]),
    )


def register_field(name: str, label: Promise | str) -> str:
    """Name a key of ``changes`` that is not a model field."""
    _FIELDS[name] = label
    return name


def field_label(name: str) -> Promise | str | None:
    return _FIELDS.get(name)
