"""The demo company's requests hold what the issue promises to show."""

from __future__ import annotations

import pytest

from leitstern.requests import selectors
from leitstern.requests.models import Commitment, Request, RequestAccount, Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_requests_accounts_and_six_commitments(demo):
    requests = Request.objects.filter(workspace__slug="demo")
    assert requests.count() == 60
    assert requests.filter(status=Status.MERGED).count() == 2
    accounts = RequestAccount.objects.filter(request__workspace__slug="demo")
    assert accounts.values("organisation").distinct().count() == 20
    assert requests.filter(status=Status.NOT_PLANNED).exclude(reason="").exists()
    assert requests.filter(status=Status.RELEASED, loop_closed_at__isnull=False).exists()
    commitments = Commitment.objects.filter(workspace__slug="demo")
    assert commitments.count() == 6
    risks = [selectors.risk_of(c) for c in commitments]
    assert sum(r.overdue for r in risks) == 1
    assert any(r.level in ("amber", "red") and not r.overdue for r in risks), risks
    assert {c.state for c in commitments} >= {"kept", "broken", "committed", "proposed"}
