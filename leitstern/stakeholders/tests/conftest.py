"""The seeded demo company, shared by the tests of one module (the kernel's fixture)."""

from leitstern.core.tests.conftest import demo  # noqa: F401
