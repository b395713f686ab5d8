from django.urls import path

from leitstern.connectors import views

app_name = "connectors"

urlpatterns = [
    path("teams/<int:team>/new/", views.connector_new, name="new"),
    path("<int:pk>/", views.connector_detail, name="detail"),
    path("<int:pk>/edit/", views.connector_edit, name="edit"),
    path("<int:pk>/sync/", views.connector_sync, name="sync"),
    path("<int:pk>/test/", views.connector_test, name="test"),
    path("<int:pk>/revoke/", views.connector_revoke, name="revoke"),
    path("<int:pk>/delete/", views.connector_delete, name="delete"),
]
