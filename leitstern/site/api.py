"""The one JSON API at ``/api/v1/``: the platform's router and every module's router."""

from __future__ import annotations

from leitstern.api.api import LeitsternAPI
from leitstern.site.modules import MODULES
from leitstern.workspaces.api import router as workspaces_router

api = LeitsternAPI()
api.add_router("/", workspaces_router)
for _module in MODULES:
    if _module.router is not None:
        api.add_router("/", _module.router)
