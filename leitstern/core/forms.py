"""Form helpers shared by every domain."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext

from leitstern.core import limits, text
from leitstern.core.versioning import EditConflict, Versioned

ISO_DATE = "%Y-%m-%d"

# The mixins below are used before a form class in the bases; for the type checker they
# are forms already, so ``self.fields`` and ``self.cleaned_data`` are known.
if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (``2026-10-01``): a browser takes
    nothing else in ``<input type="date">`` and shows it in the reader's own format, so a
    German ``01.10.2026`` here would arrive empty. German formats are for text on pages,
    never for this input. The picker offers only the dates Leitstern accepts."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        bounds = {"min": limits.MIN_DATE.isoformat(), "max": limits.MAX_DATE.isoformat()}
        super().__init__({**bounds, **(attrs or {})}, format=ISO_DATE)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the field exists on
    the form, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            for message in errors:
                for text in message.messages:
                    form.add_error(target, text)
    else:
        for text in error.messages:
            form.add_error(None, text)


def run_with_message(request, action, success: str) -> bool:
    """Run a service call from a button (no form to show errors on): its refusal becomes an
    error message, its success the ``success`` message. True when it went through."""
    from django.contrib import messages

    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def bound_field(field: forms.Field) -> None:
    """Give one form field the documented bounds of ``core.limits`` and the shared text
    rules of ``core.text``, unless it has narrower ones: one-line text is a name (stripped,
    visible, no direction controls), long text is capped, dates lie in 1970–2100, numbers
    fit a signed 64-bit column (whole numbers, ids of choices) or ±``MAX_MAGNITUDE``
    (decimals)."""
    if getattr(field, "_leitstern_bounded", False):
        return
    field._leitstern_bounded = True  # type: ignore[attr-defined]  # a marker on this field
    if isinstance(field, forms.ModelChoiceField):
        _bound_choice(field)
    elif isinstance(field, forms.DateField):
        field.validators += [
            validators.MinValueValidator(limits.MIN_DATE),
            validators.MaxValueValidator(limits.MAX_DATE),
        ]
        if isinstance(field.widget, forms.DateInput):
            field.widget.attrs.setdefault("min", limits.MIN_DATE.isoformat())
            field.widget.attrs.setdefault("max", limits.MAX_DATE.isoformat())
    elif isinstance(field, forms.FloatField | forms.DecimalField):
        _bound_number(field, -limits.MAX_MAGNITUDE, limits.MAX_MAGNITUDE)
    elif isinstance(field, forms.IntegerField):
        _bound_number(field, -limits.MAX_BIGINT, limits.MAX_BIGINT)
    elif isinstance(field, forms.CharField) and type(field) is not forms.CharField:
        pass  # email, URL, slug and other typed fields keep their own rules
    elif isinstance(field, forms.CharField) and isinstance(field.widget, forms.TextInput):
        _make_line(field)
    elif (
        isinstance(field, forms.CharField)
        and isinstance(field.widget, forms.Textarea)
        and field.max_length is None
    ):
        field.max_length = limits.MAX_TEXT_CHARS
        field.validators.append(validators.MaxLengthValidator(limits.MAX_TEXT_CHARS))
        field.widget.attrs.setdefault("maxlength", str(limits.MAX_TEXT_CHARS))


def _bound_number(field: forms.IntegerField, low: float, high: float) -> None:
    if field.min_value is None:
        field.validators.append(validators.MinValueValidator(low))
    if field.max_value is None:
        field.validators.append(validators.MaxValueValidator(high))


def _bound_choice(field: forms.ModelChoiceField) -> None:
    """An id beyond 64 bits is no choice (SQLite would fail to even look it up)."""
    clean = field.clean

    def checked(value):
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                number = int(str(item))
            except ValueError:
                continue
            if not -limits.MAX_BIGINT <= number <= limits.MAX_BIGINT:
                raise ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return clean(value)

    field.clean = checked  # type: ignore[method-assign]  # wraps this one field's clean


def _make_line(field: forms.CharField) -> None:
    """A one-line text field becomes a name: surrounding spaces and invisible characters are
    stripped; one made only of invisible characters, or with direction controls, is refused."""
    to_python = field.to_python
    required = field.required

    def to_line(value):
        value = to_python(value)
        stripped = text.strip_line(value)
        # A required field left with nothing visible keeps its value for the clearer
        # "visible characters" message below instead of "This field is required".
        return stripped if stripped or not required else value

    field.to_python = to_line  # type: ignore[method-assign]  # wraps this field's parsing
    field.validators.append(text.validate_line)
    if field.max_length is None:
        field.max_length = limits.MAX_LINE_CHARS
        field.validators.append(validators.MaxLengthValidator(limits.MAX_LINE_CHARS))


class BoundedInputs(_Form):
    """Mixin for every form of Leitstern (first in the bases): each field gets the bounds of
    :func:`bound_field`, including fields a form adds in its own ``__init__``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_field(field)

    def full_clean(self) -> None:
        for field in self.fields.values():
            bound_field(field)
        super().full_clean()


