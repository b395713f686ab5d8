from __future__ import annotations

import pytest

from leitstern.strategy.hints import Hint, key_result_hints, objective_hints, output_words


@pytest.mark.parametrize(
    "title",
    [
        "Launch the new onboarding",
        "Ship dark mode by March",
        "Released 3 features",
        "Build a recommendation engine",
        "Migrate 12 shops to the new stack",
        "Neues Onboarding einführen",
        "Wir führen das Bonusprogramm ein und haben es eingeführt",
        "Zahlungsseite umsetzen",
        "Version 2 ausliefern",
        "Dashboard bauen",
        "Shop soll livegehen",
        "Die App geht live",
    ],
)
def test_it_spots_output_phrasing_in_english_and_german(title):
    assert Hint.OUTPUT_PHRASING in key_result_hints(title=title, baseline=1.0)


@pytest.mark.parametrize(
    "title",
    ["Raise repeat purchases from 18% to 25%", "Wiederkaufrate von 18 % auf 25 % steigern"],
)
def test_outcome_phrasing_gets_no_hint(title):
    assert key_result_hints(title=title, baseline=18.0) == []


def test_output_words_are_named_as_written():
    assert output_words("We LAUNCH and then ship it") == ["LAUNCH", "ship"]


def test_no_baseline_and_no_number_are_hinted():
    assert key_result_hints(title="More happy customers", baseline=None) == [
        Hint.NO_NUMBER,
        Hint.NO_BASELINE,
    ]


def test_a_sixth_key_result_is_hinted():
    assert Hint.TOO_MANY_KEY_RESULTS in key_result_hints(
        title="Raise NPS to 40", baseline=30, sibling_count=5
    )
    assert Hint.TOO_MANY_KEY_RESULTS not in key_result_hints(
        title="Raise NPS to 40", baseline=30, sibling_count=4
    )


def test_objective_hints():
    assert objective_hints(title="Shoppers trust us", key_result_count=0) == [Hint.NO_KEY_RESULTS]
    assert objective_hints(title="Shoppers trust us", key_result_count=6) == [
        Hint.TOO_MANY_KEY_RESULTS
    ]
    assert objective_hints(title="Launch the app", key_result_count=3) == [Hint.OUTPUT_PHRASING]
