"""Bounded types for the API's input schemas, from ``core.limits`` and ``core.text``.

Every input schema derives from :class:`In`, which refuses, for every field and whatever its
declared type: NaN and ±Infinity, numbers beyond ``MAX_MAGNITUDE``, whole numbers beyond
64 bits, dates outside 1970–2100 and NUL characters. Fields then narrow further with the
types below (names, ids, counts), so the OpenAPI description states the bounds too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from leitstern.core import limits, text


def _refusal(error: ValidationError) -> PydanticCustomError:
    return PydanticCustomError(error.code or "invalid", str(error.messages[0]))


def _line(value: str) -> str:
    try:
        return text.clean_line(value)
    except ValidationError as error:
        raise _refusal(error) from None


def _optional_line(value: str) -> str:
    try:
        return text.clean_line(value, required=False)
    except ValidationError as error:
        raise _refusal(error) from None


def _day(value: date) -> date:
    if not limits.date_in_range(value):
        raise PydanticCustomError(
            "date_range",
            _("Enter a date between {low} and {high}."),
            {"low": limits.MIN_DATE.isoformat(), "high": limits.MAX_DATE.isoformat()},
        )
    return value


def _no_bool(value: Any) -> Any:
    """``true`` is no id and no count (pydantic would read it as 1)."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", _("Enter a whole number."))
    return value


def Name(max_length: int = limits.MAX_LINE_CHARS) -> Any:
    """A required one-line name: stripped, visible, without direction controls."""
    return Annotated[str, AfterValidator(_line), Field(min_length=1, max_length=max_length)]


def Line(max_length: int = limits.MAX_LINE_CHARS) -> Any:
    """An optional one-line text (may be empty), with the same rules as a name."""
    return Annotated[str, AfterValidator(_optional_line), Field(max_length=max_length)]


Text = Annotated[str, Field(max_length=limits.MAX_TEXT_CHARS)]
Id = Annotated[int, Field(ge=1, le=limits.MAX_BIGINT), BeforeValidator(_no_bool)]
Count = Annotated[int, Field(ge=0, le=limits.MAX_ITEMS), BeforeValidator(_no_bool)]
Number = Annotated[
    float, Field(allow_inf_nan=False, ge=-limits.MAX_MAGNITUDE, le=limits.MAX_MAGNITUDE)
]
Day = Annotated[
    date,
    AfterValidator(_day),
    Field(description=f"{limits.MIN_DATE.isoformat()} to {limits.MAX_DATE.isoformat()}"),
]
Seed = Annotated[int, Field(ge=0, le=limits.MAX_SEED), BeforeValidator(_no_bool)]
Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")]


def Limit(most: int = limits.MAX_PAGE_SIZE) -> Any:
    """How many rows one page of a list holds, at most ``most``."""
    return Annotated[
        int,
        Field(ge=1, le=most, description=f"Rows in this page, 1 to {most}."),
        BeforeValidator(_no_bool),
    ]


# Where a page starts; offset + limit must still fit the database's 64-bit arithmetic.
Offset = Annotated[
    int,
    Field(
        ge=0,
        le=limits.MAX_BIGINT - limits.MAX_PAGE_SIZE,
        description="Rows to skip; a page shorter than `limit` is the last.",
    ),
    BeforeValidator(_no_bool),
]


def _omit_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def unchanged(**constraints: Any) -> Any:
    """Default of a PATCH field: left out, the field keeps its value. Its type stays what it
    is (not nullable), so sending ``null`` for it is refused with 422 naming the field."""
    return Field(None, json_schema_extra=_omit_default, **constraints)


def sent[Changes](payload: Schema, changes: Callable[..., Changes]) -> Changes:
    """The fields of a PATCH ``payload`` that the client sent, by the names of ``changes``
    (the ``TypedDict`` a service's partial update takes): ``service(**sent(payload, X))``
    hands the service exactly the fields sent, each under its own name, typed as the
    service declares them. Fields left out are not passed, so they keep their values."""
    # ``changes`` is a TypedDict class; typed as its constructor, which has no key sets.
    names = changes.__required_keys__ | changes.__optional_keys__  # type: ignore[attr-defined]  # see above
    given = payload.model_fields_set
    return changes(**{name: getattr(payload, name) for name in names if name in given})


def _checked(value: Any) -> Any:
    """The safety net under every field of an input schema (see the module docstring)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        problem = text.text_problem(value)
        if problem:
            raise PydanticCustomError(problem, str(text.MESSAGES[problem]))
    elif isinstance(value, int):
        if not -limits.MAX_BIGINT <= value <= limits.MAX_BIGINT:
            raise PydanticCustomError(
                "int_range", _("Enter a whole number between −2⁶³ and 2⁶³ − 1.")
            )
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) > limits.MAX_MAGNITUDE:
            raise PydanticCustomError(
                "number_range",
                _("Enter a finite number between −{high} and {high}."),
                {"high": f"{limits.MAX_MAGNITUDE:g}"},
            )
    elif isinstance(value, date):
        _day(value)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _checked(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _checked(key)
            _checked(item)
    return value


class In(Schema):
    """Base of every input schema: bounds every value of every field (module docstring)."""

    model_config = ConfigDict(allow_inf_nan=False)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: Any) -> Any:
        # Replaces ninja's validator of the same name, which reads attributes of any object
        # (for answers built from models): input must be a JSON object, or a string body
        # would pass as "no change".
        if not isinstance(values, dict):
            raise PydanticCustomError("model_type", _("Send a JSON object."))
        return handler(values)

    @field_validator("*", mode="after")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        return _checked(value)
