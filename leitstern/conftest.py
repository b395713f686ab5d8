from __future__ import annotations

import pytest


@pytest.fixture
def world(db):
    from leitstern.testing import make_world

    return make_world()
