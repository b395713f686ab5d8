"""The API docs page, one part (a router's tag) at a time.

Swagger UI resolves the whole OpenAPI 3.1 document before it shows anything; for 200-odd
operations that took half a minute on a busy machine. The page therefore loads one part's
description (its operations and the schemas they reach) and links the other parts; the whole
description stays at ``openapi.json`` for clients and generators."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

REF = "#/components/schemas/"


def api_parts(api: NinjaAPI) -> list[str]:
    """The tags of the API's documented operations in the order they first appear, read from
    its routers: the page's links must not wait for the whole description to be built."""
    seen: dict[str, None] = {}
    for bound in api._get_bound_routers():  # what ninja's own description walks
        for view in bound.path_operations.values():
            for operation in view.operations:
                if operation.include_in_schema:
                    for tag in operation.tags or []:
                        seen.setdefault(tag, None)
    return list(seen)


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            found.add(ref.removeprefix(REF))
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def part_of(schema: dict, tag: str) -> dict:
    """The description reduced to the operations tagged ``tag`` and every schema they
    reach, directly or through other schemas; the rest (info, security) is kept."""
    paths = {}
    for path, methods in schema["paths"].items():
        kept = {m: op for m, op in methods.items() if tag in op.get("tags", [])}
        if kept:
            paths[path] = kept
    schemas = schema.get("components", {}).get("schemas", {})
    wanted: set[str] = set()
    _refs(paths, wanted)
    todo = list(wanted)
    while todo:
        found: set[str] = set()
        _refs(schemas.get(todo.pop(), {}), found)
        todo.extend(found - wanted)
        wanted |= found
    components = {**schema.get("components", {})}
    components["schemas"] = {name: schemas[name] for name in sorted(wanted) if name in schemas}
    return {**schema, "paths": paths, "components": components}


class PartDocs(Swagger):
    """Swagger UI over one part of the description, with links to the others."""

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        names = api_parts(api)
        current = request.GET.get("part", "")
        if current not in names:
            current = names[0] if names else ""
        docs = reverse(f"{api.urls_namespace}:openapi-view", kwargs=kwargs)
        settings = {**self.settings, "url": reverse(
            f"{api.urls_namespace}:openapi-part", kwargs={**kwargs, "part": current}
        )}  # fmt: skip
        context = {
            "api": api,
            "swagger_settings": json.dumps(settings, indent=1),
            "parts": [(name, f"{docs}?part={name}") for name in names],
            "current": current,
            "whole": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs),
        }
        return render(request, self.template, context)


def part_json(request: HttpRequest, api: NinjaAPI, part: str, **kwargs: Any) -> HttpResponse:
    """One part of the description (``openapi/<part>.json``); an unknown part is a 404."""
    if part not in api_parts(api):
        return JsonResponse(
            {"errors": [{"field": "part", "reason": f"No part of the API is called {part!r}."}]},
            status=404,
        )
    return JsonResponse(part_of(api.get_openapi_schema(path_params=kwargs), part))
