"""The operation decorator states an operation's need once: in the OpenAPI entry, and as
the membership resolved before the operation runs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import Router

from leitstern.api.api import LeitsternAPI
from leitstern.api.operations import LOGIN, operation
from leitstern.site.api import api
from leitstern.workspaces.models import Need


def _needs(router: Router) -> dict[str, str]:
    test_api = LeitsternAPI(urls_namespace="operations-test")
    test_api.add_router("/", router)
    schema = test_api.get_openapi_schema(path_prefix="")
    return {
        operation["operationId"].rsplit("_", 1)[-1]: operation["x-leitstern-need"]
        for methods in schema["paths"].values()
        for operation in methods.values()
    }


def test_the_need_is_written_into_the_description_above_or_below_the_router():
    router = Router()

    @router.get("/workspaces/{slug}/below")
    @operation(need=Need.EDIT)
    def below(request, slug: str):
        return {}

    @operation(need=Need.CONTRIBUTE)
    @router.get("/workspaces/{slug}/above")
    def above(request, slug: str):
        return {}

    @router.get("/me-too")
    @operation(need=LOGIN)
    def login(request):
        return {}

    assert _needs(router) == {"below": "edit", "above": "contribute", "login": "login"}


def test_a_workspace_operation_without_a_slug_is_refused():
    router = Router()
    with pytest.raises(ImproperlyConfigured, match="slug"):

        @router.get("/nowhere")
        @operation(need=Need.VIEW)
        def nowhere(request):
            return {}


def test_every_operation_of_the_api_went_through_the_decorator():
    undeclared = [
        f"{method} {operation.path}"
        for bound in api._get_bound_routers()  # with nested routers, unlike ``api._routers``
        for path_view in bound.path_operations.values()
        for operation in path_view.operations
        for method in operation.methods
        if getattr(operation.view_func, "access_need", None) is None
    ]
    assert undeclared == []
