"""Human labels for activity kinds and for the names in an entry's ``changes``. Each domain
registers its own, so the activity page can name and filter them in the reader's language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_KINDS: dict[str, Promise | str] = {}

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


def register(kind: str, label: Promise | str) -> str:
    _KINDS[kind] = label
    return kind


def label(kind: str) -> Promise | str:
    return _KINDS.get(kind, kind)


def choices() -> list[tuple[str, Promise | str]]:
    return sorted(_KINDS.items(), key=lambda item: str(item[1]))


def register_field(name: str, label: Promise | str) -> str:
    """Name a key of ``changes`` that is not a model field."""
    _FIELDS[name] = label
    return name


def field_label(name: str) -> Promise | str | None:
    return _FIELDS.get(name)
