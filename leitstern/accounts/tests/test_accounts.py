from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from leitstern.accounts.models import ApiToken, User, hash_token
from leitstern.accounts.services import api_token_create
from leitstern.testing import PASSWORD, make_user, make_workspace
from leitstern.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


def _signup(client: Client, **overrides):
    data = {
        "name": "Nina Neu",
        "email": "nina@example.com",
        "password": "a-long-enough-passphrase",
        "workspace_name": "Nina's Team",
        "language": "en",
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def test_signup_creates_the_account_and_a_workspace_it_owns(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nina@example.com")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.workspace.slug == "ninas-team"
    assert client.get("/").url == "/w/ninas-team/"


def test_signup_with_a_weak_password_saves_nothing_and_says_why(client):
    response = _signup(client, password="12345678")
    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert not User.objects.exists()


def test_signup_with_a_taken_email_names_the_field(client):
    make_user(email="nina@example.com")
    response = _signup(client, email="NINA@example.com")
    assert "An account with this email address already exists." in response.text
    assert User.objects.count() == 1


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from leitstern.config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def _login(client: Client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"email": email, "password": password}, REMOTE_ADDR=address
    )


def test_login_by_email_and_logout(client):
    user = make_user()
    assert _login(client, user.email.upper(), PASSWORD).status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_failed_logins_are_throttled_per_account(client):
    user = make_user()
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
        response = _login(client, user.email, "wrong")
        assert "Email address or password is not correct." in response.text
    # Even the right password is refused while throttled, with a clear message.
    response = _login(client, user.email, PASSWORD, address="10.0.0.2")
    assert "Too many failed sign-ins" in response.text
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled_per_address(client, settings):
    settings.LOGIN_THROTTLE_PER_ADDRESS = 3
    victim = make_user()
    for n in range(3):
        _login(client, f"guess{n}@example.com", "wrong", address="192.0.2.9")
    assert "Too many failed sign-ins" in _login(client, victim.email, PASSWORD, "192.0.2.9").text
    assert _login(client, victim.email, PASSWORD, "192.0.2.10").status_code == 302


def test_a_successful_login_clears_the_account_failures(client):
    user = make_user()
    for _ in range(settings.LOGIN_THROTTLE_PER_ACCOUNT - 1):
        _login(client, user.email, "wrong")
    assert _login(client, user.email, PASSWORD).status_code == 302
    client.logout()
    _login(client, user.email, "wrong")
    assert _login(client, user.email, PASSWORD).status_code == 302


def test_password_reset_sends_a_link_through_the_task_queue(
    client, django_capture_on_commit_callbacks
):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase")


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_api_token_is_shown_once_and_stored_hashed(client):
    user = make_user()
    workspace = make_workspace(user)
    client.force_login(user)
    response = client.post("/accounts/tokens/", {"name": "Jira sync", "workspace": workspace.slug})
    raw = re.search(r"lst_[\w-]+", response.text).group(0)
    token = ApiToken.objects.get(user=user)
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert raw not in client.get("/accounts/tokens/").text
    api = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert api.json()["email"] == user.email


def test_a_revoked_token_no_longer_authenticates(client):
    user = make_user()
    token, raw = api_token_create(actor=user, workspace=make_workspace(user), name="ci")
    client.force_login(user)
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["reason"].startswith("Authentication required")


def test_nobody_can_revoke_someone_elses_token(client):
    owner = make_user()
    token, _raw = api_token_create(actor=owner, workspace=make_workspace(owner), name="ci")
    client.force_login(make_user())
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_pages_follow_the_browsers_language(client):
    response = client.get("/accounts/login/", headers={"accept-language": "de-DE,de;q=0.9"})
    assert "Passwort vergessen?" in response.text
    assert response["Content-Language"] == "de"


def test_the_profile_language_wins_over_the_browser(client):
    user = make_user(language="de")
    client.force_login(user)
    response = client.get("/accounts/profile/", headers={"accept-language": "en"})
    assert "Passwort ändern" in response.text


def test_profile_change_of_language(client):
    user = make_user(language="en")
    client.force_login(user)
    client.post("/accounts/profile/", {"name": "Renamed", "language": "de"})
    user.refresh_from_db()
    assert (user.name, user.language) == ("Renamed", "de")


def test_a_refused_profile_change_leaves_the_signed_in_person_as_stored(client):
    user = make_user("Ada", language="en")
    client.force_login(user)
    response = client.get("/accounts/profile/")
    assert response.context["form"].initial == {"name": "Ada", "language": "en"}
    response = client.post("/accounts/profile/", {"name": " ", "language": "de"})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    # Nothing of the refused form reaches the person the rest of the request works with.
    signed_in = response.wsgi_request.user
    assert (signed_in.name, signed_in.language) == ("Ada", "en")
    user.refresh_from_db()
    assert (user.name, user.language) == ("Ada", "en")
