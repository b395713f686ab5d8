"""Versions of editable objects, so two people editing at once never lose a change silently.

Every editable object carries ``version``, raised by one in the same UPDATE that writes its
changed fields, and ``field_versions``: for each field, the version in which it last
changed. An edit may say which version it was made against (an edit form's hidden field,
the API's ``If-Match`` or ``version``).

``update_versioned`` writes only the fields an edit changes, with one statement:
``UPDATE … SET <changed fields>, version = version + 1 … WHERE pk = … AND version = <the
version the edit was checked against>``. When that matches no row, someone wrote in
between; the row is read again under a lock and the edit checked against it once more:

- a field this edit changes that someone else changed since the edit's version, to another
  value than this edit's, is a conflict: ``EditConflict``, nothing is written;
- everything else merges: a concurrent change to another field stays, because only the
  fields this edit changes are written.

Without a version (an API client that sends none, or a write of the product itself such as
a check-in's value), the last write of a field wins, field by field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """Abstract base of every model with an edit form or a PATCH operation."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by one with every change; edits say which version they started from."),
    )
    # {field name: version in which it last changed}; a field not listed has not changed
    # since the object was created.
    field_versions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Only for creating. Saving an existing row writes every field (overwriting what
        someone else changed meanwhile) and skips the version: change it with
        ``update_versioned`` (through the app's service) instead."""
        if not self._state.adding:
            raise RuntimeError(
                f"{type(self).__name__} {self.pk}: change a stored object with "
                "update_versioned, not save()."
            )
        super().save(*args, **kwargs)

    def changed_since(self, version: int) -> set[str]:
        """The fields changed after ``version``."""
        return {name for name, changed in self.field_versions.items() if changed > version}


@dataclass(frozen=True)
class FieldConflict:
    """One field both edits changed: what is stored now (``theirs``) and what this edit
    wanted (``yours``), as model values (related objects, lists of them for many-to-many)."""

    field: str
    theirs: Any
    yours: Any


class EditConflict(Exception):
    """Someone else changed fields this edit changes, since the version it started from.
    ``instance`` holds the object as it is stored now."""

    def __init__(self, instance: Versioned, conflicts: list[FieldConflict]) -> None:
        super().__init__(", ".join(conflict.field for conflict in conflicts))
        self.instance = instance
        self.conflicts = conflicts

    @property
    def version(self) -> int:
        return self.instance.version

    @property
    def fields(self) -> list[str]:
        return [conflict.field for conflict in self.conflicts]


def _field(instance: models.Model, name: str) -> models.Field:
    field = instance._meta.get_field(name)
    assert isinstance(field, models.Field), f"{name} is a reverse relation, not a field"
    return field


def stored_value(instance: models.Model, name: str) -> Any:
    """The value of ``name`` on ``instance`` in a comparable form: a related object's id,
    a set of ids for many-to-many, else the value."""
    field = _field(instance, name)
    if field.many_to_many:
        if instance.pk is None:
            return frozenset()
        return frozenset(getattr(instance, name).values_list("pk", flat=True))
    return getattr(instance, field.attname)


def given_value(instance: models.Model, name: str, value: Any) -> Any:
    """``value`` for field ``name`` in the form ``stored_value`` returns."""
    field = _field(instance, name)
    if field.many_to_many:
        return frozenset(item.pk if isinstance(item, models.Model) else int(item) for item in value)
    if field.is_relation:
        return value.pk if isinstance(value, models.Model) else value
    try:
        return field.to_python(value)
    except DjangoValidationError:
        return value  # different from anything stored; full_clean names the problem


def _text(instance: models.Model, name: str, value: Any = None, *, stored: bool) -> str:
    """How the activity log shows a value."""
    field = _field(instance, name)
    if field.many_to_many:
        items = list(getattr(instance, name).all()) if stored else list(value)
        return ", ".join(sorted(str(item) for item in items))
    if stored:
        value = getattr(instance, name)
    return "" if value is None else str(value)


def _conflicts(instance: Versioned, data: Mapping[str, Any], version: int) -> list[FieldConflict]:
    # A version that never existed: nothing the client saw can be trusted.
    changed = set(data) if version > instance.version else instance.changed_since(version)
    found = []
    for name, value in data.items():
        if name in changed and given_value(instance, name, value) != stored_value(instance, name):
            theirs = getattr(instance, name)
            if _field(instance, name).many_to_many:
                theirs = list(theirs.all())
            found.append(FieldConflict(field=name, theirs=theirs, yours=value))
    return found


@contextmanager
def unique_race_as_error(instance: models.Model) -> Iterator[None]:
    """Around the write of ``instance``: when a unique constraint refuses it because a
    concurrent write took the name a moment earlier (both passed ``full_clean``), raise the
    ValidationError ``full_clean`` gives now (the field and why) instead of a 500. The
    write runs in a savepoint, so the caller's transaction stays usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        instance.validate_unique()
        instance.validate_constraints()
        raise


def update_versioned(
    instance: Versioned,
    data: Mapping[str, Any],
    *,
    version: int | None = None,
    clean: bool = True,
) -> dict[str, list[str]]:
    """Write the fields of ``data`` whose value differs from the stored one, raising the
    version by one; returns ``{field: [old, new]}`` as text for the activity entry (empty
    when nothing changed: then nothing is written and the version stays).

    ``version`` is the version the edit started from; a field it changes that someone
    else changed since raises ``EditConflict``. ``clean`` runs ``full_clean()`` on the
    merged object (off only for values the product computes itself, such as frozen
    scores). Runs inside the caller's transaction (services are atomic); ``instance`` ends
    up as stored, with its new version."""
    if not connection.in_atomic_block:
        raise RuntimeError("update_versioned must run inside the change's transaction.")
    model = type(instance)
    for attempt in range(2):
        if attempt:
            # Someone wrote between our read and our write: start again from the stored
            # row, locked so that nobody can write in between this time.
            instance.refresh_from_db(from_queryset=model._base_manager.select_for_update())
        elif version is not None and version > instance.version:
            continue  # the client saw a newer version than this copy: read the stored one
        if version is not None and version != instance.version:
            conflicts = _conflicts(instance, data, version)
            if conflicts:
                raise EditConflict(instance, conflicts)
        before = {name: stored_value(instance, name) for name in data}
        old_text = {
            name: _text(instance, name, stored=True)
            for name, value in data.items()
            if given_value(instance, name, value) != before[name]
        }
        if not old_text:
            return {}
        many = {name: data[name] for name in old_text if _field(instance, name).many_to_many}
        simple = [name for name in data if not _field(instance, name).many_to_many]
        previous = {
            _field(instance, name).attname: getattr(instance, _field(instance, name).attname)
            for name in simple
        }
        for name in simple:
            setattr(instance, name, data[name])
        if clean:
            try:
                instance.full_clean()
            except DjangoValidationError:
                for name, value in previous.items():  # the caller's copy stays as stored
                    setattr(instance, name, value)
                raise
        changed = [
            name for name in data if name in many or stored_value(instance, name) != before[name]
        ]
        if not changed:
            return {}
        new_version = instance.version + 1
        field_versions = {**instance.field_versions, **dict.fromkeys(changed, new_version)}
        values = {
            _field(instance, name).attname: getattr(instance, _field(instance, name).attname)
            for name in changed
            if name not in many
        }
        now = timezone.now()
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                setattr(instance, field.attname, now)
                values[field.attname] = now
        with unique_race_as_error(instance):
            written = model._base_manager.filter(pk=instance.pk, version=instance.version).update(
                **values, version=F("version") + 1, field_versions=field_versions
            )
        if not written:
            continue
        for name, items in many.items():
            getattr(instance, name).set(items)
        instance.version, instance.field_versions = new_version, field_versions
        return {
            name: [old_text[name], _text(instance, name, data[name], stored=name not in many)]
            for name in changed
        }
    # The second attempt holds the row's lock, so its UPDATE always finds the row.
    raise RuntimeError(f"{model.__name__} {instance.pk} could not be written.")
