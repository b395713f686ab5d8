"""Deleting what was created by mistake: services, confirmation pages and API."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from leitstern.activity.models import ActivityEntry
from leitstern.strategy import services
from leitstern.strategy.models import (
    Annotation,
    CheckIn,
    KeyResult,
    Metric,
    MetricTarget,
    MetricValue,
    Objective,
)
from leitstern.strategy.tests.factory import (
    make_cycle,
    make_key_result,
    make_metric,
    make_objective,
    make_past_cycle,
)
from leitstern.strategy.tests.test_api import api

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world, name: str, pk: int) -> str:
    return reverse(f"strategy:{name}", kwargs={"slug": world.workspace.slug, "pk": pk})


def metric_with_data(world) -> Metric:
    metric = make_metric(world.product, world.owner, "Mistaken metric")
    services.metric_value_set(actor=world.owner, metric=metric, day=date(2026, 1, 5), value=3)
    services.metric_target_add(actor=world.owner, metric=metric, day=date(2026, 6, 1), value=9)
    services.annotation_add(
        actor=world.owner, product=world.product, metric=metric, day=date(2026, 1, 5), text="x"
    )
    services.annotation_add(
        actor=world.owner, product=world.product, day=date(2026, 1, 5), text="Launch"
    )
    return metric


def checked_in_okr(world, cycle=None):
    cycle = cycle or make_cycle(world.workspace, world.owner)
    objective = make_objective(cycle, world.owner, "Mistaken objective", product=world.product)
    kr = make_key_result(objective, world.owner, "Mistaken key result")
    check_in = services.check_in_record(actor=world.owner, key_result=kr, confidence=6)
    return objective, kr, check_in


def close(world, cycle):
    for objective in cycle.objectives.all():
        services.objective_update(actor=world.owner, objective=objective, postmortem="Missed.")
    services.cycle_close(actor=world.owner, cycle=cycle)


# --- services ------------------------------------------------------------------------------


def test_deleting_a_metric_takes_its_values_targets_and_own_annotations(
    world, django_capture_on_commit_callbacks
):
    metric = metric_with_data(world)
    pk = metric.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.metric_delete(actor=world.editor, obj=metric, note="Typo in the name")
    assert not Metric.objects.filter(pk=pk).exists()
    assert not MetricValue.objects.filter(metric_id=pk).exists()
    assert not MetricTarget.objects.filter(metric_id=pk).exists()
    assert list(Annotation.objects.values_list("text", flat=True)) == ["Launch"]
    entry = ActivityEntry.objects.get(kind="strategy.metric.deleted")
    assert (entry.target_id, entry.target_label, entry.note) == (
        pk,
        "Mistaken metric",
        "Typo in the name",
    )
    assert entry.changes["values"] == ["1", ""]


def test_a_metric_that_a_key_result_follows_is_not_deleted(world):
    metric = make_metric(world.product, world.owner)
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    make_key_result(objective, world.owner, "Follows it", metric=metric)
    with pytest.raises(ValidationError) as error:
        services.metric_delete(actor=world.editor, obj=metric)
    assert "“Follows it”" in error.value.message_dict["metric"][0]
    assert Metric.objects.filter(pk=metric.pk).exists()


def test_deleting_an_objective_takes_its_key_results_and_check_ins(
    world, django_capture_on_commit_callbacks
):
    objective, kr, _check_in = checked_in_okr(world)
    child = make_objective(objective.cycle, world.owner, parent=objective)
    pk = objective.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.objective_delete(actor=world.editor, obj=objective)
    assert not Objective.objects.filter(pk=pk).exists()
    assert not KeyResult.objects.filter(pk=kr.pk).exists()
    assert not CheckIn.objects.filter(key_result_id=kr.pk).exists()
    child.refresh_from_db()
    assert child.parent is None
    entry = ActivityEntry.objects.get(kind="strategy.objective.deleted")
    assert (entry.target_id, entry.target_label) == (pk, "Mistaken objective")
    assert entry.changes == {"key_results": ["1", ""], "check_ins": ["1", ""]}


def test_objectives_of_a_closed_cycle_stay(world):
    objective, kr, check_in = checked_in_okr(world, make_past_cycle(world.workspace, world.owner))
    close(world, objective.cycle)
    for delete, obj in [
        (services.objective_delete, objective),
        (services.key_result_delete, kr),
        (services.check_in_delete, check_in),
    ]:
        obj.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            delete(actor=world.editor, obj=obj)
        assert "closed cycle" in error.value.message_dict["cycle"][0]
    assert Objective.objects.filter(pk=objective.pk).exists()
    assert CheckIn.objects.filter(pk=check_in.pk).exists()


def test_deleting_a_key_result_keeps_the_metric_data(world, django_capture_on_commit_callbacks):
    metric = make_metric(world.product, world.owner)
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    kr = make_key_result(objective, world.owner, "Bound", metric=metric)
    services.check_in_record(actor=world.owner, key_result=kr, confidence=5, value=12)
    with django_capture_on_commit_callbacks(execute=True):
        services.key_result_delete(actor=world.editor, obj=kr)
    assert not KeyResult.objects.filter(title="Bound").exists()
    assert metric.values.count() == 1
    entry = ActivityEntry.objects.get(kind="strategy.key_result.deleted")
    assert entry.target_label == "Bound" and entry.changes == {"check_ins": ["1", ""]}


def test_deleting_a_check_in_keeps_the_key_result(world, django_capture_on_commit_callbacks):
    _objective, kr, check_in = checked_in_okr(world)
    label = str(check_in)
    with django_capture_on_commit_callbacks(execute=True):
        services.check_in_delete(actor=world.editor, obj=check_in, note="Wrong week")
    assert not CheckIn.objects.filter(pk=check_in.pk).exists()
    assert KeyResult.objects.filter(pk=kr.pk).exists()
    entry = ActivityEntry.objects.get(kind="strategy.check_in.deleted")
    assert entry.target_id == kr.pk and entry.changes == {"check_in": [label, ""]}


def test_the_deletion_kinds_have_labels():
    from leitstern.activity import kinds

    for kind in ["metric", "objective", "key_result", "check_in"]:
        assert str(kinds.label(f"strategy.{kind}.deleted")).startswith("deleted a")


# --- pages ---------------------------------------------------------------------------------


def test_the_confirmation_page_says_what_goes_and_posting_deletes(world):
    metric = metric_with_data(world)
    client = client_for(world.editor)
    page = client.get(url(world, "metric_delete", metric.pk)).content.decode()
    assert "Delete the metric “Mistaken metric”?" in page
    assert "Its 1 value is deleted." in page
    assert "Annotations shown on all of the product&#x27;s charts stay." in page
    response = client.post(url(world, "metric_delete", metric.pk), {"note": "Duplicate"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "strategy:product", kwargs={"slug": world.workspace.slug, "product_id": world.product.pk}
    )
    assert not Metric.objects.filter(pk=metric.pk).exists()


def test_the_page_explains_a_refusal_and_posting_changes_nothing(world):
    metric = make_metric(world.product, world.owner)
    objective = make_objective(make_cycle(world.workspace, world.owner), world.owner)
    make_key_result(objective, world.owner, "Follows it", metric=metric)
    client = client_for(world.editor)
    page = client.get(url(world, "metric_delete", metric.pk)).content.decode()
    assert "It cannot be deleted" in page and "Follows it" in page
    assert 'type="submit"' not in page
    assert client.post(url(world, "metric_delete", metric.pk)).status_code == 200
    assert Metric.objects.filter(pk=metric.pk).exists()


def test_objective_key_result_and_check_in_pages_delete(world):
    client = client_for(world.editor)
    objective, kr, check_in = checked_in_okr(world)
    page = client.get(url(world, "objective_delete", objective.pk)).content.decode()
    assert "Its 1 key result is deleted." in page
    page = client.get(url(world, "key_result", kr.pk)).content.decode()
    assert url(world, "check_in_delete", check_in.pk) in page
    assert url(world, "key_result_delete", kr.pk) in page

    response = client.post(url(world, "check_in_delete", check_in.pk))
    assert response["Location"] == url(world, "key_result", kr.pk)
    response = client.post(url(world, "key_result_delete", kr.pk))
    assert response["Location"] == url(world, "objective", objective.pk)
    response = client.post(url(world, "objective_delete", objective.pk))
    assert response["Location"] == url(world, "cycle", objective.cycle_id)
    assert not Objective.objects.filter(pk=objective.pk).exists()


def test_a_closed_cycles_pages_offer_no_delete(world):
    objective, kr, check_in = checked_in_okr(world, make_past_cycle(world.workspace, world.owner))
    close(world, objective.cycle)
    client = client_for(world.editor)
    assert url(world, "objective_delete", objective.pk) not in (
        client.get(url(world, "objective", objective.pk)).content.decode()
    )
    assert url(world, "check_in_delete", check_in.pk) not in (
        client.get(url(world, "key_result", kr.pk)).content.decode()
    )
    page = client.get(url(world, "objective_delete", objective.pk)).content.decode()
    assert "closed cycle" in page


def test_contributors_cannot_delete(world):
    _objective, kr, check_in = checked_in_okr(world)
    client = client_for(world.contributor)
    assert client.post(url(world, "check_in_delete", check_in.pk)).status_code == 404
    assert url(world, "check_in_delete", check_in.pk) not in (
        client.get(url(world, "key_result", kr.pk)).content.decode()
    )
    assert CheckIn.objects.filter(pk=check_in.pk).exists()


# --- API -----------------------------------------------------------------------------------


def test_the_api_deletes_with_204(world):
    metric = metric_with_data(world)
    objective, kr, check_in = checked_in_okr(world)
    client, base = api(world)
    for path in [
        f"check-ins/{check_in.pk}",
        f"key-results/{kr.pk}",
        f"objectives/{objective.pk}",
        f"metrics/{metric.pk}",
    ]:
        assert client.delete(f"{base}/{path}").status_code == 204, path
    assert not Objective.objects.filter(pk=objective.pk).exists()
    assert not Metric.objects.filter(pk=metric.pk).exists()


def test_the_api_refuses_with_field_and_reason(world):
    metric = make_metric(world.product, world.owner)
    objective, kr, check_in = checked_in_okr(world, make_past_cycle(world.workspace, world.owner))
    make_key_result(
        make_objective(make_cycle(world.workspace, world.owner), world.owner),
        world.owner,
        metric=metric,
    )
    close(world, objective.cycle)
    client, base = api(world)
    for path, field in [
        (f"metrics/{metric.pk}", "metric"),
        (f"objectives/{objective.pk}", "cycle"),
        (f"key-results/{kr.pk}", "cycle"),
        (f"check-ins/{check_in.pk}", "cycle"),
    ]:
        response = client.delete(f"{base}/{path}")
        assert response.status_code == 422, path
        (error,) = response.json()["errors"]
        assert error["field"] == field and error["reason"], path
