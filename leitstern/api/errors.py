"""The API's one error format, ``{"errors": [{"field", "reason"}]}``, for answers that do
not come from an operation (unknown paths, wrong methods, bodies over the limit, crashes
before the API is reached) as well as from one."""

from __future__ import annotations

from django.utils.translation import gettext as _

from leitstern.core import limits

ERRORS_SCHEMA = {
    "title": "Errors",
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["field", "reason"],
                "properties": {
                    "field": {
                        "anyOf": [{"type": "string"}, {"type": "null"}],
                        "description": "The field at fault (dotted for nested fields), or null.",
                    },
                    "reason": {"type": "string"},
                    "location": {
                        "type": "string",
                        "description": "body, query or path, for malformed requests.",
                    },
                },
            },
        }
    },
}


def error_body(reason: str, field: str | None = None) -> dict:
    return {"errors": [{"field": field, "reason": reason}]}


def too_large_reason() -> str:
    return _("The request body is larger than the limit of %(mib)d MiB.") % {
        "mib": limits.MAX_BODY_BYTES // (1024 * 1024)
    }


def reason_for(status: int) -> str:
    """What an error status means, for answers that carry no reason of their own."""
    reasons = {
        400: _("Bad request."),
        401: _("Authentication required: send a valid API token."),
        403: _("Forbidden."),
        404: _("Not found."),
        405: _("This method is not allowed here; the Allow header lists those that are."),
        413: too_large_reason(),
        500: _("Internal error; it was logged."),
    }
    return reasons.get(status, _("The request failed (HTTP %(status)d).") % {"status": status})
