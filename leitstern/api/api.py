"""The JSON API's plumbing: ``LeitsternAPI`` answers every error in one JSON format and
describes those answers in the OpenAPI document. The shell builds the one instance and adds
each module's router (``leitstern.site.api``); routers call the same services and access
lookups as the HTML views."""

from __future__ import annotations

import logging
import re
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path as url_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from leitstern.api.auth import api_auth
from leitstern.api.docs import PartDocs, part_json
from leitstern.api.errors import ERRORS_SCHEMA, error_body, too_large_reason

if TYPE_CHECKING:
    from ninja.operation import Operation

log = logging.getLogger(__name__)

# An app's API split by topic into a package: ``leitstern.<app>.api.<topic>``.
TOPIC_MODULE = re.compile(r"(leitstern\.\w+\.api)\.\w+")


class StrictJSONRenderer(JSONRenderer):
    """Standard JSON only: a NaN or Infinity that slipped into an answer is an error that is
    logged (500), never an answer no JSON parser accepts."""

    json_dumps_params = {"allow_nan": False}


DESCRIPTION = (
    "Leitstern's JSON API. Authenticate with a personal token: "
    "`Authorization: Bearer lst_…` (create one under Profile → API tokens). "
    "A token reaches exactly one workspace, with its owner's role there. "
    "Every operation names the role level it needs in `x-leitstern-need` "
    '(view < contribute < edit < admin). Errors are `{"errors": [{"field", '
    '"reason"}]}`; missing and forbidden objects both answer 404.'
)


class LeitsternAPI(NinjaAPI):
    """The API with Leitstern's authentication, renderer and error answers. Every error an
    operation can give is added to its OpenAPI entry, so the description is complete without
    each operation repeating them."""

    def __init__(self, **kwargs: Any) -> None:
        options: dict[str, Any] = {
            "title": "Leitstern API",
            "version": "1",
            "description": DESCRIPTION,
            "auth": api_auth,
            "urls_namespace": "api",
            "docs_url": "/docs",
            # One part of the API at a time, models folded (see ``docs``).
            "docs": PartDocs(settings={"defaultModelsExpandDepth": 0}),
            "renderer": StrictJSONRenderer(),
        }
        super().__init__(**(options | kwargs))
        self._described: dict[str, dict] = {}
        for error, handler in [
            (NinjaValidationError, self._validation_error),
            (DjangoValidationError, self._service_validation_error),
            (Http404, self._not_found),
            (RequestDataTooBig, self._too_large),
            (AuthenticationError, self._unauthenticated),
            (HttpError, self._http_error),
            (Exception, self._unexpected),
        ]:
            self.add_exception_handler(error, handler)

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """``leitstern_<app>_api_<function>``, whether the function lives in the app's
        ``api.py`` or in a topic module of its ``api/`` package: generated clients and the
        access walk's bodies know operations by this id, so splitting a long module must not
        rename them. Two topic modules of one app therefore need different function names
        (``api/tests/test_operation_ids.py`` checks that every id is unique)."""
        module = operation.view_func.__module__
        found = TOPIC_MODULE.fullmatch(module)
        if found:
            module = found.group(1)
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def _get_urls(self) -> list:
        urls = super()._get_urls()
        view: Any = partial(part_json, api=self)
        if self.docs_decorator:
            view = self.docs_decorator(view)
        urls.insert(0, url_path("openapi/<slug:part>.json", view, name="openapi-part"))
        return urls

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> dict:
        """The description, built once per process and path prefix: it changes only with
        the code, and building it walks all 200-odd operations (seconds on a busy machine),
        which the docs page would otherwise wait for on every visit. Callers must not change
        the returned dict."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cached = self._described.get(path_prefix)
        if cached is None:
            cached = self._described[path_prefix] = self._describe(path_prefix)
        return cached

    def _describe(self, path_prefix: str) -> dict:
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        schema.setdefault("components", {}).setdefault("schemas", {})["Errors"] = ERRORS_SCHEMA
        for path, methods in schema["paths"].items():
            for operation in methods.values():
                _document_errors(path, operation)
        return schema

    def _errors(self, request: HttpRequest, status: int, errors: list[dict]) -> HttpResponse:
        return self.create_response(request, {"errors": errors}, status=status)

    def _validation_error(self, request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = []
        for error in exc.errors:
            loc = [str(part) for part in error.get("loc", [])]
            where = loc[0] if loc else ""
            field = ".".join(loc[2:] if where == "body" and len(loc) > 2 else loc[1:]) or None
            errors.append({"field": field, "reason": error.get("msg", ""), "location": where})
        return self._errors(request, 422, errors)

    def _service_validation_error(
        self, request: HttpRequest, exc: DjangoValidationError
    ) -> HttpResponse:
        errors = []
        if hasattr(exc, "error_dict"):
            for field, field_errors in exc.error_dict.items():
                for error in field_errors:
                    for reason in error.messages:
                        name = None if field == NON_FIELD_ERRORS else field
                        errors.append({"field": name, "reason": reason})
        else:
            errors = [{"field": None, "reason": reason} for reason in exc.messages]
        return self._errors(request, 422, errors)

    def _not_found(self, request: HttpRequest, exc: Http404) -> HttpResponse:
        return self._errors(request, 404, [{"field": None, "reason": "Not found."}])

    def _too_large(self, request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return self.create_response(request, error_body(too_large_reason()), status=413)

    def _unauthenticated(self, request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return self._errors(
            request,
            401,
            [{"field": None, "reason": "Authentication required: send a valid API token."}],
        )

    def _http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        return self._errors(request, exc.status_code, [{"field": None, "reason": str(exc)}])

    def _unexpected(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error in %s %s", request.method, request.path)
        return self._errors(
            request, 500, [{"field": None, "reason": "Internal error; it was logged."}]
        )


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
