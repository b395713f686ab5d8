"""Request handling every page shares: bodies over the documented limits are refused
before anything reads them; form line breaks are kept as LF."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, QueryDict
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


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class FormLineBreaksMiddleware:
    """Browsers send every line break of a form field as CR LF (the HTML form encoding);
    Leitstern keeps text with LF. Without this, saving a text area nobody touched would
    change its text and log a change that is none. Only form posts are touched; JSON and
    uploaded files reach the view as sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            post = request.POST
            if any("\r" in value for _key, values in post.lists() for value in values):
                normalised = QueryDict(mutable=True, encoding=post.encoding)
                for key, values in post.lists():
                    normalised.setlist(
                        key, [v.replace("\r\n", "\n").replace("\r", "\n") for v in values]
                    )
                normalised._mutable = False
                request.POST = normalised  # type: ignore[assignment]  # immutable again above
        return self.get_response(request)
