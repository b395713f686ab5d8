"""Every error under ``/api/`` answers in the API's JSON error format, whatever produced it:
a method the operation does not take (405), an unknown path (404), a body over the limit
(413), or a crash outside the API's own handlers (500)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from leitstern.api.errors import error_body, reason_for

API_PREFIX = "/api/"
# Headers of the original answer that still hold for the JSON one.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Content-Language", "Vary")


class ApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status = response.status_code
        answer = JsonResponse(error_body(reason_for(status)), status=status)
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer
