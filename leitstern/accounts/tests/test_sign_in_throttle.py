"""Sign-in throttling: whose address counts behind reverse proxies, what the refusal says,
and that a password reset lifts the account's lock as the message promises."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.utils import timezone

from leitstern.accounts.models import SignInThrottle
from leitstern.accounts.services import address_key
from leitstern.core.http import client_address
from leitstern.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

REFUSED = "Too many failed sign-ins"


def _login(client: Client, email: str, password: str, remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"email": email, "password": password}, **extra)


def _address(remote: str, forwarded: str | None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    "proxies,remote,forwarded,expected",
    [
        # No trusted proxy: the header is anyone's to write, so it is ignored.
        (0, "192.0.2.7", "198.51.100.1", "192.0.2.7"),
        # One proxy appends the address it saw; what the client wrote before it is ignored.
        (1, "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Two proxies: the client is the second entry from the right.
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        # Fewer entries than proxies: the leftmost there is.
        (2, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # Ports and brackets are not part of the address; garbage falls back to the peer.
        (1, "10.0.0.1", "198.51.100.1:5123", "198.51.100.1"),
        (1, "10.0.0.1", "[2001:db8::5]:443", "2001:db8::5"),
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", None, "10.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert _address(remote, forwarded) == expected


def test_ipv6_clients_are_counted_per_network_and_ipv4_as_themselves():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("192.0.2.1") != address_key("192.0.2.2")


def test_behind_a_proxy_one_persons_failures_do_not_lock_out_the_others(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_THROTTLE_PER_ADDRESS = 3
    colleague = make_user()
    for n in range(3):
        _login(client, f"guess{n}@example.com", "wrong", "10.0.0.1", "198.51.100.66")
    refused = _login(client, colleague.email, PASSWORD, "10.0.0.1", "198.51.100.66")
    assert "Too many failed sign-ins from your network" in refused.text
    # Same proxy, another client behind it.
    assert _login(client, colleague.email, PASSWORD, "10.0.0.1", "198.51.100.7").status_code == 302


def test_a_guesser_cannot_escape_the_address_limit_by_writing_the_header(client, settings):
    settings.LOGIN_THROTTLE_PER_ADDRESS = 3
    victim = make_user()
    # No trusted proxy: the header is ignored.
    for n in range(3):
        _login(client, f"guess{n}@example.com", "wrong", "192.0.2.9", f"203.0.113.{n}")
    assert REFUSED in _login(client, victim.email, PASSWORD, "192.0.2.9", "203.0.113.99").text
    # One trusted proxy: only the entry the proxy appended counts.
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        _login(client, f"more{n}@example.com", "wrong", "10.0.0.1", f"203.0.113.{n}, 192.0.2.50")
    refused = _login(client, victim.email, PASSWORD, "10.0.0.1", "203.0.113.99, 192.0.2.50")
    assert REFUSED in refused.text


def test_the_refusal_says_when_to_try_again_in_english_and_german(client, settings):
    user = make_user()
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        _login(client, user.email, "wrong", "10.0.0.1")
    english = _login(client, user.email, PASSWORD, "10.0.0.2")
    assert "Too many failed sign-ins for this account. Please try again in 15 minutes" in (
        english.text
    )
    assert "a new password lifts this lock at once" in english.text
    german = client.post(
        "/accounts/login/",
        {"email": user.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.3",
        headers={"accept-language": "de"},
    )
    assert "Zu viele fehlgeschlagene Anmeldungen für dieses Konto" in german.text
    assert "15 Minuten" in german.text


def test_the_lock_ends_with_its_window(client, settings):
    user = make_user()
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        _login(client, user.email, "wrong", "10.0.0.1")
    assert REFUSED in _login(client, user.email, PASSWORD, "10.0.0.1").text
    SignInThrottle.objects.update(
        window_started_at=timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    )
    assert _login(client, user.email, PASSWORD, "10.0.0.1").status_code == 302


def test_a_password_reset_lifts_the_accounts_lock_but_not_the_addresss(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LOGIN_THROTTLE_PER_ADDRESS = 8
    user = make_user()
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        _login(client, user.email, "wrong", "10.0.0.1")
    assert REFUSED in _login(client, user.email, PASSWORD, "10.0.0.2").text

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    saved = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
    )
    assert saved.status_code == 302
    assert _login(client, user.email, "brand-new-passphrase", "10.0.0.2").status_code == 302

    # The address that did the guessing keeps its own count (5 of 8 used).
    client.logout()
    for n in range(3):
        _login(client, f"guess{n}@example.com", "wrong", "10.0.0.1")
    refused = _login(client, user.email, "brand-new-passphrase", "10.0.0.1")
    assert "Too many failed sign-ins from your network" in refused.text


def test_a_successful_sign_in_gives_its_place_at_the_address_back(client, settings):
    settings.LOGIN_THROTTLE_PER_ADDRESS = 3
    people = [make_user() for _ in range(5)]
    for person in people:
        assert _login(Client(), person.email, PASSWORD, "10.0.0.1").status_code == 302
    counter = SignInThrottle.objects.get(scope="address", key="10.0.0.1")
    assert counter.failures == 0
