from django.urls import path

from leitstern.workspaces import lifecycle_views, views

app_name = "workspaces"

urlpatterns = [
    path("w/", views.workspace_list, name="list"),
    path("w/new/", views.workspace_new, name="new"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Inside one workspace
    path("w/<slug:slug>/settings/", views.workspace_settings, name="settings"),
    path("w/<slug:slug>/settings/export/", lifecycle_views.workspace_export, name="export"),
    path("w/<slug:slug>/delete/", lifecycle_views.workspace_delete, name="delete"),
    path("w/<slug:slug>/restore/", lifecycle_views.workspace_restore, name="restore"),
    path("w/<slug:slug>/members/", views.members, name="members"),
    path("w/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("w/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "w/<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
