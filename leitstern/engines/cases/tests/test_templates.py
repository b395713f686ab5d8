"""The templates are valid cases that tell the truth the issue is about."""

from __future__ import annotations

import json

import numpy as np

from leitstern.engines.cases import COST_CATEGORIES, Staff, simulate, validate_case
from leitstern.engines.cases.templates import AI_INITIATIVE, BLANK, TEMPLATES, template


def test_templates_are_valid():
    for case in TEMPLATES.values():
        validate_case(case)
    assert template("ai-initiative") is AI_INITIATIVE
    assert template("blank") is BLANK


def test_ai_template_has_the_usual_lines_each_with_its_source():
    names = {line.key for line in AI_INITIATIVE.costs}
    assert {
        "ml_engineers",
        "data_scientists",
        "product_design",
        "engineering",
        "governance",
        "legal",
        "change_training",
        "infrastructure",
        "inference",
        "data_setup",
        "evaluation",
        "support",
    } <= names
    assert {line.category for line in AI_INITIATIVE.costs} == set(COST_CATEGORIES) - {"other"}
    assert all(line.note for line in (*AI_INITIATIVE.costs, *AI_INITIATIVE.benefits))
    assert [p.key for p in AI_INITIATIVE.phases] == ["discovery", "pilot", "production", "scale"]
    people = [line for line in AI_INITIATIVE.costs if isinstance(line.driver, Staff)]
    assert len(people) >= 8
    assert any(line.step_ups for line in AI_INITIATIVE.costs)


def test_ai_template_shows_people_dominate_and_a_real_chance_of_loss():
    result = simulate(AI_INITIATIVE, trials=20_000, rng=np.random.default_rng(1))
    assert result.costs.people_share > 0.6
    assert result.probability_of_loss > 0.3
    assert 0.35 < result.phases[2].probability < 0.45  # 0.8 x 0.5
    json.dumps(result.as_dict())  # serialisable for the cache


def test_blank_template_simulates_to_nothing():
    result = simulate(BLANK, trials=200, rng=np.random.default_rng(0))
    assert result.npv.mean == 0.0
    assert result.probability_of_loss == 0.0
    assert result.roi is None
    assert [w.code for w in result.warnings] == ["few_trials", "roi_undefined"]
