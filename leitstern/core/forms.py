"""Form helpers shared by every domain."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from leitstern.core import limits

ISO_DATE = "%Y-%m-%d"


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
