"""Public, read-only audience views: ``/s/r/<token>/`` and its printable page."""

from django.urls import path

from leitstern.roadmap.views import share

app_name = "roadmap_share"

urlpatterns = [
    path("r/<str:token>/", share.shared, name="view"),
    path("r/<str:token>/print/", share.shared_print, name="print"),
]
