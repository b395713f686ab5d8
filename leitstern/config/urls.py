"""Leitstern's URLs: the platform's pages, then every module the shell registered
(``leitstern/site/modules.py``) under ``/w/<slug>/<module>/``, then the API."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from leitstern.site.api import api
from leitstern.site.modules import url_patterns as module_patterns
from leitstern.workspaces.access import public_view

urlpatterns = [
    path("accounts/", include("leitstern.accounts.urls")),
    # Before the shell's ``w/<slug>/``: ``w/new/`` is the workspaces app's.
    path("", include("leitstern.workspaces.urls")),
    path("", include("leitstern.site.urls")),
    path("w/<slug:slug>/activity/", include("leitstern.activity.urls")),
    *module_patterns(),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", public_view(set_language), name="set_language"),
    path("i18n/catalog.js", public_view(JavaScriptCatalog.as_view()), name="js_catalog"),
]
