"""Scores kept on key results and objectives stay equal to computing them from the data,
after every kind of write: key results, check-ins, metric values (pushed, set, deleted,
uploaded), cycle dates, an objective's kind, deletes, carrying forward, closing, a
workspace import, the data migration for rows written before, and the large-workspace
generator. Pages read the kept numbers, so these tests guard what pages show."""

from __future__ import annotations

import importlib
import io
import json
import random
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leitstern.core.portability.exporting import export_workspace
from leitstern.core.portability.importing import import_workspace
from leitstern.strategy import scoring, selectors, services
from leitstern.strategy.models import CheckIn, Cycle, KeyResult, Objective
from leitstern.strategy.services.scores import KEPT_KEY_RESULT_FIELDS
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_key_result,
    make_metric,
    make_objective,
    make_past_cycle,
)

pytestmark = pytest.mark.django_db


def computed(kr: KeyResult) -> dict:
    """A key result's numbers computed from the data itself, the way pages computed them
    before they were kept: the metric's latest value up to the cycle's end (or the value
    entered), its score, the trend through the check-ins and the reasons for risk."""
    kr = KeyResult.objects.select_related("objective__cycle", "metric").get(pk=kr.pk)
    cycle = kr.objective.cycle
    value, day = kr.current, None
    if kr.metric_id:
        latest = kr.metric.values.filter(day__lte=cycle.ends_on).order_by("-day").first()
        value, day = (latest.value, latest.day) if latest else (None, None)
    detail = scoring.key_result_score(
        baseline=kr.baseline, target=kr.target, current=value, direction=kr.direction
    )
    check_ins = list(CheckIn.objects.filter(key_result=kr).order_by("week"))
    points = [(c.week, c.value) for c in check_ins if c.value is not None]
    if kr.baseline is not None:
        points.insert(0, (cycle.starts_on, kr.baseline))
    trend = scoring.project(
        points, end=cycle.ends_on, baseline=kr.baseline, target=kr.target, direction=kr.direction
    )
    risks = scoring.risks(
        confidences=[c.confidence for c in check_ins],
        committed=kr.objective.kind == "committed",
        projection=trend,
    )
    return {
        "kept_value": value,
        "kept_value_day": day,
        "kept_score": detail.score,
        "kept_method": str(detail.method),
        "kept_trend_value": trend.value if trend else None,
        "kept_trend_score": trend.score if trend else None,
        "kept_trend_points": trend.points if trend else None,
        "risk_confidence_drop": scoring.Risk.CONFIDENCE_DROP in risks,
        "risk_low_confidence": scoring.Risk.LOW_CONFIDENCE in risks,
        "risk_behind_trend": scoring.Risk.BEHIND_TREND in risks,
    }


def assert_kept(workspace) -> None:
    """Every key result's and objective's kept numbers equal computing them anew."""
    krs = KeyResult.objects.filter(objective__cycle__workspace=workspace).order_by("pk")
    assert krs.exists()
    for kr in krs:
        stored = {name: getattr(kr, name) for name in KEPT_KEY_RESULT_FIELDS}
        assert stored == computed(kr), f"key result {kr.pk} “{kr.title}”"
    for objective in Objective.objects.filter(cycle__workspace=workspace):
        parts = [
            computed(kr)["kept_score"] for kr in objective.key_results.order_by("created_at", "id")
        ]
        assert objective.kept_score == scoring.objective_score(parts), objective.title


@pytest.fixture
def okrs(world):
    """A running cycle with a committed and an aspirational objective; key results that
    follow a metric, one entered by hand, one without baseline; a closed earlier cycle
    following the same metric."""
    metric = make_metric(world.product, world.owner, "Weekly buyers")
    cycle = make_cycle(world.workspace, world.owner)
    past = make_past_cycle(world.workspace, world.owner)
    services.metric_values_record(
        actor=world.owner,
        metric=metric,
        values=[(past.starts_on + timedelta(days=7 * n), 10.0 + n, "") for n in range(20)],
    )
    committed = make_objective(cycle, world.owner, product=world.product)
    aspirational = make_objective(cycle, world.owner, kind="aspirational")
    old = make_objective(past, world.owner)
    krs = {
        "metric": make_key_result(committed, world.owner, metric=metric, baseline=12, target=40),
        "hand": make_key_result(committed, world.owner, baseline=10, target=20, current=11),
        "no_baseline": make_key_result(aspirational, world.owner, baseline=None, target=8),
        "old": make_key_result(old, world.owner, metric=metric, baseline=10, target=30),
    }
    return {
        "metric": metric,
        "cycle": cycle,
        "past": past,
        "krs": krs,
        "committed": committed,
        "aspirational": aspirational,
        "old": old,
    }


def test_creating_key_results_keeps_their_scores(world, okrs):
    assert_kept(world.workspace)
    kr = KeyResult.objects.get(pk=okrs["krs"]["metric"].pk)
    assert kr.kept_value is not None and kr.kept_method == "progress"


