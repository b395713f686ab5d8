from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from leitstern.activity.models import ActivityEntry
from leitstern.forecasts.models import ShareLink, TrackingForecast, TrackingPoint
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services import tracking_refresh
from leitstern.forecasts.tests.factory import make_team, sample_saved, sample_tracking

pytestmark = pytest.mark.django_db


def _share(world, client_for, forecast) -> str:
    response = client_for(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/saved/{forecast.pk}/share/", {"days": "30"}
    )
    assert response.status_code == 200
    return re.search(r"http://testserver(/s/[\w-]+/)", response.text).group(1)


def test_a_share_link_is_shown_once_and_opens_without_login(world, client_for):
    forecast = sample_saved(world)
    path = _share(world, client_for, forecast)
    link = ShareLink.objects.get()
    assert path.split("/")[2] not in link.token_hash  # only the hash is kept
    page = Client().get(path)
    assert page.status_code == 200
    assert forecast.name in page.text
    assert "probability, not a promise" in page.text
    assert "sidenav" not in page.text and world.product.name not in page.text
    assert page["X-Robots-Tag"] == "noindex"


def test_a_revoked_or_expired_link_stops_working(world, client_for):
    path = _share(world, client_for, sample_saved(world))
    link = ShareLink.objects.get()
    client_for(world.editor).post(f"/w/{world.workspace.slug}/forecasts/shares/{link.pk}/revoke/")
    assert Client().get(path).status_code == 404
    path = _share(world, client_for, sample_saved(world))
    ShareLink.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    assert Client().get(path).status_code == 404
    assert Client().get("/s/not-a-token/").status_code == 404


def test_a_tracking_forecast_counts_down_and_can_be_shared(world, client_for):
    team = make_team(world, days=200, per_day=3)
    response = client_for(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/teams/{team.pk}/tracking/new/",
        {"name": "Release 2.0", "items": "120", "start": (today() - timedelta(days=10)).isoformat(),
         "alert_days": "7", "window": "90", "calibration": "auto"},
    )  # fmt: skip
    tracking = TrackingForecast.objects.get()
    assert response.url.endswith(f"/tracking/{tracking.pk}/")
    point = TrackingPoint.objects.get()
    assert 0 < point.done < 120 and point.remaining == 120 - point.done
    assert point.p50 <= point.p85 <= point.p85_calibrated
    page = client_for(world.viewer).get(response.url).text
    assert "items to go" in page and 'data-chart="tracking"' in page
    response = client_for(world.editor).post(
        f"/w/{world.workspace.slug}/forecasts/tracking/{tracking.pk}/share/", {"days": "7"}
    )
    path = re.search(r"http://testserver(/s/[\w-]+/)", response.text).group(1)
    assert "Release 2.0" in Client().get(path).text


def test_a_big_move_of_the_85_date_is_recorded(world, django_capture_on_commit_callbacks):
    tracking = sample_tracking(world)
    tracking.items = 500
    tracking.save()
    yesterday = today() - timedelta(days=1)
    TrackingPoint.objects.create(
        tracking=tracking, as_of=yesterday - timedelta(days=1), done=0, remaining=30,
        p50=yesterday, p85=yesterday, p85_calibrated=yesterday - timedelta(days=200),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        tracking_refresh(tracking=tracking)
    entry = ActivityEntry.objects.get(kind="forecasts.tracking_moved")
    assert entry.target_label == tracking.name and "moved by" in entry.note


def test_the_daily_command_refreshes_tracking_and_scores(world, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    tracking = sample_tracking(world)
    TrackingPoint.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("forecasts_daily")
    assert TrackingPoint.objects.filter(
        tracking=tracking, as_of=today() - timedelta(days=1)
    ).exists()


def test_the_daily_command_leaves_a_workspace_scheduled_for_deletion_alone(
    world, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    sample_tracking(world)
    TrackingPoint.objects.all().delete()
    world.workspace.deletion_requested_at = timezone.now()
    world.workspace.save(update_fields=["deletion_requested_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("forecasts_daily")
    assert not TrackingPoint.objects.exists()
