"""The input schemas' safety net on values the JSON body turns into dates and datetimes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from leitstern.api.types import In
from leitstern.core import limits


class When(In):
    at: datetime
    on: date | None = None


def test_a_datetime_field_within_range_is_taken():
    answer = When.model_validate({"at": "2026-11-30T09:15:00+01:00", "on": "2026-11-30"})
    assert answer.at.date() == date(2026, 11, 30)


@pytest.mark.parametrize("field", ["at", "on"])
def test_a_datetime_or_date_out_of_range_is_refused_by_name(field):
    body = {
        "at": "2026-11-30T09:15:00",
        field: "0001-01-01" + ("T00:00:00" if field == "at" else ""),
    }
    with pytest.raises(ValidationError) as caught:
        When.model_validate(body)
    (error,) = caught.value.errors()
    assert error["loc"][-1] == field
    assert error["type"] == "date_range"


def test_date_in_range_reads_a_datetime_as_its_day():
    assert limits.date_in_range(datetime.combine(limits.MAX_DATE, datetime.max.time()))
    assert not limits.date_in_range(datetime(limits.MAX_DATE.year + 1, 1, 1))
