"""Percentages on forecast pages follow the reader's typography."""

from __future__ import annotations

from django.utils import translation

from leitstern.forecasts.templatetags.forecasts import percent


def test_a_percentage_reads_85_percent_in_english_and_85_space_percent_in_german():
    with translation.override("en"):
        assert percent(85.0) == "85%"
        assert percent("52.4") == "52%"
    with translation.override("de"):
        assert percent(85.0) == "85\u00a0%"
    assert percent(None) == percent("") == "—"
