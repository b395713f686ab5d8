"""An audience's view opened through its share link: no sign-in, read-only, never cached
or indexed; an expired or revoked link says so and shows nothing else."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from leitstern.roadmap.models import AudienceLink
from leitstern.roadmap.selectors.audiences import audience_view
from leitstern.roadmap.services import hash_token
from leitstern.workspaces import access

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _link(token: str) -> tuple[AudienceLink | None, str]:
    """The working link for ``token``, or None and why not (unknown, expired, revoked)."""
    if not _TOKEN.fullmatch(token or ""):
        return None, "unknown"
    link = (
        AudienceLink.objects.select_related("audience__workspace")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        return None, "unknown"
    if link.revoked_at is not None:
        return None, "revoked"
    if link.expires_at is not None and link.expires_at <= timezone.now():
        return None, "expired"
    return link, ""


def _page(request: HttpRequest, token: str, template: str) -> HttpResponse:
    link, problem = _link(token)
    if link is None:
        return _private(
            TemplateResponse(request, "roadmap/share_gone.html", {"problem": problem}, status=404)
        )
    audience = link.audience
    return _private(
        TemplateResponse(
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
    )


@access.public_view
def shared(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "roadmap/share.html")


@access.public_view
def shared_print(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "roadmap/print.html")
