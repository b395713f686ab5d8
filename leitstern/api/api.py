"""The JSON API at ``/api/v1/``. Each domain adds its router from its own ``api.py``; they
call the same services and the same access module as the HTML views."""

from __future__ import annotations

import logging

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from leitstern.api.auth import api_auth

log = logging.getLogger(__name__)

api = NinjaAPI(
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
)


def need(level: str) -> dict:
    """OpenAPI extra naming the role level an operation needs (checked by the access test)."""
    return {"x-leitstern-need": level}


def _errors(request: HttpRequest, status: int, errors: list[dict]) -> HttpResponse:
    return api.create_response(request, {"errors": errors}, status=status)


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
    from leitstern.strategy.api import router as strategy_router
    from leitstern.teams.api import router as teams_router
    from leitstern.workspaces.api import router as workspaces_router

    api.add_router("/", workspaces_router)
    api.add_router("/", products_router)
    api.add_router("/", teams_router)
    api.add_router("/", forecasts_router)
    api.add_router("/", strategy_router)


_register()
