"""The operators' admin (``/admin/``): its own access walk over every registered model's
pages, what operators may change (through the services), and that no secret shows.

The admin has its own rule (``workspaces.operators``): signed out → Leitstern's sign-in
page; signed in but no operator → 404; an active staff account that owns a workspace, or
a superuser → the page. The route walk in ``test_access.py`` leaves the admin to this file.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leitstern.accounts.models import ApiToken, SignInThrottle, User
from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.core.models import ImportJob, WorkerHeartbeat
from leitstern.discovery.models import DiscoverySettings
from leitstern.forecasts.models import SavedForecast
from leitstern.forecasts.services import share_create
from leitstern.products.models import Product
from leitstern.research.models import ReminderPreference as ResearchReminders
from leitstern.research.models import ResearchSettings, Tag
from leitstern.research.services.workspace import consent_text_publish
from leitstern.strategy.models import ReminderPreference
from leitstern.testing import make_user
from leitstern.workspaces.models import Invitation, Membership, Role, Workspace
from leitstern.workspaces.services import invitation_create

pytestmark = pytest.mark.django_db

# Models an operator never needs to see (Django's own bookkeeping).
NOT_IN_ADMIN = {"admin.LogEntry", "auth.Permission", "auth.Group", "contenttypes.ContentType",
                "sessions.Session"}  # fmt: skip
# Personal data of research participants and customer contacts: operators run the
# installation and do not need to read it (data minimisation); the workspace's owners
# export and erase it on the research pages.
PERSONAL = {"customers.Person", "research.Participant", "research.Consent",
            "research.ConsentLink", "research.Conversation", "research.Attachment",
            "research.Quote", "research.SearchEntry",
            "stakeholders.Stakeholder", "stakeholders.PositionRecord", "stakeholders.Stance",
            "stakeholders.Influence", "stakeholders.Conversation",
            "stakeholders.PlanItem"}  # fmt: skip
SECRET_UPLOAD = b"key,done\nSECRET-UPLOAD-CONTENT,2025-01-02\n"


@pytest.fixture(scope="module")
def installation(demo, django_db_blocker):
    """The demo workspace plus one of each platform record the demo does not make, and the
    people the walk signs in as."""
    with django_db_blocker.unblock():
        owner = Membership.objects.filter(workspace=demo, role=Role.OWNER).first().user
        viewer = Membership.objects.filter(workspace=demo, role=Role.VIEWER).first().user
        operator = make_user("Olga Operator")
        Membership.objects.create(workspace=demo, user=operator, role=Role.OWNER)
        User.objects.filter(pk=operator.pk).update(is_staff=True)
        staff_only = make_user("Stan Staff")
        Membership.objects.create(workspace=demo, user=staff_only, role=Role.EDITOR)
        User.objects.filter(pk=staff_only.pk).update(is_staff=True)
        superuser = User.objects.create_superuser(
            email="root@example.com", password="x" * 20, name="Root"
        )
        token, raw_token = api_token_create(actor=owner, workspace=demo, name="CI")
        invitation, raw_invitation = invitation_create(
            actor=owner, workspace=demo, email="new@example.com", role="viewer"
        )
        link, raw_link = share_create(
            actor=owner, forecast=SavedForecast.objects.filter(team__workspace=demo).first()
        )
        team = link.forecast.team
        job = ImportJob.objects.create(
            workspace=demo, importer="forecasts.history", target_id=team.pk, created_by=owner,
            filename="jira.csv", data=SECRET_UPLOAD,
            preview={"sample": [["SECRET-UPLOAD-CONTENT", "2025-01-02"]]},
        )  # fmt: skip
        now = timezone.now()
        WorkerHeartbeat.objects.create(worker="host:1", beat_at=now, started_at=now)
        SignInThrottle.objects.create(scope="account", key="someone@example.com", failures=3)
        ReminderPreference.objects.create(workspace=demo, user=owner, weekly_email=False)
        ResearchReminders.objects.create(workspace=demo, user=owner, weekly_email=False)
        ResearchSettings.objects.get_or_create(workspace=demo)
        Tag.objects.get_or_create(workspace=demo, name="checkout")
        DiscoverySettings.objects.get_or_create(product=Product.objects.filter(workspace=demo)[0])
        consent_text_publish(
            actor=owner, workspace=demo, purpose="interview", language="en",
            text="We would like to talk with you about how you shop with us.",
        )  # fmt: skip
        DBTaskResult.objects.create(
            task_path="leitstern.forecasts.tasks.refresh_tracking", backend_name="default",
            args_kwargs={"args": [], "kwargs": {}}, run_after=now, exception_class_path="",
            traceback="",
        )  # fmt: skip
        return {
            "workspace": demo, "owner": owner, "viewer": viewer, "operator": operator,
            "staff_only": staff_only, "superuser": superuser, "token": token,
            "invitation": invitation, "link": link, "job": job,
            "secrets": [raw_token, token.token_hash, raw_invitation, invitation.token_hash,
                        raw_link, link.token_hash, owner.password, "SECRET-UPLOAD-CONTENT"],
        }  # fmt: skip


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _admin_urls() -> list[tuple[str, str]]:
    """(what, url) for the index, each app's page and every registered model's pages, with
    the change, history and delete pages of one of its rows."""
    urls = [("index", reverse("admin:index"))]
    for label in sorted({model._meta.app_label for model in admin.site._registry}):
        urls.append((f"app {label}", reverse("admin:app_list", args=[label])))
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        info = (model._meta.app_label, model._meta.model_name)
        urls.append((f"{model._meta.label} list", reverse("admin:{}_{}_changelist".format(*info))))
        urls.append((f"{model._meta.label} add", reverse("admin:{}_{}_add".format(*info))))
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"{model._meta.label}: the walk needs one row (add it to the demo)"
        for page in ("change", "history", "delete"):
            urls.append(
                (
                    f"{model._meta.label} {page}",
                    reverse(f"admin:%s_%s_{page}" % info, args=[row.pk]),
                )
            )
    return urls


def test_every_leitstern_model_is_in_the_admin():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model not in admin.site._registry and model._meta.label not in NOT_IN_ADMIN | PERSONAL
    ]
    assert missing == [], f"Register these in their app's admin.py (core.admin): {missing}"


def test_personal_data_stays_out_of_the_admin():
    shown = sorted(m._meta.label for m in admin.site._registry if m._meta.label in PERSONAL)
    assert shown == [], f"Personal data in the operators' admin: {shown}"
    assert {m._meta.label for m in apps.get_models()} >= PERSONAL, "PERSONAL names no model"


def test_no_admin_page_shows_a_participant_or_a_contact(installation):
    from leitstern.customers.models import Person
    from leitstern.research.models import Participant, Quote

    people = [*Participant.objects.all(), *Person.objects.all()]
    assert len(people) > 10, "the demo has participants and contacts"
    words = {p.name for p in people} | {p.email for p in people if p.email}
    words |= {q.text for q in Quote.objects.all()}
    words = {word for word in words if len(word) >= 4}  # erased ones are blank
    client = _client(installation["operator"])
    for what, url in _admin_urls():
        text = client.get(url).content.decode()
        leaked = sorted(word for word in words if word in text)
        assert leaked == [], f"{what} shows personal data: {leaked[:3]}"


def test_signed_out_people_are_sent_to_leitsterns_sign_in(installation):
    for what, url in _admin_urls():
        response = _client(None).get(url)
        assert response.status_code == 302, what
        assert response["Location"].startswith("/accounts/login/?next="), what
    login = _client(None).get("/admin/login/?next=/admin/forecasts/")
    assert login["Location"] == "/accounts/login/?next=/admin/forecasts/"


@pytest.mark.parametrize("who", ["owner", "viewer", "staff_only"])
def test_members_and_staff_who_own_nothing_get_404(installation, who):
    client = _client(installation[who])
    for what, url in [*_admin_urls(), ("login", "/admin/login/")]:
        assert client.get(url).status_code == 404, f"{who}: {what}"


def test_an_inactive_operator_gets_404(installation):
    operator = installation["operator"]
    client = _client(operator)
    User.objects.filter(pk=operator.pk).update(is_active=False)
    # The session of a deactivated account ends; either way, no admin page opens.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["operator", "superuser"])
def test_operators_see_every_page_and_change_no_domain_data(installation, who):
    client = _client(installation[who])
    editable = {"accounts.User": {"change", "list"}, "accounts.SignInThrottle": {"delete"}}
    for what, url in _admin_urls():
        response = client.get(url)
        label, _space, page = what.rpartition(" ")
        if page in ("add", "delete") and page not in editable.get(label, set()):
            assert response.status_code == 403, f"{who}: {what} must be refused"
            continue
        assert response.status_code == 200, f"{who}: {what} answered {response.status_code}"
        text = response.content.decode()
        for secret in installation["secrets"]:
            assert secret not in text, f"{who}: {what} shows a secret"
        if page == "change" and label not in editable:
            assert 'name="_save"' not in text, f"{what} offers to save"


def test_a_domain_object_cannot_be_changed_by_posting_anyway(installation):
    client = _client(installation["operator"])
    product = installation["workspace"].products.first()
    url = reverse("admin:products_product_change", args=[product.pk])
    response = client.post(url, {"name": "Renamed by an operator"})
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.name != "Renamed by an operator"


def test_revoking_a_token_in_the_admin_goes_through_the_service(installation):
    token: ApiToken = installation["token"]
    client = _client(installation["operator"])
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = ActivityEntry.objects.filter(kind="token.revoked").latest("created_at")
    assert entry.actor == installation["operator"] and entry.workspace == token.workspace


def test_revoking_an_invitation_and_keeping_a_workspace(installation):
    client = _client(installation["operator"])
    invitation: Invitation = installation["invitation"]
    client.post(
        reverse("admin:workspaces_invitation_changelist"),
        {"action": "revoke", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    workspace: Workspace = installation["workspace"]
    Workspace.objects.filter(pk=workspace.pk).update(
        deletion_requested_at=timezone.now() - timedelta(days=1)
    )
    client.post(
        reverse("admin:workspaces_workspace_changelist"),
        {"action": "restore", "_selected_action": [workspace.pk]},
    )
    workspace.refresh_from_db()
    assert workspace.deletion_requested_at is None
    actions = ActivityEntry.objects.filter(actor=installation["operator"], workspace=workspace)
    assert set(actions.values_list("kind", flat=True)) == {
        "invitation.revoked",
        "workspace.restored",
    }


def test_an_operator_locks_an_account_but_makes_no_operators(installation):
    client = _client(installation["operator"])
    viewer: User = installation["viewer"]
    url = reverse("admin:accounts_user_change", args=[viewer.pk])
    response = client.post(url, {"is_active": "", "is_staff": "on", "is_superuser": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    viewer.refresh_from_db()
    assert viewer.is_active is False
    assert viewer.is_staff is False and viewer.is_superuser is False
    own = client.get(reverse("admin:accounts_user_change", args=[installation["operator"].pk]))
    assert 'name="is_active"' not in own.content.decode()  # nobody locks themselves out


def test_a_superuser_makes_operators(installation):
    client = _client(installation["superuser"])
    viewer: User = installation["viewer"]
    url = reverse("admin:accounts_user_change", args=[viewer.pk])
    client.post(url, {"is_active": "on", "is_staff": "on"})
    viewer.refresh_from_db()
    assert viewer.is_staff is True and viewer.is_superuser is False


def test_leitstern_createsuperuser_makes_an_operator(db, monkeypatch):
    monkeypatch.setitem(os.environ, "DJANGO_SUPERUSER_PASSWORD", "a-long-operator-passphrase")
    call_command(
        "createsuperuser", interactive=False, email="ops@example.com", name="Ops", verbosity=0
    )
    client = Client()
    assert client.login(email="ops@example.com", password="a-long-operator-passphrase")
    assert client.get(reverse("admin:index")).status_code == 200
