"""The large workspace's people (see ``leitstern.core.large``): the workspace, its owner
and ``scale.members`` members in every role, each with the entry of joining."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from leitstern.accounts.models import User
from leitstern.activity.large import entry
from leitstern.activity.models import ActivityEntry
from leitstern.core.large import LargeContext
from leitstern.workspaces.models import Membership, Role, Workspace
from leitstern.workspaces.services import MEMBER_JOINED, workspace_create

# Everyone in the large workspace signs in with this password (for trying pages by hand);
# the owner is owner@<slug>.example.
PASSWORD = "large-workspace"  # noqa: S105 - a published benchmark password, by design

FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Elif",
    "Felix",
    "Greta",
    "Hannes",
    "Ines",
    "Jonas",
    "Katrin",
    "Lukas",
    "Mara",
    "Niklas",
    "Olga",
    "Paul",
    "Quirin",
    "Rosa",
    "Stefan",
    "Tara",
]
LAST = [
    "Albrecht",
    "Bauer",
    "Clausen",
    "Dietrich",
    "Engel",
    "Fischer",
    "Graf",
    "Hoffmann",
    "Imhof",
    "Jung",
    "Keller",
    "Lorenz",
    "Maier",
    "Neumann",
    "Otto",
    "Peters",
]


def _role(n: int, members: int) -> str:
    """The owner, a few more owners, then about a fifth editors, half contributors and the
    rest viewers."""
    share = n / members
    if n == 0 or share < 0.02:
        return Role.OWNER
    if share < 0.2:
        return Role.EDITOR
    if share < 0.7:
        return Role.CONTRIBUTOR
    return Role.VIEWER


def generate(context: LargeContext) -> None:
    owner = User.objects.create_user(
        email=f"owner@{context.slug}.example", password=PASSWORD, name="Olivia Owner", language="en"
    )
    workspace = workspace_create(
        actor=owner, name=f"Large Workspace ({context.slug})", slug=context.slug
    )
    started = timezone.make_aware(
        datetime.combine(context.today - timedelta(days=365 * context.scale.metric_years), time(9))
    )
    Workspace.objects.filter(pk=workspace.pk).update(created_at=started)
    ActivityEntry.objects.filter(workspace=workspace).update(created_at=started)
    context.workspace, context.owner = workspace, owner
    context.members, context.roles = [owner], {owner.pk: Role.OWNER}

    others = context.scale.members - 1
    password = make_password(PASSWORD)  # one hash for all: hashing 200 times takes minutes
    ids = context.next_ids(User, others)
    joined = [
        started + timedelta(days=n * 3, hours=context.rng.randrange(8)) for n in range(others)
    ]
    names = [
        f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}" for n in range(others)
    ]
    context.insert(
        User,
        (
            "id",
            "password",
            "is_superuser",
            "is_staff",
            "is_active",
            "date_joined",
            "email",
            "name",
            "language",
        ),
        (
            (
                pk,
                password,
                False,
                False,
                True,
                at,
                f"member{n + 1}@{context.slug}.example",
                name,
                "de" if n % 3 else "en",
            )
            for n, (pk, at, name) in enumerate(zip(ids, joined, names, strict=True))
        ),
    )
    users = list(User.objects.filter(pk__in=ids).order_by("pk"))
    roles = [_role(n + 1, context.scale.members) for n in range(others)]
    context.insert(
        Membership,
        ("workspace_id", "user_id", "role", "joined_at"),
        (
            (workspace.pk, user.pk, role, at)
            for user, role, at in zip(users, roles, joined, strict=True)
        ),
    )
    for user, role, at in zip(users, roles, joined, strict=True):
        context.members.append(user)
        context.roles[user.pk] = role
        context.activity.append(
            entry(
                kind=MEMBER_JOINED,
                actor_id=user.pk,
                target_type="workspaces.workspace",
                target_id=workspace.pk,
                label=str(workspace),
                at=at,
                changes={"role": ["", str(Role(role).label)]},
            )
        )
