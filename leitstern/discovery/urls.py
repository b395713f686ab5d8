from django.urls import path

from leitstern.discovery.views import experiments, hypotheses, pages, priorities, tree

app_name = "discovery"

urlpatterns = [
    # Overview and a product's discovery
    path("", pages.index, name="index"),
    path("products/<int:product_id>/", pages.product, name="product"),
    path("products/<int:product_id>/settings/", pages.settings_edit, name="settings_edit"),
    path("sample-size/", hypotheses.sample_size, name="sample_size"),
    path("hints/", hypotheses.hints_fragment, name="hints"),
    # Outcomes and their trees
    path("products/<int:product_id>/outcomes/new/", tree.outcome_new, name="outcome_new"),
    path("outcomes/<int:pk>/", tree.outcome_detail, name="outcome"),
    path("outcomes/<int:pk>/edit/", tree.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/delete/", tree.outcome_delete, name="outcome_delete"),
    path("products/<int:product_id>/unplaced/", tree.unplaced, name="unplaced"),
    # Opportunities
    path(
        "products/<int:product_id>/opportunities/new/", tree.opportunity_new, name="opportunity_new"
    ),
    path("opportunities/<int:pk>/", tree.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/edit/", tree.opportunity_edit, name="opportunity_edit"),
    path("opportunities/<int:pk>/stage/", tree.opportunity_stage, name="opportunity_stage"),
    path("opportunities/<int:pk>/decide/", tree.opportunity_decide, name="opportunity_decide"),
    path("opportunities/<int:pk>/merge/", tree.opportunity_merge, name="opportunity_merge"),
    path("opportunities/<int:pk>/delete/", tree.opportunity_delete, name="opportunity_delete"),
    path("opportunities/<int:pk>/evidence/", tree.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/decide/", tree.evidence_decide, name="evidence_decide"),
    path("evidence/<int:pk>/remove/", tree.evidence_remove, name="evidence_remove"),
    # Solutions
    path("opportunities/<int:pk>/solutions/new/", tree.solution_new, name="solution_new"),
    path("solutions/<int:pk>/", tree.solution_detail, name="solution"),
    path("solutions/<int:pk>/edit/", tree.solution_edit, name="solution_edit"),
    path("solutions/<int:pk>/merge/", tree.solution_merge, name="solution_merge"),
    path("solutions/<int:pk>/delete/", tree.solution_delete, name="solution_delete"),
    # Hypotheses and the assumption map
    path(
        "products/<int:product_id>/hypotheses/new/",
        hypotheses.hypothesis_new,
        name="hypothesis_new",
    ),
    path("hypotheses/<int:pk>/", hypotheses.hypothesis_detail, name="hypothesis"),
    path("hypotheses/<int:pk>/edit/", hypotheses.hypothesis_edit, name="hypothesis_edit"),
    path("hypotheses/<int:pk>/delete/", hypotheses.hypothesis_delete, name="hypothesis_delete"),
    path("products/<int:product_id>/assumptions/", hypotheses.assumption_map, name="assumptions"),
    # Experiments, results and verdicts
    path("products/<int:product_id>/experiments/", experiments.experiment_list, name="experiments"),
    path(
        "products/<int:product_id>/experiments/new/",
        experiments.experiment_new,
        name="experiment_new",
    ),
    path("experiments/<int:pk>/", experiments.experiment_detail, name="experiment"),
    path("experiments/<int:pk>/edit/", experiments.experiment_edit, name="experiment_edit"),
    path("experiments/<int:pk>/results/", experiments.results_edit, name="results_edit"),
    path("experiments/<int:pk>/start/", experiments.experiment_start, name="experiment_start"),
    path("experiments/<int:pk>/close/", experiments.experiment_close, name="experiment_close"),
    path("experiments/<int:pk>/delete/", experiments.experiment_delete, name="experiment_delete"),
    # Prioritisation and backlog care
    path("products/<int:product_id>/priorities/", priorities.ranked, name="priorities"),
    path("solutions/<int:pk>/score/", priorities.solution_score_edit, name="solution_score_edit"),
    path(
        "opportunities/<int:pk>/score/",
        priorities.opportunity_score_edit,
        name="opportunity_score_edit",
    ),
    path("products/<int:product_id>/backlog/", priorities.backlog, name="backlog"),
    path("products/<int:product_id>/sessions/new/", priorities.session_new, name="session_new"),
    path("sessions/<int:pk>/", priorities.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", priorities.session_edit, name="session_edit"),
    path("sessions/<int:pk>/close/", priorities.session_close, name="session_close"),
]
