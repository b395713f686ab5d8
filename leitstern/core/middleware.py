"""Request handling every page shares."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

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
                request.POST = normalised
        return self.get_response(request)
