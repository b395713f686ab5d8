from django.urls import path

from leitstern.strategy.views import delete, metrics, okrs, pages

app_name = "strategy"

urlpatterns = [
    # Overview pages
    path("", pages.index, name="index"),
    path("products/<int:product_id>/", pages.product, name="product"),
    path("at-risk/", pages.at_risk, name="at_risk"),
    path("check-ins/", pages.my_check_ins, name="my_check_ins"),
    path("check-ins/reminders/", pages.reminders, name="reminders"),
    path("hints/", pages.hint_fragment, name="hints"),
    # Metrics and their data
    path("products/<int:product_id>/metrics/new/", metrics.metric_new, name="metric_new"),
    path("metrics/<int:pk>/", metrics.metric_detail, name="metric"),
    path("metrics/<int:pk>/edit/", metrics.metric_edit, name="metric_edit"),
    path("metrics/<int:pk>/delete/", delete.metric_delete, name="metric_delete"),
    path("metrics/<int:pk>/values/", metrics.value_add, name="value_add"),
    path(
        "metrics/<int:pk>/values/<int:value_id>/delete/",
        metrics.value_delete,
        name="value_delete",
    ),
    path("metrics/<int:pk>/import/", metrics.metric_import, name="metric_import"),
    path("metrics/<int:pk>/import/<int:job>/", metrics.metric_import_job, name="metric_import_job"),
    path(
        "metrics/<int:pk>/import/<int:job>/apply/",
        metrics.metric_import_apply,
        name="metric_import_apply",
    ),
    path("metrics/<int:pk>/targets/", metrics.target_add, name="target_add"),
    path("metrics/<int:pk>/annotations/", metrics.annotation_add, name="annotation_add"),
    path("metrics/<int:pk>/values.csv", metrics.metric_export, name="metric_csv"),
    # OKR cycles
    path("cycles/", okrs.cycle_list, name="cycles"),
    path("cycles/new/", okrs.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", okrs.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/edit/", okrs.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/close/", okrs.cycle_close, name="cycle_close"),
    path("cycles/<int:pk>/okrs.csv", okrs.cycle_csv, name="cycle_csv"),
    path("cycles/<int:pk>/okrs.md", okrs.cycle_markdown, name="cycle_markdown"),
    # Objectives
    path("cycles/<int:pk>/objectives/new/", okrs.objective_new, name="objective_new"),
    path("objectives/<int:pk>/", okrs.objective_detail, name="objective"),
    path("objectives/<int:pk>/edit/", okrs.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/delete/", delete.objective_delete, name="objective_delete"),
    path("objectives/<int:pk>/review/", okrs.objective_review, name="objective_review"),
    path("objectives/<int:pk>/carry/", okrs.objective_carry, name="objective_carry"),
    # Key results and check-ins
    path("objectives/<int:pk>/key-results/new/", okrs.key_result_new, name="key_result_new"),
    path("key-results/<int:pk>/", okrs.key_result_detail, name="key_result"),
    path("key-results/<int:pk>/edit/", okrs.key_result_edit, name="key_result_edit"),
    path("key-results/<int:pk>/delete/", delete.key_result_delete, name="key_result_delete"),
    path("key-results/<int:pk>/check-in/", okrs.check_in, name="check_in"),
    path("check-ins/<int:pk>/delete/", delete.check_in_delete, name="check_in_delete"),
]