# --- edit forms that know what they were loaded with --------------------------------------


def _plain(value: Any) -> Any:
    """A JSON-safe, comparable form of a form or model value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        # Browsers send text areas with CRLF; the same text is not a change.
        return value.replace("\r\n", "\n")
    return value


def _comparable(value: Any) -> Any:
    return json.loads(json.dumps(_plain(value)))


def _form_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all())
    return getattr(instance, name)


def _base_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(instance, name).values_list("pk", flat=True))
    if field.is_relation:
        assert isinstance(field, models.Field), f"{name} is a reverse relation"
        return getattr(instance, field.attname)
    return _plain(getattr(instance, name))


def display_value(field: forms.Field, value: Any) -> str:
    """A value as a person reads it in the form: choice labels, names, local numbers."""
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return gettext("(empty)")
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(sorted(str(item) for item in value))
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, forms.ChoiceField):
        choices = dict(field.choices)  # type: ignore[arg-type]  # pairs once the form is built
        return str(choices.get(value, value))
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.localize(value, use_l10n=True)
    return str(value)


@dataclass(frozen=True)
class ConflictRow:
    name: str
    label: str
    theirs: str
    yours: str


class EditForm(_Form):
    """Mixin for an edit form of a versioned object, built from ``initial=`` (never bound
    to the instance). Given ``loaded=`` it carries, in two hidden fields, the version it was
    loaded with and the values it showed; ``changed_values()`` then returns only what this
    person changed, for the service, and ``after_conflict()`` shows a same-field conflict
    with both values. ``edit_fields`` names the object's fields the form edits."""

    edit_fields: ClassVar[list[str]] = []
    _rebuild_kwargs: dict[str, Any]
    # The button "keep the current values" sends the conflicting fields' names here.
    KEEP_CURRENT = "keep_current"

    def __new__(cls, *args: Any, **kwargs: Any) -> EditForm:
        form = super().__new__(cls)
        # What the form was built with (its workspace, cycle …), to build it again after a
        # conflict; taken here because subclasses consume their own arguments.
        form._rebuild_kwargs = {
            key: value for key, value in kwargs.items() if key not in ("data", "initial", "loaded")
        }
        return form

    def __init__(self, *args: Any, loaded: Versioned | None = None, **kwargs: Any) -> None:
        self.loaded = loaded
        if loaded is not None:
            shown = {name: _form_value(loaded, name) for name in self.edit_fields}
            kwargs["initial"] = {**shown, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.conflicts: list[ConflictRow] = []
        if loaded is not None:
            base = {name: _base_value(loaded, name) for name in self.edit_fields}
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1, initial=loaded.version
            )
            self.fields["base"] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                strip=False,
                initial=json.dumps(base, separators=(",", ":")),
            )

    def _post_clean(self) -> None:
        """The service validates the whole object (``full_clean``); the form only parses."""

    @property
    def versioned(self) -> bool:
        return "version" in self.fields

    @property
    def loaded_version(self) -> int | None:
        """The version the person started from (None for a form without one)."""
        return self.cleaned_data.get("version") if self.versioned else None

    def _base(self) -> dict | None:
        try:
            base = json.loads(self.cleaned_data.get("base") or "")
        except ValueError:
            return None
        return base if isinstance(base, dict) else None

    def changed_values(self) -> dict[str, Any]:
        """The cleaned values of the fields this person changed (all of them when the form
        came without the values it showed). Fields listed by the "keep the current values"
        button are left as they are stored."""
        base = self._base()
        keep = set(str(self.data.get(self.KEEP_CURRENT, "")).split(","))
        return {
            name: self.cleaned_data[name]
            for name in self.edit_fields
            if name in self.cleaned_data
            and name not in keep
            and (
                base is None
                or name not in base
                or _comparable(self.cleaned_data[name]) != base[name]
            )
        }

    def after_conflict(self, conflict: EditConflict) -> EditForm:
        """A new form for the object as stored now, showing this person's changes on top,
        with the conflicting fields' stored and wanted values side by side. Saving it
        again keeps this person's values; "keep the current values" keeps the stored ones."""
        extra = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.edit_fields and name not in ("version", "base")
        }
        form = type(self)(
            loaded=conflict.instance,
            initial={**extra, **self.changed_values()},
            **self._rebuild_kwargs,
        )
        form.conflicts = [
            ConflictRow(
                name=item.field,
                label=str(form.fields[item.field].label or item.field),
                theirs=display_value(form.fields[item.field], item.theirs),
                yours=display_value(form.fields[item.field], item.yours),
            )
            for item in conflict.conflicts
            if item.field in form.fields
        ]
        return form

    @property
    def conflict_fields(self) -> str:
        return ",".join(row.name for row in self.conflicts)
