"""Hints while a hypothesis is written, and likely duplicates in a backlog (pure)."""

from __future__ import annotations

from leitstern.discovery import duplicates
from leitstern.discovery.hints import Hint, hypothesis_hints


def _hints(**kwargs):
    values = {
        "statement": "",
        "has_metric": True,
        "baseline": 10.0,
        "target": 12.0,
        "has_date": True,
    }
    values.update(kwargs)
    return hypothesis_hints(**values)


def test_a_complete_hypothesis_gets_no_hint():
    assert _hints(statement="A delivery promise raises checkout conversion") == []


def test_each_gap_gets_its_hint():
    assert Hint.NO_METRIC in _hints(has_metric=False)
    assert Hint.NO_BASELINE in _hints(baseline=None)
    assert Hint.NO_TARGET in _hints(target=None)
    assert Hint.TARGET_WITHOUT_DATE in _hints(has_date=False)
    assert Hint.NO_RULE in _hints(target=None)
    assert Hint.NO_TARGET not in _hints(target=None, minimum_effect=1.5)


def test_output_phrasing_is_a_hint_only_without_a_metric():
    assert Hint.OUTPUT_PHRASING in _hints(
        statement="We launch one-click checkout", has_metric=False
    )
    assert Hint.OUTPUT_PHRASING in _hints(
        statement="Wir bauen eine Express-Kasse", has_metric=False
    )
    assert Hint.OUTPUT_PHRASING not in _hints(statement="We launch one-click checkout")


def test_titles_sharing_most_words_are_likely_duplicates():
    pairs = duplicates.likely_duplicates(
        [
            (1, "Show the delivery date on the product page"),
            (2, "Delivery date shown on product pages"),
            (3, "Guest checkout without an account"),
            (4, "Checkout ohne Konto (Gastkauf)"),
        ]
    )
    assert [(p.first, p.second) for p in pairs] == [(1, 2)]


def test_accents_and_case_do_not_hide_a_duplicate():
    pairs = duplicates.likely_duplicates(
        [(1, "Rückgabe einfacher machen"), (2, "RUECKGABE? rückgabe einfacher machen!")]
    )
    assert pairs and pairs[0].similarity >= duplicates.THRESHOLD


def test_pairs_join_into_groups():
    pairs = [duplicates.Pair(1, 2, 1.0), duplicates.Pair(2, 5, 0.7), duplicates.Pair(7, 8, 0.9)]
    assert duplicates.groups(pairs) == [[1, 2, 5], [7, 8]]


def test_a_tiny_p_value_reads_as_an_equation_in_powers_of_ten():
    from leitstern.discovery.wording import p_value

    assert p_value(0.0312) == "0.0312"
    assert p_value(2.14e-9) == "2.1 × 10⁻⁹"
    assert p_value(9.96e-6) == "1.0 × 10⁻⁵"
    assert not p_value(3e-7).startswith("<")


def test_a_chance_to_win_never_claims_certainty():
    from leitstern.discovery.wording import probability

    assert probability(0.99999) == "> 99.9%"
    assert probability(0.00001) == "< 0.1%"
    assert probability(0.734) == "73.4%"
