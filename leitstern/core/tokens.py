"""Public links: pages that open without signing in because the URL holds a secret token
(forecast share links; later research consent links, roadmap audience links …).

One pattern for all of them (``docs/public-links.md``):

* the token is random (``secrets``, 256 bits) and shown once; only its SHA-256 is stored,
  so a copy of the database opens nothing;
* a link expires (or, where the owner chose so, never does), can be revoked, and can be
  single-use, spent by the action it exists for;
* a link that no longer works says why (expired, revoked, used; unknown otherwise), in the
  reader's language;
* its pages are never stored by a browser or proxy and never indexed, and send no referrer;
* its token never reaches a log (``core.logging`` redacts token-shaped path segments).

A module declares its link model on ``PublicToken`` and resolves tokens with ``lookup``::

    class ConsentLink(PublicToken):
        conversation = models.ForeignKey(...)

    link, raw = ConsentLink.issue(lifetime=timedelta(days=30), single_use=True,
                                  conversation=c, created_by=actor)
    link.full_clean(); link.save()        # in the module's service, with its activity entry

    @access.public_view
    @tokens.public_page
    def consent(request, token):
        found = tokens.lookup(ConsentLink.objects.select_related("conversation"), token)
        if found.link is None:
            return tokens.unavailable(request, found)
        ...
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, Self, cast

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32
# What ``new_token`` makes is 43 characters; older share links have 32. Anything outside
# these bounds or the URL-safe alphabet is no token of ours and is not even hashed.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


def new_token() -> str:
    """A fresh random token for a URL (URL-safe Base64, 256 bits)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(raw: str) -> str:
    """The SHA-256 of a token, as stored (hex)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenState(models.TextChoices):
    ACTIVE = "active", _("active")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    USED = "used", _("used")
    UNKNOWN = "unknown", _("unknown")


class PublicTokenQuerySet(models.QuerySet):
    def active(self) -> Self:
        """Links that open: not revoked, not expired, not a spent single-use link."""
        now = timezone.now()
        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now),
            revoked_at__isnull=True,
        ).exclude(single_use=True, used_at__isnull=False)

    def for_token(self, raw: str) -> Self:
        return self.filter(token_hash=hash_token(raw))


class PublicToken(models.Model):
    """The fields and rules every public link shares. A subclass adds what the link opens
    (a foreign key) and the workspace it belongs to."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # ``None``: the link never expires (only for links a person must be able to use as
    # long as their data is kept, such as withdrawing consent).
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    single_use = models.BooleanField(default=False)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = PublicTokenQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def issue(
        cls, *, lifetime: timedelta | None, single_use: bool = False, **fields: Any
    ) -> tuple[Self, str]:
        """A new, unsaved link and its raw token. The token is shown to its creator once
        and never stored; the caller validates and saves the link in its service."""
        if lifetime is not None and lifetime <= timedelta(0):
            raise ValueError("A link's lifetime must be positive (or None for no expiry).")
        raw = new_token()
        link = cls(
            token_hash=hash_token(raw),
            expires_at=timezone.now() + lifetime if lifetime is not None else None,
            single_use=single_use,
            **fields,
        )
        return link, raw

    def state_at(self, when: datetime) -> TokenState:
        """Revoked wins over used, used over expired: the reason given is the one the
        holder can act on."""
        if self.revoked_at is not None:
            return TokenState.REVOKED
        if self.single_use and self.used_at is not None:
            return TokenState.USED
        if self.expires_at is not None and self.expires_at <= when:
            return TokenState.EXPIRED
        return TokenState.ACTIVE

    @property
    def state(self) -> TokenState:
        return self.state_at(timezone.now())

    @property
    def is_active(self) -> bool:
        return self.state == TokenState.ACTIVE

    def revoke(self) -> bool:
        """Stop the link from working; ``False`` when it already was revoked. Call it from
        the module's service, which records the activity entry."""
        if self.revoked_at is not None:
            return False
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
        return True

    def consume(self) -> bool:
        """Spend a single-use link; ``True`` for exactly one caller, even when two submit
        at once (one conditional UPDATE decides). Spend it on the action the link exists
        for (a POST), never on opening it: mail scanners open links too. A link that is not
        single-use is never spent."""
        if not self.single_use:
            return True
        now = timezone.now()
        won = (
            type(self)
            ._default_manager.filter(pk=self.pk, used_at__isnull=True, revoked_at__isnull=True)
            .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
            .update(used_at=now)
        )
        if won:
            self.used_at = now
        return bool(won)


@dataclass(frozen=True)
class Lookup[T: PublicToken]:
    """What a raw token opens. ``link`` is set only for a working link, so a page cannot
    show what an expired or revoked link pointed at; ``since`` says when it stopped
    working (expiry, revocation or use), for the message."""

    state: TokenState
    link: T | None = None
    since: datetime | None = None


def lookup[T: PublicToken](queryset: models.QuerySet[T] | type[T], raw: str) -> Lookup[T]:
    """Resolve a raw token from a URL against a link model (or a queryset of it, e.g. with
    ``select_related`` of what the page shows)."""
    if not _TOKEN_SHAPE.fullmatch(raw or ""):
        return Lookup(TokenState.UNKNOWN)
    links = (
        cast("models.QuerySet[T]", queryset._default_manager.all())
        if isinstance(queryset, type)
        else queryset
    )
    link = links.filter(token_hash=hash_token(raw)).first()
    if link is None:
        return Lookup(TokenState.UNKNOWN)
    state = link.state
    if state == TokenState.ACTIVE:
        return Lookup(state, link)
    since = {
        TokenState.REVOKED: link.revoked_at,
        TokenState.USED: link.used_at,
        TokenState.EXPIRED: link.expires_at,
    }[state]
    return Lookup(state, None, since)


def private_headers(response: HttpResponse) -> HttpResponse:
    """A public link's response: never stored by a browser or proxy (a revoked link must
    stop showing its page, a shared computer must not keep it), never indexed, and no
    referrer with the token sent to any page it links to."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate the view of a public link: every answer it gives, the page, the "no longer
    works" page and any error, gets ``private_headers``. (Mark the view
    ``workspaces.access.public_view`` as well, which the access tests read.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return private_headers(view(request, *args, **kwargs))

    return wrapper


REASONS = {
    TokenState.UNKNOWN: (
        _("This link is not available"),
        _(
            "Check that you opened the whole link. If you did, it may have been replaced: "
            "ask the person who shared it for a new one."
        ),
    ),
    TokenState.EXPIRED: (
        _("This link has expired"),
        _("It worked until %(since)s. Ask the person who shared it for a new one."),
    ),
    TokenState.REVOKED: (
        _("This link has been revoked"),
        _(
            "The person who shared it revoked it on %(since)s, so it no longer opens. Ask "
            "them for a new one if you still need it."
        ),
    ),
    TokenState.USED: (
        _("This link has already been used"),
        _(
            "It works only once and was used on %(since)s. Ask the person who sent it "
            "for a new one if you need it again."
        ),
    ),
}


def unavailable(
    request: HttpRequest, found: Lookup, *, template: str = "core/public_link_unavailable.html"
) -> TemplateResponse:
    """The page for a link that does not open, saying why; 404 whatever the reason, like a
    missing page. Anyone holding the token may learn its state: the token is the secret."""
    title, reason = REASONS[found.state]
    text = str(reason)
    if found.since is not None:
        text = text % {"since": date_format(timezone.localtime(found.since), "DATE_FORMAT")}
    return TemplateResponse(
        request, template, {"state": found.state, "title": title, "text": text}, status=404
    )
