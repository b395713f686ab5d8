"""The large workspace's requests: the derived rows are stored as the services keep them."""

from __future__ import annotations

import pytest

from leitstern.core.large import FULL
from leitstern.core.tests.large import built_fixture
from leitstern.requests import large
from leitstern.requests.models import PersonAccount

pytestmark = pytest.mark.django_db

SCALE = FULL.times(0.002)


built = built_fixture(slug="large-requests", scale=SCALE)


def test_the_accounts_each_person_looks_after_are_stored(built):
    assert PersonAccount.objects.filter(workspace=built.workspace).exists()
    assert large.verify(built) == []


def test_verify_finds_accounts_stored_wrongly(built):
    row = PersonAccount.objects.filter(workspace=built.workspace).first()
    PersonAccount.objects.filter(pk=row.pk).delete()
    assert "the stored accounts looked after are not the ones the requests give" in large.verify(
        built
    )
    PersonAccount.objects.create(
        workspace=built.workspace, user_id=row.user_id, organisation_id=row.organisation_id
    )
