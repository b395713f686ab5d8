"""Requests larger than the documented limits are refused before anything reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from leitstern.core import limits


def body_limit(request: HttpRequest) -> int:
    """How large this request's body may be: a form with files may carry an upload besides
    its fields; everything else (JSON, plain forms) at most ``MAX_BODY_BYTES``."""
    if request.content_type == "multipart/form-data":
        return limits.MAX_UPLOAD_BYTES + limits.MAX_BODY_BYTES
    return limits.MAX_BODY_BYTES


def declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class BodyLimitMiddleware:
    """413 for a body over the limit, told by its Content-Length (a WSGI server passes no
    more than that to Django) or, for a form with files, by its fields. Pages get a page that
    says so; the API's error middleware turns the answer into its JSON format."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        if declared_length(request) > limit:
            return self._too_large(request, limit)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            # The fields of a form with files may not exceed the limit either; Django finds
            # out while parsing, which the CSRF check would do next anyway, and answers 400.
            try:
                request.POST  # noqa: B018 - parsing is the check
            except RequestDataTooBig:
                return self._too_large(request, limits.MAX_BODY_BYTES)
        return self.get_response(request)

    @staticmethod
    def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
        response = TemplateResponse(
            request, "core/too_large.html", {"limit_mib": limit // (1024 * 1024)}, status=413
        )
        return response.render()