def test_check_ins_keep_value_trend_and_risk(world, okrs):
    hand, metric_kr = okrs["krs"]["hand"], okrs["krs"]["metric"]
    weeks = okrs["cycle"].weeks()
    today = timezone.localdate()
    past_weeks = [week for week in weeks if week <= today] or weeks[:1]
    for n, week in enumerate(past_weeks[:3]):
        services.check_in_record(
            actor=world.owner, key_result=hand, confidence=8 - 3 * n, value=11.0 + n, week=week
        )
        assert_kept(world.workspace)
    services.check_in_record(actor=world.owner, key_result=metric_kr, confidence=6, value=33)
    assert_kept(world.workspace)
    services.check_in_record(actor=world.contributor, key_result=metric_kr, confidence=2)
    assert_kept(world.workspace)
    assert KeyResult.objects.get(pk=metric_kr.pk).risk_low_confidence


def test_deleting_a_check_in_keeps_the_scores(world, okrs):
    hand = okrs["krs"]["hand"]
    check_in = services.check_in_record(actor=world.owner, key_result=hand, confidence=2, value=15)
    assert KeyResult.objects.get(pk=hand.pk).risk_low_confidence
    services.check_in_delete(actor=world.owner, obj=check_in)
    assert_kept(world.workspace)
    assert not KeyResult.objects.get(pk=hand.pk).risk_low_confidence


def test_metric_values_pushed_set_and_deleted_keep_every_following_key_result(world, okrs):
    metric, cycle = okrs["metric"], okrs["cycle"]
    services.metric_values_record(
        actor=world.owner,
        metric=metric,
        values=[(cycle.starts_on + timedelta(days=n), 30.0 + n, "") for n in range(5)],
    )
    assert_kept(world.workspace)
    value = services.metric_value_set(
        actor=world.owner, metric=metric, day=okrs["past"].ends_on, value=99
    )
    assert_kept(world.workspace)  # the closed cycle's key result follows the metric too
    services.metric_value_delete(actor=world.owner, value=value)
    assert_kept(world.workspace)


def test_a_metric_upload_keeps_the_scores(world, okrs):
    client = Client()
    client.force_login(world.editor)
    day = okrs["cycle"].ends_on
    page = reverse(
        "strategy:metric_import", kwargs={"slug": world.workspace.slug, "pk": okrs["metric"].pk}
    )
    preview = client.post(page, {"text": f"Datum;Wert\n{day:%d.%m.%Y};37,5\n"}, follow=True)
    apply = reverse(
        "strategy:metric_import_apply",
        kwargs={
            "slug": world.workspace.slug,
            "pk": okrs["metric"].pk,
            "job": preview.context["job"].pk,
        },
    )
    response = client.post(apply)
    assert response.status_code == 302
    assert_kept(world.workspace)
    assert KeyResult.objects.get(pk=okrs["krs"]["metric"].pk).kept_value == 37.5


def test_editing_a_key_result_keeps_its_score(world, okrs):
    hand, metric_kr = okrs["krs"]["hand"], okrs["krs"]["metric"]
    services.key_result_update(actor=world.owner, key_result=hand, target=12, current=13)
    assert_kept(world.workspace)
    services.key_result_update(actor=world.owner, key_result=hand, baseline=None)
    assert_kept(world.workspace)
    services.key_result_update(actor=world.owner, key_result=metric_kr, metric=None, current=5)
    assert_kept(world.workspace)
    # The instance passed in reads the kept numbers too.
    assert metric_kr.kept_value == 5


def test_changing_cycle_dates_keeps_the_scores(world, okrs):
    cycle = okrs["cycle"]
    services.metric_values_record(
        actor=world.owner, metric=okrs["metric"], values=[(cycle.ends_on, 50.0, "")]
    )
    services.cycle_update(actor=world.owner, cycle=cycle, ends_on=cycle.ends_on - timedelta(days=1))
    assert_kept(world.workspace)


def test_an_objective_changing_its_kind_keeps_its_risks(world, okrs):
    hand = okrs["krs"]["hand"]
    for week in okrs["cycle"].weeks()[:2]:
        services.check_in_record(
            actor=world.owner, key_result=hand, confidence=7, value=10.1, week=week
        )
    for kind in ("aspirational", "committed"):
        services.objective_update(actor=world.owner, objective=okrs["committed"], kind=kind)
        assert_kept(world.workspace)


def test_moving_an_objective_in_the_tree_keeps_the_scores(world, okrs):
    """An objective moves by its parent, product or team (its cycle and key results stay
    its own): the kept numbers stay what computing them gives, before and after."""
    for kr in okrs["krs"].values():
        if not kr.objective.cycle.is_closed:
            services.check_in_record(
                actor=world.owner,
                key_result=kr,
                confidence=4,
                value=13.0,
                week=okrs["cycle"].weeks()[0],
            )
    before = {o.pk: o.kept_score for o in Objective.objects.filter(cycle=okrs["cycle"])}
    services.objective_update(
        actor=world.owner, objective=okrs["committed"], parent=okrs["aspirational"], product=None
    )
    assert_kept(world.workspace)
    services.objective_update(actor=world.owner, objective=okrs["committed"], parent=None)
    assert_kept(world.workspace)
    after = {o.pk: o.kept_score for o in Objective.objects.filter(cycle=okrs["cycle"])}
    assert after == before


