"""Writes for forecasts: every change goes through one of these keyword-only functions."""

from leitstern.forecasts.services.flow import WIP_LIMIT_CHANGED, wip_limit_of, wip_limit_set
from leitstern.forecasts.services.history import (
    ITEMS_DELETED,
    ITEMS_IMPORTED,
    ItemData,
    MergeCounts,
    item_delete,
    items_delete,
    items_import,
    items_merge,
    row_check,
)
from leitstern.forecasts.services.saved import (
    FORECAST_SAVED,
    saved_forecast_delete,
    saved_forecast_save,
    saved_forecast_score,
)
from leitstern.forecasts.services.sharing import share_create, share_resolve, share_revoke
from leitstern.forecasts.services.tracking import (
    TRACKING_MOVED,
    ScenarioOptions,
    tracking_create,
    tracking_delete,
    tracking_refresh,
)

__all__ = [
    "FORECAST_SAVED",
    "ITEMS_DELETED",
    "ITEMS_IMPORTED",
    "TRACKING_MOVED",
    "WIP_LIMIT_CHANGED",
    "ItemData",
    "MergeCounts",
    "ScenarioOptions",
    "item_delete",
    "items_delete",
    "items_import",
    "items_merge",
    "row_check",
    "saved_forecast_delete",
    "saved_forecast_save",
    "saved_forecast_score",
    "share_create",
    "share_resolve",
    "share_revoke",
    "tracking_create",
    "tracking_delete",
    "tracking_refresh",
    "wip_limit_of",
    "wip_limit_set",
]
