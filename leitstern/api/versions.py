"""Versions in the API: ``If-Match`` (or ``version``) on PATCH, 409 on a same-field
conflict, ``ETag`` on every answer that carries a versioned object.

A PATCH that names the version it started from changes only the fields it sends; when
someone else changed one of those fields since that version, nothing is saved and the
answer is 409 with the object as it is stored now and its version. Other fields changed
meanwhile are no conflict: they stay as they are. See ``docs/api.md``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Schema, Status
from pydantic import create_model

from leitstern.core.versioning import EditConflict

# The header parameter every versioned PATCH declares (so the OpenAPI description has it).
IF_MATCH = Header(
    None,
    alias="If-Match",
    description='The version this change started from, as the ETag gave it: "3".',
)
VERSION_FIELD = Field(
    None,
    ge=1,
    le=2**31 - 1,
    description=(
        "The version this change started from (instead of If-Match). A field you send that "
        "someone else changed since then answers 409."
    ),
)

_TAG = re.compile(r'"?(\d{1,10})"?')


class ErrorOut(Schema):
    field: str | None
    reason: str


def conflict_schema(out: type[Schema]) -> type[Schema]:
    """The 409 answer of a PATCH whose object is answered as ``out``."""
    return create_model(
        f"{out.__name__}Conflict",
        __base__=Schema,
        errors=(list[ErrorOut], ...),
        version=(int, Field(..., description="The version stored now.")),
        current=(out, Field(..., description="The object as it is stored now.")),
    )


def expected_version(if_match: str | None, body_version: int | None) -> int | None:
    """The version a PATCH started from: the ``If-Match`` header (``"3"``; ``*`` means
    any) or the body's ``version``; when both are sent they must agree."""
    header = None
    if if_match is not None and if_match.strip() != "*":
        match = _TAG.fullmatch(if_match.strip())
        if match is None:
            raise ValidationError(
                {"If-Match": _('Send the version as the ETag gave it, for example "3".')}
            )
        header = int(match[1])
    if header is not None and body_version is not None and header != body_version:
        raise ValidationError(
            {"version": _("The version in If-Match and the one in the body differ.")}
        )
    return header if header is not None else body_version


def conflict_answer(
    conflict: EditConflict, current: Any, *, names: Mapping[str, str] | None = None
) -> Status:
    """409: which fields someone else changed meanwhile, the stored object, its version.
    ``names`` maps model field names to the API's (``owner`` → ``owner_id``)."""
    names = names or {}
    errors = [
        {
            "field": names.get(field, field),
            "reason": _("Someone else changed this field meanwhile; it is now version %(version)d.")
            % {"version": conflict.version},
        }
        for field in conflict.fields
    ]
    return Status(409, {"errors": errors, "version": conflict.version, "current": current})


def tag(response: HttpResponse, version: int) -> None:
    """Name the object's version in the ``ETag`` header."""
    response["ETag"] = f'"{version}"'