def test_deleting_key_results_and_objectives_keeps_the_objective_scores(world, okrs):
    services.key_result_delete(actor=world.owner, obj=okrs["krs"]["hand"])
    assert_kept(world.workspace)
    services.key_result_delete(actor=world.owner, obj=okrs["krs"]["no_baseline"])
    assert Objective.objects.get(pk=okrs["aspirational"].pk).kept_score is None
    services.objective_delete(actor=world.owner, obj=okrs["committed"])
    assert_kept(world.workspace)


def test_carrying_forward_and_closing_keep_the_scores(world, okrs):
    cycle = okrs["cycle"]
    services.cycle_close(
        actor=world.owner,
        cycle=cycle,
        postmortems={okrs["committed"].pk: "Too little time."},
        carry_forward=[okrs["aspirational"].pk],
    )
    assert_kept(world.workspace)
    carried = Objective.objects.get(carried_from=okrs["aspirational"])
    assert carried.key_results.exists()
    closed = selectors.scored_objectives(
        Objective.objects.filter(cycle=cycle), today=timezone.localdate()
    )
    for objective in closed:
        assert objective.info.score == objective.final_score


def test_the_api_writes_keep_the_scores(world, okrs):
    from leitstern.accounts.services import api_token_create

    _token, raw = api_token_create(actor=world.owner, workspace=world.workspace, name="t")
    client, auth = Client(), {"Authorization": f"Bearer {raw}"}
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    hand = okrs["krs"]["hand"]
    answer = client.patch(
        f"{base}/key-results/{hand.pk}", {"target": 30}, "application/json", headers=auth
    )
    assert answer.status_code == 200
    assert answer.json()["score"] == round(computed(hand)["kept_score"], 4)
    answer = client.post(
        f"{base}/key-results/{hand.pk}/check-ins",
        {"confidence": 3, "value": 19},
        "application/json",
        headers=auth,
    )
    assert answer.status_code == 201
    assert_kept(world.workspace)


def test_a_workspace_import_computes_the_scores_anew(world, okrs):
    services.check_in_record(actor=world.owner, key_result=okrs["krs"]["hand"], confidence=2)
    out = io.StringIO()
    export_workspace(world.workspace, out)
    data = json.loads(out.getvalue())
    for row in data["models"]["strategy.keyresult"]:
        row.update(kept_score=0.0, kept_value=None, risk_low_confidence=False)  # stale file
    for row in data["models"]["strategy.objective"]:
        row["kept_score"] = None
    copy = import_workspace(data, slug="copy").workspace
    assert_kept(copy)


def test_the_data_migration_computes_what_the_services_keep(world, okrs):
    services.check_in_record(actor=world.owner, key_result=okrs["krs"]["hand"], confidence=7)
    KeyResult.objects.update(kept_score=0.0, kept_value=None, kept_method="no_data")
    Objective.objects.update(kept_score=None)
    migration = importlib.import_module("leitstern.strategy.migrations.0004_kept_scores")
    migration.keep_scores(django_apps, None)
    assert_kept(world.workspace)


def test_the_at_risk_page_lists_what_computing_the_risks_finds(world, okrs):
    """Kept reasons, read for today: none in a closed cycle, the trend only while the
    cycle runs."""
    today = timezone.localdate()
    rng = random.Random(5)
    cycle = okrs["cycle"]
    objective = okrs["committed"]
    for _ in range(8):
        kr = make_key_result(objective, world.owner, baseline=10, target=20)
        for week in [w for w in cycle.weeks() if w <= today][:3]:
            services.check_in_record(
                actor=world.owner,
                key_result=kr,
                week=week,
                confidence=rng.randrange(11),
                value=rng.uniform(9, 21),
            )
    # A past cycle that was never closed does not run today: not on the page.
    services.check_in_record(
        actor=world.owner, key_result=okrs["krs"]["old"], confidence=1, week=okrs["past"].starts_on
    )
    client = Client()
    client.force_login(world.viewer)
    response = client.get(reverse("strategy:at_risk", kwargs={"slug": world.workspace.slug}))
    shown = {kr.pk for kr in response.context["key_results"]}
    expected = set()
    for kr in KeyResult.objects.filter(objective__cycle=cycle):
        found = computed(kr)
        if (
            found["risk_confidence_drop"]
            or found["risk_low_confidence"]
            or (found["risk_behind_trend"] and Cycle.objects.get(pk=cycle.pk).is_running(today))
        ):
            expected.add(kr.pk)
    assert shown == expected and expected


def test_the_large_workspace_generator_writes_what_the_services_keep(db):
    from leitstern.core.tests.large import SMALL, build
    from leitstern.strategy import large as strategy_large

    context = build(slug="small", scale=SMALL)
    assert strategy_large.verify(context) == []
    assert_kept(context.workspace)
