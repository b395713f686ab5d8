"""Form helpers shared by every domain."""

from __future__ import annotations

from django import forms
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from leitstern.core import limits, text


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
    field._leitstern_bounded = True
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

    field.clean = checked


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

    field.to_python = to_line
    field.validators.append(text.validate_line)
    if field.max_length is None:
        field.max_length = limits.MAX_LINE_CHARS
        field.validators.append(validators.MaxLengthValidator(limits.MAX_LINE_CHARS))


class BoundedInputs:
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
