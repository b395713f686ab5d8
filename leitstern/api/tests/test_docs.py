"""The docs page shows the API one part at a time; each part's description is whole."""

from __future__ import annotations

import pytest
from django.test import Client

from leitstern.api.docs import REF, api_parts, part_of
from leitstern.site.api import api

pytestmark = pytest.mark.django_db


def parts(schema: dict) -> list[str]:
    """The tags of the (whole) description's operations, in the order they first appear."""
    seen: dict[str, None] = {}
    for methods in schema["paths"].values():
        for operation in methods.values():
            for tag in operation.get("tags", []):
                seen.setdefault(tag, None)
    return list(seen)


def _refs(node, found):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.add(node["$ref"])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


def test_every_operation_is_in_exactly_one_part_and_every_reference_resolves():
    schema = api.get_openapi_schema()
    seen = []
    for name in parts(schema):
        part = part_of(schema, name)
        schemas = part["components"]["schemas"]
        for ref in _refs(part["paths"], set()) | _refs(schemas, set()):
            assert ref.startswith(REF) and ref.removeprefix(REF) in schemas, (name, ref)
        seen += [(path, m) for path, methods in part["paths"].items() for m in methods]
    everything = [(path, m) for path, methods in schema["paths"].items() for m in methods]
    assert sorted(seen) == sorted(everything)
    assert len(parts(schema)) > 5
    assert api_parts(api) == parts(schema)  # the page's links, read without the description


def test_a_part_leaves_out_what_it_does_not_reach():
    schema = {
        "openapi": "3.1.0",
        "paths": {
            "/a": {"get": {"tags": ["a"], "responses": {"200": {"$ref": REF + "A"}}}},
            "/b": {"get": {"tags": ["b"], "responses": {"200": {"$ref": REF + "B"}}}},
        },
        "components": {
            "schemas": {
                "A": {"properties": {"inner": {"$ref": REF + "Inner"}}},
                "Inner": {"items": [{"$ref": REF + "Deep"}]},
                "Deep": {"type": "string"},
                "B": {"type": "integer"},
            },
            "securitySchemes": {"token": {"type": "http"}},
        },
    }
    part = part_of(schema, "a")
    assert list(part["paths"]) == ["/a"]
    assert sorted(part["components"]["schemas"]) == ["A", "Deep", "Inner"]
    assert part["components"]["securitySchemes"] == {"token": {"type": "http"}}
    assert schema["components"]["schemas"].keys() == {"A", "Inner", "Deep", "B"}  # untouched


def test_the_page_links_every_part_and_loads_the_one_asked_for():
    client = Client()
    page = client.get("/api/v1/docs?part=roadmap")
    assert page.status_code == 200
    text = page.content.decode()
    for name in parts(api.get_openapi_schema()):
        assert f"?part={name}" in text
    assert "/api/v1/openapi/roadmap.json" in text
    assert "/api/v1/openapi.json" in text  # the whole description stays a download away
    unknown = client.get("/api/v1/docs?part=nothing")
    assert unknown.status_code == 200
    assert "/api/v1/openapi/workspaces.json" in unknown.content.decode()


def test_a_part_is_served_as_json_and_an_unknown_part_is_a_json_404():
    client = Client()
    answer = client.get("/api/v1/openapi/roadmap.json")
    assert answer.status_code == 200
    paths = answer.json()["paths"]
    assert paths and all(
        "roadmap" in op["tags"] for methods in paths.values() for op in methods.values()
    )
    missing = client.get("/api/v1/openapi/nothing.json")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json()["errors"][0]["field"] == "part"
