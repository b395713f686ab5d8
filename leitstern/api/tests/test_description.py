"""The API's description promises what the API does: bounded input for every operation
(including those added later) and the error answers each operation can give."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.api.types import In
from leitstern.site.api import api


def _operations():
    # The bound routers, as ninja's own description walks them: ``api._routers`` lists a
    # module's nested routers (one per topic) only once the API's URLs have been built.
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            yield from path_view.operations


def _body_schemas():
    for operation in _operations():
        for model in operation.models:
            if model.__ninja_param_source__ == "body":
                for field in model.model_fields.values():
                    yield operation.view_func.__qualname__, field.annotation


def test_every_request_body_schema_is_bounded():
    bodies = list(_body_schemas())
    assert len(bodies) > 15
    loose = [name for name, schema in bodies if not issubclass(schema, In)]
    assert loose == [], f"request bodies not derived from leitstern.api.types.In: {loose}"


def test_every_id_in_a_path_is_bounded_to_64_bits():
    schema = api.get_openapi_schema()
    loose = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        for parameter in operation.get("parameters", [])
        if parameter["schema"].get("type") == "integer"
        and parameter["schema"].get("maximum", 2**64) > 2**63 - 1
    ]
    assert loose == []


@pytest.fixture(scope="module")
def description() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def test_error_answers_are_described_for_every_operation(description):
    for path, methods in description["paths"].items():
        for method, operation in methods.items():
            statuses = set(operation["responses"])
            assert "401" in statuses, f"{method} {path}"
            if "{" in path:
                assert "404" in statuses, f"{method} {path}"
            if "requestBody" in operation:
                assert {"400", "413", "422"} <= statuses, f"{method} {path}"
            for status in statuses - {"200", "201", "202", "204"}:  # 202: queued work
                content = operation["responses"][status]["content"]["application/json"]
                if status == "409":
                    # An edit conflict: the errors plus the object as stored and its version.
                    name = content["schema"]["$ref"].rsplit("/", 1)[-1]
                    conflict = description["components"]["schemas"][name]
                    assert {"errors", "version", "current"} <= set(conflict["required"])
                    continue
                assert content["schema"] == {"$ref": "#/components/schemas/Errors"}


def test_the_error_schema_is_the_documented_shape(description):
    errors = description["components"]["schemas"]["Errors"]
    item = errors["properties"]["errors"]["items"]
    assert item["required"] == ["field", "reason"]


def _schema_classes(cls=None):
    from ninja import Schema

    for sub in (cls or Schema).__subclasses__():
        yield sub
        yield from _schema_classes(sub)


def test_no_two_schemas_share_a_name():
    """The description names each schema by its class name only: two modules' ``DecisionIn``
    became one entry, and one operation's answer was described with another's fields."""
    owners: dict[str, set[str]] = {}
    for model in _schema_classes():
        module = model.__module__
        if module.startswith("leitstern.") and ".tests" not in module:
            owners.setdefault(model.__name__, set()).add(module)
    shared = {name: sorted(modules) for name, modules in owners.items() if len(modules) > 1}
    assert len(owners) > 50
    assert shared == {}
