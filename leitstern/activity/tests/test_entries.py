"""The activity log never dies on an odd entry, and repeats of one change show once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client

from leitstern.activity.models import ActivityEntry
from leitstern.activity.selectors import RUN_GAP, runs
from leitstern.activity.services import activity_record
from leitstern.strategy.services import check_in_record
from leitstern.strategy.tests.factory import make_okr

pytestmark = pytest.mark.django_db


def _activity(world, user=None, **headers):
    client = Client()
    client.force_login(user or world.viewer)
    return client.get(f"/w/{world.workspace.slug}/activity/", headers=headers)


def _entry(world, **fields) -> ActivityEntry:
    defaults = {
        "workspace": world.workspace,
        "actor": world.owner,
        "kind": "product.updated",
        "target_type": "products.product",
        "target_id": world.product.pk,
        "target_label": world.product.name,
    }
    return ActivityEntry.objects.create(**{**defaults, **fields})


def test_a_check_in_names_its_confidence_without_failing(world):
    """A check-in is logged on its key result with ``confidence``, which is no field of a
    key result: the page used to answer 500 for every role."""
    key_result = make_okr(world)
    with transaction.atomic():
        check_in_record(actor=world.owner, key_result=key_result, confidence=7, value=12.0)
    for role in ("viewer", "owner"):
        response = _activity(world, world.user(role))
        assert response.status_code == 200
        assert "confidence: <del>—</del> → <ins>7</ins>" in response.text


def test_labels_numbers_and_days_are_german_for_a_german_reader(world):
    key_result = make_okr(world)
    with transaction.atomic():
        check_in_record(actor=world.owner, key_result=key_result, confidence=7, value=12.5)
    _entry(world, changes={"target": ["", "2026-07-06"]}, target_label="Dated")
    world.viewer.language = "de"
    world.viewer.save()
    page = _activity(world).text
    assert "Zuversicht: <del>—</del> → <ins>7</ins>" in page
    assert "Wert: <del>—</del> → <ins>12,5</ins>" in page
    assert "Zielwert: <del>—</del> → <ins>06.07.2026</ins>" in page


@pytest.mark.parametrize(
    "target_type,changes",
    [
        ("products.product", {"no_such_field": ["a", "b"]}),
        ("gone.model", {"name": ["a", "b"]}),
        ("", {"name": ["a", "b"]}),
        ("products.product", {"name": "only the new value"}),
        ("products.product", {"name": ["a", "b", "c"]}),
        ("products.product", {"name": None}),
        ("products.product", ["not", "a", "dict"]),
        ("products.product", "text"),
        ("products.product", {"": ["a", "b"], "7": [1, 2]}),
    ],
)
def test_one_odd_entry_never_takes_the_page_down(world, target_type, changes):
    _entry(world, target_type=target_type, changes=changes, target_label="Odd one")
    response = _activity(world)
    assert response.status_code == 200
    assert "Odd one" in response.text


def test_consecutive_repeats_show_once_with_their_count(world):
    key_result = make_okr(world)
    with transaction.atomic():
        for confidence in range(1, 6):
            check_in_record(actor=world.owner, key_result=key_result, confidence=confidence)
    page = _activity(world).text
    assert page.count("checked in on a key result") == 1
    assert ">×5<" in page
    assert "4 earlier times" in page
    # Nothing is lost: every confidence is still on the page.
    for confidence in range(1, 6):
        assert f"<ins>{confidence}</ins>" in page


def test_runs_break_on_another_person_object_kind_or_a_pause(world):
    entries = [
        _entry(world),  # oldest, more than RUN_GAP before the next
        _entry(world),
        _entry(world),
        _entry(world, actor=world.editor),
        _entry(world, target_id=999),
        _entry(world, kind="product.archived"),
        _entry(world),  # newest
    ]
    now = entries[-1].created_at
    # auto_now_add ignores a given time; set the times this test is about.
    ActivityEntry.objects.filter(pk__in=[e.pk for e in entries]).update(created_at=now)
    ActivityEntry.objects.filter(pk=entries[0].pk).update(
        created_at=now - RUN_GAP - timedelta(seconds=1)
    )
    newest_first = list(ActivityEntry.objects.filter(pk__in=[e.pk for e in entries]))
    grouped = runs(newest_first)
    assert [run.count for run in grouped] == [1, 1, 1, 1, 2, 1]
    assert [e.pk for run in grouped for e in run.entries] == [e.pk for e in entries[::-1]]
    assert [run.count for run in runs(newest_first, limit=5)] == [1, 1, 1, 1, 2]


def test_the_overview_shows_runs_too(world):
    key_result = make_okr(world)
    with transaction.atomic():
        for confidence in range(1, 4):
            check_in_record(actor=world.owner, key_result=key_result, confidence=confidence)
        activity_record(
            workspace=world.workspace,
            actor=world.owner,
            kind="product.updated",
            target=world.product,
        )
    client = Client()
    client.force_login(world.viewer)
    page = client.get(f"/w/{world.workspace.slug}/").text
    assert page.count("checked in on a key result") == 1 and ">×3<" in page
