"""A URLconf with one view that fails, for the error-page tests."""

from django.urls import path

from leitstern.workspaces.access import login_view


@login_view
def fails(request):
    raise RuntimeError("a failure the error page must survive")


urlpatterns = [path("fails/", fails)]
