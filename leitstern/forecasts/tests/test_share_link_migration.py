"""Share links given out before they became the kernel's public links keep working: the
migration keeps each link's token hash, expiry and revocation."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from leitstern.accounts.models import hash_token
from leitstern.forecasts.tests.factory import sample_saved, sample_tracking
from leitstern.testing import make_world

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("forecasts", "0005_import_jobs_move_to_core")


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes("forecasts")


def test_links_made_before_the_migration_open_or_say_why_after_it():
    world = make_world()
    forecast, tracking = sample_saved(world), sample_tracking(world)
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate([BEFORE])
    try:
        old = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
        ShareLink = old.get_model("forecasts", "ShareLink")
        assert "single_use" not in {f.name for f in ShareLink._meta.get_fields()}
        now = timezone.now()
        raws = {name: secrets.token_urlsafe(24) for name in ("open", "tracking", "revoked", "old")}
        for name, raw in raws.items():
            ShareLink.objects.create(
                workspace_id=world.workspace.pk,
                forecast_id=None if name == "tracking" else forecast.pk,
                tracking_id=tracking.pk if name == "tracking" else None,
                token_hash=hash_token(raw),
                created_by_id=world.owner.pk,
                expires_at=now + timedelta(days=-1 if name == "old" else 30),
                revoked_at=now - timedelta(hours=1) if name == "revoked" else None,
            )
    finally:
        MigrationExecutor(connection).migrate(latest)

    from leitstern.forecasts.models import ShareLink as Current

    assert Current.objects.filter(single_use=True).count() == 0
    assert Current.objects.filter(used_at__isnull=False).count() == 0
    anonymous = Client()
    page = anonymous.get(f"/s/{raws['open']}/")
    assert page.status_code == 200 and forecast.name in page.text
    page = anonymous.get(f"/s/{raws['tracking']}/")
    assert page.status_code == 200 and tracking.name in page.text
    page = anonymous.get(f"/s/{raws['revoked']}/")
    assert page.status_code == 404 and "This link has been revoked" in page.text
    page = anonymous.get(f"/s/{raws['old']}/")
    assert page.status_code == 404 and "This link has expired" in page.text
