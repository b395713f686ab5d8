from django.urls import path

from leitstern.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.case_new, name="case_new"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/delete/", views.case_delete, name="case_delete"),
    path("<int:pk>/compute/", views.case_compute, name="case_compute"),
    path("<int:pk>/print/", views.case_print, name="case_print"),
    path("<int:pk>/case.csv", views.case_csv, name="case_csv"),
    path("<int:pk>/case.md", views.case_markdown, name="case_markdown"),
    path("<int:pk>/lines/<slug:kind>/<slug:driver>/new/", views.line_new, name="line_new"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("<int:pk>/phases/new/", views.phase_new, name="phase_new"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase_edit"),
    path("<int:pk>/actuals/new/", views.actual_new, name="actual_new"),
    path("actuals/<int:pk>/delete/", views.actual_delete, name="actual_delete"),
]
