"""Builders for connector tests, through the services, and the access walk's samples."""

from __future__ import annotations

from itertools import count

from leitstern.connectors import services
from leitstern.connectors.models import Connector, Interval
from leitstern.forecasts.tests.factory import sample_team
from leitstern.teams.models import Team

_n = count(1)
# Nothing listens there: a test or sync from the access walk fails at once, offline.
NOWHERE = "http://127.0.0.1:9"


def make_connector(team: Team, *, actor=None, **data) -> Connector:
    values = {
        "kind": "jira",
        "name": f"Tracker {next(_n)}",
        "url": NOWHERE,
        "scope": "project = CHK",
        "secret": "token-for-tests",
        "interval": Interval.NEVER,
        **data,
    }
    return services.connector_create(actor=actor, team=team, **values)


def sample_connector(world) -> Connector:
    return make_connector(sample_team(world), actor=world.owner)


# --- Samples for the access walk (``core/tests/test_access.py``) -------------------------

ROUTE_SAMPLES = {
    "connectors:new": lambda w, u: {"team": sample_team(w).pk},
    **{
        f"connectors:{name}": lambda w, u: {"pk": sample_connector(w).pk}
        for name in ["detail", "edit", "sync", "test", "revoke", "delete"]
    },
}

API_PATH_SAMPLES = {
    "connector_id": lambda w: sample_connector(w).pk,
}

API_BODIES = {
    "leitstern_connectors_api_connector_create": lambda: {
        "kind": "github",
        "name": f"Shop repository {next(_n)}",
        "scope": "nordwind/shop",
        "secret": "token-for-tests",
        "url": NOWHERE,
    },
    "leitstern_connectors_api_connector_sync": lambda: {},
}

FUZZ_IDS = {
    "connector_id": lambda workspace: Connector.objects.filter(team__workspace=workspace),
}
