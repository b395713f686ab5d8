"""An audience's view opened through its share link (a public link of ``core.tokens``): no
sign-in, read-only, never cached or indexed; a link that no longer works says why and shows
nothing else."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from leitstern.core import tokens
from leitstern.roadmap import services
from leitstern.roadmap.selectors.audiences import audience_view
from leitstern.workspaces import access


def _page(request: HttpRequest, token: str, template: str) -> HttpResponse:
    found = services.link_resolve(token)
    link = found.link
    if link is None:
        return tokens.unavailable(request, found)
    audience = link.audience
    return TemplateResponse(
        request,
        template,
        {
            "audience": audience,
            "views": audience_view(audience),
            "link": link,
            "token": token,
            "public": True,
        },
    )


@access.public_view
@tokens.public_page
def shared(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "roadmap/share.html")


@access.public_view
@tokens.public_page
def shared_print(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "roadmap/print.html")
