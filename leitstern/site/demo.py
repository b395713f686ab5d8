"""The demo company: Nordwind Commerce, an e-commerce platform.

The shell creates the workspace and its people; every module then adds its part through
the ``seed(context)`` it registered (``modules.py``), lower layers first. Everything is
created through the same service functions the app uses."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from leitstern.accounts.models import User
from leitstern.accounts.services import user_signup
from leitstern.core.seeding import DemoContext
from leitstern.site.modules import in_layer_order
from leitstern.workspaces.models import Membership, Role, Workspace
from leitstern.workspaces.services import invitation_accept, invitation_create, workspace_create

DEMO_SLUG = "demo"
DEMO_PASSWORD = "nordwind-demo-2026"  # noqa: S105 - a published demo password, by design

PEOPLE = [
    ("anna.berger@nordwind.example", "Anna Berger", Role.OWNER, "de"),
    ("jonas.keller@nordwind.example", "Jonas Keller", Role.EDITOR, "de"),
    ("mira.okafor@nordwind.example", "Mira Okafor", Role.EDITOR, "en"),
    ("lukas.brandt@nordwind.example", "Lukas Brandt", Role.EDITOR, "de"),
    ("sofia.marin@nordwind.example", "Sofia Marin", Role.CONTRIBUTOR, "en"),
    ("tobias.wagner@nordwind.example", "Tobias Wagner", Role.CONTRIBUTOR, "de"),
    ("lea.hoffmann@nordwind.example", "Lea Hoffmann", Role.CONTRIBUTOR, "de"),
    ("markus.stein@nordwind.example", "Markus Stein", Role.VIEWER, "de"),
    ("claire.dubois@nordwind.example", "Claire Dubois", Role.VIEWER, "en"),
]


def _user(email: str, name: str, language: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing:
        return existing
    return user_signup(email=email, name=name, password=DEMO_PASSWORD, language=language)


@transaction.atomic
def seed_demo(
    *, reset: bool = False, log: Callable[[str], object] = print
) -> list[tuple[str, str]]:
    """Create the demo workspace once (or anew with ``reset``); returns (email, role) pairs."""
    existing = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if existing and reset:
        existing.delete()
        existing = None
    if existing:
        log("Demo workspace exists already; keeping it (use --reset to seed it anew).")
    else:
        _seed(log)
    memberships = Membership.objects.filter(workspace__slug=DEMO_SLUG).select_related("user")
    order = {Role.OWNER: 0, Role.EDITOR: 1, Role.CONTRIBUTOR: 2, Role.VIEWER: 3}
    return [
        (m.user.email, m.get_role_display())
        for m in sorted(memberships, key=lambda m: (order[m.role], m.user.email))
    ]


def _seed(log: Callable[[str], object]) -> None:
    (owner_email, owner_name, _role, owner_lang), *others = PEOPLE
    owner = _user(owner_email, owner_name, owner_lang)
    workspace = workspace_create(actor=owner, name="Nordwind Commerce", slug=DEMO_SLUG)
    people = {owner_email: owner}
    for email, name, role, language in others:
        person = _user(email, name, language)
        invitation, _token = invitation_create(
            actor=owner, workspace=workspace, email=email, role=role, notify=False
        )
        invitation_accept(actor=person, invitation=invitation)
        people[email] = person
    context = DemoContext(workspace=workspace, owner=owner, people=people)
    for module in in_layer_order():
        if module.demo is not None:
            module.demo(context)
    log(f"Seeded the demo workspace “{workspace.name}” with {len(people)} people.")
