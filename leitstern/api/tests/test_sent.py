"""A PATCH hands its service exactly the fields the client sent, under their own names."""

from __future__ import annotations

from typing import TypedDict

from leitstern.api.types import In, Name, Number, sent, unchanged


class Changes(TypedDict, total=False):
    title: str
    baseline: float | None
    target: float


class Patch(In):
    title: Name(60) = unchanged()
    baseline: Number | None = None
    target: Number = unchanged()
    note: str = ""  # for the activity log, not a change of the object


def test_only_the_fields_sent_are_passed():
    assert sent(Patch.model_validate({"title": "New"}), Changes) == {"title": "New"}
    assert sent(Patch.model_validate({}), Changes) == {}


def test_a_null_sent_for_a_nullable_field_is_passed_as_none():
    changes = sent(Patch.model_validate({"baseline": None, "target": 3}), Changes)
    assert changes == {"baseline": None, "target": 3.0}


def test_fields_the_service_does_not_take_stay_behind():
    changes = sent(Patch.model_validate({"title": "New", "note": "why"}), Changes)
    assert changes == {"title": "New"}


def test_values_arrive_as_the_schema_validated_them():
    assert sent(Patch.model_validate({"title": "  New  "}), Changes) == {"title": "New"}
