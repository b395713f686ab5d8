"""Public, read-only share links: ``/s/<token>/``."""

from django.urls import path

from leitstern.forecasts.views import share

app_name = "forecast_share"

urlpatterns = [
    path("<str:token>/", share.shared, name="view"),
]
