"""An operation's id names its app and function, not the module of the app's API it lives
in: an app's ``api.py`` split by topic into an ``api/`` package keeps every id."""

from __future__ import annotations

from collections import Counter

from ninja import Router

from leitstern.api.api import LeitsternAPI
from leitstern.site.api import api


def _ids(*operations: tuple[str, str]) -> list[str]:
    """The operation ids of functions named ``name`` in ``module``, one operation each."""
    router = Router()
    for number, (module, name) in enumerate(operations):

        def view(request):
            return {}

        view.__module__, view.__name__, view.__qualname__ = module, name, name
        router.get(f"/op-{number}")(view)
    test_api = LeitsternAPI(urls_namespace="operation-ids-test")
    test_api.add_router("/", router)
    schema = test_api.get_openapi_schema(path_prefix="")
    return [op["operationId"] for methods in schema["paths"].values() for op in methods.values()]


def test_an_operation_in_a_topic_module_keeps_the_id_of_its_apps_api():
    assert _ids(
        ("leitstern.discovery.api", "outcome_list"),
        ("leitstern.discovery.api.outcomes", "outcome_create"),
        ("leitstern.roadmap.api.items", "item_move"),
    ) == [
        "leitstern_discovery_api_outcome_list",
        "leitstern_discovery_api_outcome_create",
        "leitstern_roadmap_api_item_move",
    ]


def test_an_operation_outside_an_apps_api_keeps_ninjas_id():
    assert _ids(
        ("leitstern.api.api", "ping"),
        ("leitstern.discovery.views.tree", "outcome_list"),
        ("leitstern.discovery.api.outcomes.deeper", "outcome_list"),
    ) == [
        "leitstern_api_api_ping",
        "leitstern_discovery_views_tree_outcome_list",
        "leitstern_discovery_api_outcomes_deeper_outcome_list",
    ]


def test_every_operation_of_the_api_has_its_own_id():
    """Ninja only warns about a repeated id; two topic modules of one app with a function
    of the same name would give one."""
    ids = [
        operation["operationId"]
        for methods in api.get_openapi_schema()["paths"].values()
        for operation in methods.values()
    ]
    assert len(ids) > 200
    assert [name for name, count in Counter(ids).items() if count > 1] == []


def test_the_operations_of_an_api_split_by_topic_keep_their_apps_ids():
    in_topics = [
        operation
        for bound in api._get_bound_routers()
        for view in bound.path_operations.values()
        for operation in view.operations
        if operation.view_func.__module__.split(".")[2:3] == ["api"]
        and operation.view_func.__module__.count(".") == 3
    ]
    apps = {operation.view_func.__module__.split(".")[1] for operation in in_topics}
    assert {"discovery", "research", "roadmap", "stakeholders"} <= apps
    for operation in in_topics:
        app = operation.view_func.__module__.split(".")[1]
        expected = f"leitstern_{app}_api_{operation.view_func.__name__}"
        assert api.get_openapi_operation_id(operation) == expected
