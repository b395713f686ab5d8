from __future__ import annotations

from collections.abc import Iterator

import pytest

from leitstern.connectors.tests.stub import Stub


@pytest.fixture
def stub() -> Iterator[Stub]:
    with Stub() as server:
        yield server


@pytest.fixture
def team(world):
    from leitstern.forecasts.tests.factory import make_team

    return make_team(world, "Checkout squad")
