"""Leitstern's URLs. Workspace pages live under ``/w/<slug>/``; each domain app's
``urls.py`` lists its own."""

from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from leitstern.api.api import api
from leitstern.core.urls import workspace_patterns as core_workspace_patterns
from leitstern.workspaces.access import public_view

workspace = "w/<slug:slug>/"

urlpatterns = [
    path("", include("leitstern.core.urls")),
    path("accounts/", include("leitstern.accounts.urls")),
    path("", include("leitstern.workspaces.urls")),
    path(workspace, include((core_workspace_patterns, "modules"))),
    path(workspace + "products/", include("leitstern.products.urls")),
    path(workspace + "teams/", include("leitstern.teams.urls")),
    path(workspace + "forecasts/", include("leitstern.forecasts.urls")),
    path(workspace + "strategy/", include("leitstern.strategy.urls")),
    path(workspace + "stakeholders/", include("leitstern.stakeholders.urls")),
    path(workspace + "activity/", include("leitstern.activity.urls")),
    path("s/", include("leitstern.forecasts.share_urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", public_view(set_language), name="set_language"),
    path("i18n/catalog.js", public_view(JavaScriptCatalog.as_view()), name="js_catalog"),
]
