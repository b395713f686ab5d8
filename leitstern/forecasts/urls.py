from django.urls import path

from leitstern.forecasts.views import flow, forecast, history, share, team, tracking

app_name = "forecasts"

urlpatterns = [
    path("", team.index, name="index"),
    # A team's history and how well its forecasts held (the team's page is teams:detail,
    # with this module's charts contributed to it)
    path("teams/<int:pk>/accuracy/", team.accuracy, name="accuracy"),
    # Flow: aging work in progress, cumulative flow, the WIP limit
    path("teams/<int:pk>/flow/", flow.flow, name="flow"),
    path("teams/<int:pk>/flow/wip-limit/edit/", flow.wip_limit_edit, name="wip_limit_edit"),
    path("teams/<int:pk>/items/", history.items, name="items"),
    path("teams/<int:pk>/items.csv", history.items_export, name="items_csv"),
    path("teams/<int:pk>/items/delete/", history.items_delete, name="items_delete"),
    path("teams/<int:pk>/items/<int:item_pk>/delete/", history.item_delete, name="item_delete"),
    path("teams/<int:pk>/upload/", history.upload, name="upload"),
    path("teams/<int:pk>/imports/<int:job>/", history.import_detail, name="import"),
    path("teams/<int:pk>/imports/<int:job>/apply/", history.import_apply, name="import_apply"),
    # Live forecast and saved forecasts
    path("teams/<int:pk>/forecast/", forecast.forecast, name="forecast"),
    path("teams/<int:pk>/forecast/save/", forecast.forecast_save, name="forecast_save"),
    path("saved/<int:pk>/", forecast.saved, name="saved"),
    path("saved/<int:pk>/delete/", forecast.saved_delete, name="saved_delete"),
    path("saved/<int:pk>/share/", share.share_forecast, name="saved_share"),
    # Tracking forecasts
    path("teams/<int:pk>/tracking/new/", tracking.tracking_new, name="tracking_new"),
    path("tracking/<int:pk>/", tracking.tracking, name="tracking"),
    path("tracking/<int:pk>/refresh/", tracking.tracking_refresh, name="tracking_refresh"),
    path("tracking/<int:pk>/delete/", tracking.tracking_delete, name="tracking_delete"),
    path("tracking/<int:pk>/share/", share.share_tracking, name="tracking_share"),
    # Share links
    path("shares/<int:pk>/revoke/", share.share_revoke, name="share_revoke"),
]
