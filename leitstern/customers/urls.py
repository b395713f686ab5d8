from django.urls import path

from leitstern.customers import views

app_name = "customers"

urlpatterns = [
    path("", views.organisations, name="index"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/archive/", views.organisation_archive, name="organisation_archive"
    ),
    path("organisations/archived/", views.organisations_archived, name="organisations_archived"),
    path(
        "organisations/<int:pk>/restore/", views.organisation_restore, name="organisation_restore"
    ),
    path("organisations/<int:pk>/merge/", views.organisation_merge, name="organisation_merge"),
    path("organisations/import/", views.organisation_import, name="organisation_import"),
    path(
        "organisations/import/<int:job>/",
        views.organisation_import_job,
        name="organisation_import_job",
    ),
    path(
        "organisations/import/<int:job>/apply/",
        views.organisation_import_apply,
        name="organisation_import_apply",
    ),
    path("contacts/", views.people, name="persons"),
    path("contacts/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("contacts/import/", views.person_import, name="person_import"),
    path("contacts/import/<int:job>/", views.person_import_job, name="person_import_job"),
    path(
        "contacts/import/<int:job>/apply/",
        views.person_import_apply,
        name="person_import_apply",
    ),
    path("contacts/new/", views.person_new, name="person_new"),
    path("contacts/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("contacts/<int:pk>/archive/", views.person_archive, name="person_archive"),
    path("segments/", views.segments, name="segments"),
    path("segments/new/", views.segment_new, name="segment_new"),
    path("segments/<int:pk>/edit/", views.segment_edit, name="segment_edit"),
    path("segments/<int:pk>/archive/", views.segment_archive, name="segment_archive"),
    path("personas/", views.personas, name="personas"),
    path("personas/new/", views.persona_new, name="persona_new"),
    path("personas/<int:pk>/edit/", views.persona_edit, name="persona_edit"),
    path("personas/<int:pk>/archive/", views.persona_archive, name="persona_archive"),
]
