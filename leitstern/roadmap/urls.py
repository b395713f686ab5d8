from django.urls import path

from leitstern.roadmap.views import (
    audiences,
    board,
    following,
    history,
    imports,
    items,
    plans,
    roadmaps,
)

app_name = "roadmap"

urlpatterns = [
    # Roadmaps
    path("", roadmaps.index, name="index"),
    path("start/", roadmaps.start, name="start"),
    path("<int:pk>/", board.board, name="board"),
    path("<int:pk>/columns/<slug:horizon>/", board.column, name="column"),
    path("<int:pk>/timeline/", board.timeline, name="timeline"),
    path("<int:pk>/table/", board.table, name="table"),
    path("<int:pk>/outcomes/", board.outcomes, name="outcomes"),
    path("<int:pk>/edit/", roadmaps.roadmap_edit, name="roadmap_edit"),
    path("<int:pk>/follow/", roadmaps.follow, name="follow"),
    path(
        "<int:pk>/follow/stakeholder/",
        following.roadmap_stakeholder_follow,
        name="stakeholder_follow",
    ),
    path("<int:pk>/roadmap.csv", audiences.roadmap_csv, name="roadmap_csv"),
    path("<int:pk>/roadmap.md", audiences.roadmap_markdown, name="roadmap_markdown"),
    # Items
    path("<int:pk>/items/new/", items.item_new, name="item_new"),
    path("items/<int:pk>/", items.item_detail, name="item"),
    path("items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", items.item_move, name="item_move"),
    path("items/<int:pk>/step/", items.item_step, name="item_step"),
    path("items/<int:pk>/drop/", items.item_drop, name="item_drop"),
    path("items/<int:pk>/remove/", items.item_remove, name="item_remove"),
    path("items/<int:pk>/restore/", items.item_restore, name="item_restore"),
    path("items/<int:pk>/comments/", items.comment_add, name="comment_add"),
    # The living document
    path("<int:pk>/history/", history.history, name="history"),
    path("<int:pk>/changes/", history.changes, name="changes"),
    path("<int:pk>/snapshots/", history.snapshots, name="snapshots"),
    path("<int:pk>/snapshots/new/", history.snapshot_new, name="snapshot_new"),
    path("<int:pk>/digest/", history.digest, name="digest"),
    # Pauses and decisions
    path("<int:pk>/decisions/", plans.decisions, name="decisions"),
    path("<int:pk>/decisions/new/", plans.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", plans.decision_detail, name="decision"),
    path("decisions/<int:pk>/edit/", plans.decision_edit, name="decision_edit"),
    path("<int:pk>/pauses/new/", plans.pause_new, name="pause_new"),
    path("pauses/<int:pk>/edit/", plans.pause_edit, name="pause_edit"),
    path("pauses/<int:pk>/delete/", plans.pause_delete, name="pause_delete"),
    # Audiences and share links
    path("audiences/", audiences.audience_list, name="audiences"),
    path("audiences/new/", audiences.audience_new, name="audience_new"),
    path("audiences/<int:pk>/", audiences.audience_detail, name="audience"),
    path("audiences/<int:pk>/edit/", audiences.audience_edit, name="audience_edit"),
    path("audiences/<int:pk>/delete/", audiences.audience_delete, name="audience_delete"),
    path("audiences/<int:pk>/print/", audiences.audience_print, name="audience_print"),
    path("audiences/<int:pk>/roadmap.csv", audiences.audience_csv, name="audience_csv"),
    path("audiences/<int:pk>/roadmap.md", audiences.audience_markdown, name="audience_markdown"),
    path("audiences/<int:pk>/follow/", audiences.audience_follow, name="audience_follow"),
    path(
        "audiences/<int:pk>/follow/stakeholder/",
        following.audience_stakeholder_follow,
        name="audience_stakeholder_follow",
    ),
    path("audiences/<int:pk>/links/", audiences.link_new, name="link_new"),
    path("links/<int:pk>/revoke/", audiences.link_revoke, name="link_revoke"),
    # Moving in
    path("<int:pk>/import/", imports.import_upload, name="import"),
    path("<int:pk>/import/<int:job>/", imports.import_job, name="import_job"),
    path("<int:pk>/import/<int:job>/apply/", imports.import_apply, name="import_apply"),
]
