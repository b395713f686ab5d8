"""The kernel's public links (``core.tokens``): what is stored, when a link works, what a
link that does not work says, and the headers of its pages. Forecast share links are the
concrete link model here."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation

from leitstern.core import tokens
from leitstern.core.tests import token_races
from leitstern.core.tests.scenarios import run_on_sqlite_file
from leitstern.core.tokens import TokenState, hash_token, lookup, new_token
from leitstern.forecasts.models import ShareLink
from leitstern.forecasts.tests.factory import sample_saved

pytestmark = pytest.mark.django_db


def _issue(world, **kwargs) -> tuple[ShareLink, str]:
    kwargs.setdefault("lifetime", timedelta(days=1))
    link, raw = ShareLink.issue(
        workspace=world.workspace,
        forecast=sample_saved(world),
        created_by=world.owner,
        **kwargs,
    )
    link.full_clean()
    link.save()
    return link, raw


def test_tokens_are_random_url_safe_and_only_their_hash_is_stored(world):
    assert len({new_token() for _ in range(100)}) == 100
    assert all(len(new_token()) == 43 for _ in range(10))
    link, raw = _issue(world)
    assert link.token_hash == hashlib.sha256(raw.encode()).hexdigest() == hash_token(raw)
    stored = ShareLink.objects.filter(pk=link.pk).values()[0]
    assert raw not in {str(value) for value in stored.values()}


def test_a_link_expires_after_its_lifetime_or_never(world):
    before = timezone.now()
    link, _raw = _issue(world, lifetime=timedelta(days=30))
    assert before + timedelta(days=30) <= link.expires_at <= timezone.now() + timedelta(days=30)
    forever, _raw = _issue(world, lifetime=None)
    assert forever.expires_at is None
    assert forever.state_at(timezone.now() + timedelta(days=36500)) == TokenState.ACTIVE
    with pytest.raises(ValueError):
        ShareLink.issue(lifetime=timedelta(0), workspace=world.workspace)


def test_each_state_and_which_reason_wins(world):
    now = timezone.now()
    link, _raw = _issue(world, single_use=True)
    assert link.state_at(now) == TokenState.ACTIVE
    assert link.state_at(link.expires_at) == TokenState.EXPIRED
    link.used_at = now
    assert link.state_at(now) == TokenState.USED
    assert link.state_at(link.expires_at + timedelta(days=1)) == TokenState.USED
    link.revoked_at = now
    assert link.state_at(now) == TokenState.REVOKED
    link.single_use, link.used_at, link.revoked_at = False, now, None
    assert link.state_at(now) == TokenState.ACTIVE  # only single-use links are spent


def test_the_active_queryset_agrees_with_each_links_state(world):
    now = timezone.now()
    links = {
        "active": _issue(world)[0],
        "forever": _issue(world, lifetime=None)[0],
        "expired": _issue(world)[0],
        "revoked": _issue(world)[0],
        "used": _issue(world, single_use=True)[0],
        "reusable_opened": _issue(world)[0],
    }
    ShareLink.objects.filter(pk=links["expired"].pk).update(expires_at=now)
    links["revoked"].revoke()
    links["used"].consume()
    ShareLink.objects.filter(pk=links["reusable_opened"].pk).update(used_at=now)
    active = set(ShareLink.objects.active().values_list("pk", flat=True))
    for name, link in links.items():
        link.refresh_from_db()
        assert (link.pk in active) == (link.state == TokenState.ACTIVE), name
    assert active == {links[n].pk for n in ("active", "forever", "reusable_opened")}


def test_revoking_twice_changes_nothing_the_second_time(world):
    link, _raw = _issue(world)
    assert link.revoke() is True
    first = link.revoked_at
    assert link.revoke() is False
    link.refresh_from_db()
    assert link.revoked_at == first


def test_a_single_use_link_is_spent_once_and_a_dead_link_never(world):
    link, _raw = _issue(world, single_use=True)
    assert link.consume() is True
    assert ShareLink.objects.get(pk=link.pk).consume() is False
    revoked, _raw = _issue(world, single_use=True)
    revoked.revoke()
    assert revoked.consume() is False
    expired, _raw = _issue(world, single_use=True)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    assert ShareLink.objects.get(pk=expired.pk).consume() is False
    reusable, _raw = _issue(world)
    assert reusable.consume() is True and reusable.consume() is True


def test_lookup_gives_the_link_only_while_it_works_and_says_since_when_it_does_not(world):
    link, raw = _issue(world, single_use=True)
    found = lookup(ShareLink.objects.select_related("forecast"), raw)
    assert found.state == TokenState.ACTIVE and found.link == link and found.since is None
    link.consume()
    found = lookup(ShareLink, raw)
    assert (found.state, found.link, found.since) == (TokenState.USED, None, link.used_at)
    link.revoke()
    found = lookup(ShareLink, raw)
    assert (found.state, found.link, found.since) == (TokenState.REVOKED, None, link.revoked_at)
    other, raw = _issue(world)
    ShareLink.objects.filter(pk=other.pk).update(expires_at=timezone.now())
    found = lookup(ShareLink, raw)
    assert found.state == TokenState.EXPIRED and found.link is None
    assert lookup(ShareLink, new_token()).state == TokenState.UNKNOWN


@pytest.mark.parametrize("raw", ["", "short", "has spaces in it but is long enough", "ä" * 40,
                                 "x" * 10_000, "../../../../etc/passwd-etc-passwd"])  # fmt: skip
def test_what_is_no_token_is_not_even_looked_up(raw, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert lookup(ShareLink, raw).state == TokenState.UNKNOWN


# --- pages -----------------------------------------------------------------------------------


def test_every_answer_of_a_public_page_is_private_and_unindexed():
    @tokens.public_page
    def view(request, status):
        return HttpResponse("x", status=status)

    for status in (200, 404, 500):
        response = view(RequestFactory().get("/s/x/"), status)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
        assert response["Referrer-Policy"] == "no-referrer"


def _reason(world, state: TokenState, language: str) -> str:
    link, raw = _issue(world, single_use=True)
    since = timezone.make_aware(timezone.datetime(2026, 3, 2, 12, 0))
    if state == TokenState.EXPIRED:
        ShareLink.objects.filter(pk=link.pk).update(expires_at=since)
    elif state == TokenState.REVOKED:
        ShareLink.objects.filter(pk=link.pk).update(revoked_at=since)
    elif state == TokenState.USED:
        ShareLink.objects.filter(pk=link.pk).update(used_at=since)
    else:
        raw = new_token()
    with translation.override(language):
        response = tokens.unavailable(RequestFactory().get("/"), lookup(ShareLink, raw))
        response.render()
    assert response.status_code == 404
    text = response.content.decode()
    assert '<meta name="robots" content="noindex">' in text
    return text


@pytest.mark.parametrize(
    "state,english,german",
    [
        (TokenState.UNKNOWN, "This link is not available", "Dieser Link ist nicht verfügbar"),
        (TokenState.EXPIRED, "It worked until March 2, 2026", "Er galt bis 2. März 2026"),
        (TokenState.REVOKED, "revoked it on March 2, 2026", "am 2. März 2026 widerrufen"),
        (TokenState.USED, "was used on March 2, 2026", "wurde am 2. März 2026 verwendet"),
    ],
)
def test_a_link_that_does_not_open_says_why_in_the_readers_language(world, state, english, german):
    assert english in _reason(world, state, "en")
    assert german in _reason(world, state, "de")


def test_the_four_reasons_are_distinct():
    titles = {str(title) for title, _text in tokens.REASONS.values()}
    texts = {str(text) for _title, text in tokens.REASONS.values()}
    assert len(titles) == len(texts) == len(tokens.REASONS) == 4


# --- races -----------------------------------------------------------------------------------


@pytest.mark.concurrency
def test_a_single_use_link_is_spent_once_under_a_race_on_postgresql(racing_db):
    assert token_races.single_use_spent_once() == []


@pytest.mark.concurrency
def test_a_single_use_link_is_spent_once_under_a_race_on_a_sqlite_file(sqlite_file_db):
    name = f"{token_races.__name__}:single_use_spent_once"
    assert run_on_sqlite_file([name], sqlite_file_db, tries=5) == {name: []}
