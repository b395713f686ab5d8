"""The JSON API at ``/api/v1/``. Each domain adds its router from its own ``api.py``; they
call the same services and the same access module as the HTML views."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from leitstern.api.auth import api_auth
from leitstern.api.errors import ERRORS_SCHEMA, error_body, too_large_reason

log = logging.getLogger(__name__)


class StrictJSONRenderer(JSONRenderer):
    """Standard JSON only: a NaN or Infinity that slipped into an answer is an error that is
    logged (500), never an answer no JSON parser accepts."""

    json_dumps_params = {"allow_nan": False}


class LeitsternAPI(NinjaAPI):
    """Adds the error answers every operation can give to its OpenAPI entry, so the
    description is complete without each operation repeating them."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Errors"] = ERRORS_SCHEMA
        for path, methods in schema["paths"].items():
            for operation in methods.values():
                _document_errors(path, operation)
        return schema


ERRORS_REF = "#/components/schemas/Errors"
ERROR_STATUSES = {
    "400": "The body is not JSON.",
    "401": "No valid token (or session).",
    "404": "No such object, or not reachable with this token and role.",
    "413": "The body is larger than the documented limit.",
    "422": "Invalid input; `field` names the field, `reason` says why. Nothing was saved.",
}


def _document_errors(path: str, operation: dict) -> None:
    statuses = ["422"]
    if operation.get("security"):
        statuses.append("401")
    if "{" in path:
        statuses.append("404")
    if "requestBody" in operation:
        statuses += ["400", "413"]
    if not operation.get("parameters") and "requestBody" not in operation:
        statuses.remove("422")
    responses = {str(status): answer for status, answer in operation["responses"].items()}
    operation["responses"] = responses
    for status in statuses:
        responses.setdefault(
            status,
            {
                "description": ERROR_STATUSES[status],
                "content": {"application/json": {"schema": {"$ref": ERRORS_REF}}},
            },
        )


api = LeitsternAPI(
    title="Leitstern API",
    version="1",
    description=(
        "Leitstern's JSON API. Authenticate with a personal token: "
        "`Authorization: Bearer lst_…` (create one under Profile → API tokens). "
        "A token reaches exactly one workspace, with its owner's role there. "
        "Every operation names the role level it needs in `x-leitstern-need` "
        '(view < contribute < edit < admin). Errors are `{"errors": [{"field", '
        '"reason"}]}`; missing and forbidden objects both answer 404.'
    ),
    auth=api_auth,
    urls_namespace="api",
    docs_url="/docs",
    renderer=StrictJSONRenderer(),
)


def need(level: str) -> dict:
    """OpenAPI extra naming the role level an operation needs (checked by the access test)."""
    return {"x-leitstern-need": level}


def _errors(request: HttpRequest, status: int, errors: list[dict]) -> HttpResponse:
    return api.create_response(request, {"errors": errors}, status=status)


def _error(request: HttpRequest, status: int, reason: str) -> HttpResponse:
    return api.create_response(request, error_body(reason), status=status)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", [])]
        where = loc[0] if loc else ""
        field = ".".join(loc[2:] if where == "body" and len(loc) > 2 else loc[1:]) or None
        errors.append({"field": field, "reason": error.get("msg", ""), "location": where})
    return _errors(request, 422, errors)


@api.exception_handler(DjangoValidationError)
def _service_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.error_dict.items():
            for error in field_errors:
                for reason in error.messages:
                    name = None if field == NON_FIELD_ERRORS else field
                    errors.append({"field": name, "reason": reason})
    else:
        errors = [{"field": None, "reason": reason} for reason in exc.messages]
    return _errors(request, 422, errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _errors(request, 404, [{"field": None, "reason": "Not found."}])


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, too_large_reason())


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _errors(
        request,
        401,
        [{"field": None, "reason": "Authentication required: send a valid API token."}],
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _errors(request, exc.status_code, [{"field": None, "reason": str(exc)}])


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error in %s %s", request.method, request.path)
    return _errors(request, 500, [{"field": None, "reason": "Internal error; it was logged."}])


def _register() -> None:
    from leitstern.forecasts.api import router as forecasts_router
    from leitstern.products.api import router as products_router
    from leitstern.stakeholders.api import router as stakeholders_router
    from leitstern.strategy.api import router as strategy_router
    from leitstern.teams.api import router as teams_router
    from leitstern.workspaces.api import router as workspaces_router

    api.add_router("/", workspaces_router)
    api.add_router("/", products_router)
    api.add_router("/", teams_router)
    api.add_router("/", forecasts_router)
    api.add_router("/", strategy_router)
    api.add_router("/", stakeholders_router)


_register()
