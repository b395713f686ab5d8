from django.urls import path

from leitstern.stakeholders.views import analyses, care, imports, network, register, themes

app_name = "stakeholders"

urlpatterns = [
    # The register and one stakeholder
    path("", register.index, name="index"),
    path("new/", register.stakeholder_new, name="new"),
    path("<int:pk>/", register.stakeholder_detail, name="stakeholder"),
    path("<int:pk>/edit/", register.stakeholder_edit, name="stakeholder_edit"),
    path("<int:pk>/erase/", register.stakeholder_erase, name="erase"),
    # The analyses, each editable where it is shown
    path("grid/", analyses.grid, name="grid"),
    path("<int:pk>/grid/", analyses.grid_set, name="grid_set"),
    path("<int:pk>/salience/", analyses.salience_set, name="salience_set"),
    path("<int:pk>/engagement/", analyses.engagement_set, name="engagement_set"),
    path("<int:pk>/attitudes/", analyses.stance_set, name="stance_set"),
    # Who listens to whom
    path("network/", network.network, name="network"),
    path("influences/new/", network.influence_new, name="influence_new"),
    path("influences/<int:pk>/edit/", network.influence_edit, name="influence_edit"),
    path("influences/<int:pk>/delete/", network.influence_delete, name="influence_delete"),
    path("paths/", network.paths, name="paths"),
    # Relationship care
    path("attention/", care.attention, name="attention"),
    path("<int:pk>/conversations/new/", care.conversation_new, name="conversation_new"),
    path("conversations/<int:pk>/edit/", care.conversation_edit, name="conversation_edit"),
    path("conversations/<int:pk>/delete/", care.conversation_delete, name="conversation_delete"),
    # The communication plan
    path("plan/", care.plan, name="plan"),
    path("plan/new/", care.plan_new, name="plan_new"),
    path("plan/<int:pk>/edit/", care.plan_edit, name="plan_edit"),
    path("plan/<int:pk>/sent/", care.plan_sent, name="plan_sent"),
    path("plan/<int:pk>/delete/", care.plan_delete, name="plan_delete"),
    # Themes
    path("themes/", themes.themes, name="themes"),
    path("themes/<int:pk>/edit/", themes.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/delete/", themes.theme_delete, name="theme_delete"),
    # The register from a CSV file
    path("import/", imports.upload, name="import"),
    path("import/<int:job>/", imports.import_job, name="import_job"),
    path("import/<int:job>/apply/", imports.import_apply, name="import_apply"),
]
