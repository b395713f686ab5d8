"""Plain helpers for tests: build what a test needs, readable in the test itself.

``make_world()`` gives one workspace with an owner, an editor, a contributor and a viewer,
plus an outsider who owns a workspace of their own."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from leitstern.accounts.models import User
from leitstern.products.models import Product
from leitstern.products.services import product_create
from leitstern.workspaces.models import Membership, Role, Workspace
from leitstern.workspaces.services import workspace_create

PASSWORD = "correct-horse-battery-staple"  # noqa: S105
_n = count(1)


def make_user(name: str = "", *, email: str = "", language: str = "en") -> User:
    n = next(_n)
    return User.objects.create_user(
        email=email or f"person{n}@example.com",
        password=PASSWORD,
        name=name or f"Person {n}",
        language=language,
    )


def make_workspace(owner: User, name: str = "") -> Workspace:
    return workspace_create(actor=owner, name=name or f"Workspace {next(_n)}")


def add_member(workspace: Workspace, role: str, user: User | None = None) -> User:
    user = user or make_user(f"{role.title()} {next(_n)}")
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


def make_product(workspace: Workspace, actor: User, name: str = "", **data) -> Product:
    return product_create(
        actor=actor, workspace=workspace, name=name or f"Product {next(_n)}", **data
    )


@dataclass
class World:
    workspace: Workspace
    owner: User
    editor: User
    contributor: User
    viewer: User
    outsider: User
    other_workspace: Workspace
    product: Product

    def user(self, role: str) -> User:
        return getattr(self, role)


ROLES = ["owner", "editor", "contributor", "viewer"]
LEVEL = {"owner": 4, "editor": 3, "contributor": 2, "viewer": 1}


def make_world() -> World:
    owner = make_user("Olivia Owner")
    workspace = make_workspace(owner, "Acme")
    outsider = make_user("Oscar Outsider")
    other = make_workspace(outsider, "Elsewhere")
    return World(
        workspace=workspace,
        owner=owner,
        editor=add_member(workspace, Role.EDITOR),
        contributor=add_member(workspace, Role.CONTRIBUTOR),
        viewer=add_member(workspace, Role.VIEWER),
        outsider=outsider,
        other_workspace=other,
        product=make_product(workspace, owner, "Storefront"),
    )


def browser_login(page, live_server, user, password: str = PASSWORD) -> None:
    """Sign in through the real login form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
