from django.urls import path

from leitstern.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
]

workspace_patterns = [
    path("modules/<slug:module>/", views.module, name="module"),
]
