"""What a module's demo seeder works with.

The shell (``leitstern.site.demo``) creates the demo company's workspace and people, then
calls each registered module's ``seed(context)`` in layer order, lower layers first. A
seeder writes through its module's services and leaves what later modules build on in the
context (``products`` by name, anything else under ``extra``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from leitstern.accounts.models import User
    from leitstern.workspaces.models import Workspace


@dataclass
class DemoContext:
    """The demo company as far as it is seeded."""

    workspace: Workspace
    owner: User
    people: dict[str, User]  # by email address
    products: dict[str, Any] = field(default_factory=dict)  # by name, from the products seeder
    extra: dict[str, Any] = field(default_factory=dict)  # what one module leaves for a later one


Seeder = Callable[[DemoContext], None]
