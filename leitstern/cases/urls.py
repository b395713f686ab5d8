from django.urls import path

from leitstern.cases import views, views_uncertainty

app_name = "cases"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.case_new, name="case_new"),
    path("compare/", views.case_compare, name="case_compare"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/delete/", views.case_delete, name="case_delete"),
    path("<int:pk>/compute/", views.case_compute, name="case_compute"),
    path("<int:pk>/scenarios/", views.case_scenarios, name="case_scenarios"),
    path("<int:pk>/print/", views.case_print, name="case_print"),
    path("<int:pk>/case.csv", views.case_csv, name="case_csv"),
    path("<int:pk>/case.md", views.case_markdown, name="case_markdown"),
    path("<int:pk>/lines/<slug:kind>/<slug:driver>/new/", views.line_new, name="line_new"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("<int:pk>/phases/new/", views.phase_new, name="phase_new"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase_edit"),
    path("<int:pk>/events/new/", views_uncertainty.event_new, name="event_new"),
    path("events/<int:pk>/edit/", views_uncertainty.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views_uncertainty.event_delete, name="event_delete"),
    path("<int:pk>/correlations/new/", views_uncertainty.correlation_new, name="correlation_new"),
    path(
        "correlations/<int:pk>/edit/", views_uncertainty.correlation_edit, name="correlation_edit"
    ),
    path(
        "correlations/<int:pk>/delete/",
        views_uncertainty.correlation_delete,
        name="correlation_delete",
    ),
    path("<int:pk>/verdict/", views_uncertainty.case_verdict, name="case_verdict"),
    path("<int:pk>/actuals/new/", views.actual_new, name="actual_new"),
    path("actuals/<int:pk>/delete/", views.actual_delete, name="actual_delete"),
]
