from django.urls import path

from leitstern.requests import views

app_name = "requests"

urlpatterns = [
    path("", views.index, name="index"),
    path("inbox/", views.inbox, name="inbox"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/triage/", views.triage, name="triage"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/accounts/", views.account_add, name="account_add"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/close-loop/", views.close_loop, name="close_loop"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/new/", views.commitment_new, name="commitment_new"),
    path("commitments/<int:pk>/", views.commitment, name="commitment"),
    path("commitments/<int:pk>/decide/", views.commitment_decide, name="commitment_decide"),
    path("commitments/<int:pk>/move/", views.commitment_move, name="commitment_move"),
    path("commitments/<int:pk>/settle/", views.commitment_settle, name="commitment_settle"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:pk>/", views.account, name="account"),
    path("roadmap/", views.sales_roadmap, name="sales_roadmap"),
    path("revenue/", views.rollups, name="rollups"),
    path("alignment/", views.alignment, name="alignment"),
    path("settings/", views.settings_edit, name="settings_edit"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:job>/", views.import_job, name="import_job"),
    path("import/<int:job>/apply/", views.import_apply, name="import_apply"),
]
