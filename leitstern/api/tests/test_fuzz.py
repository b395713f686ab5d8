"""The API against its own OpenAPI description: every operation, generated inputs.

Schemathesis reads ``/api/v1/openapi.json`` from the WSGI application in this process and
generates valid and invalid requests for every operation listed there, so a new operation is
covered without anyone adding it here. The demo company is seeded once for this module and
every operation runs with an owner's token; path ids are mostly real ids of the demo (so the
operations do their work; each app's ``tests/factory.py`` names them in ``FUZZ_IDS``) and
sometimes generated ones. A test fails on any 5xx, an answer
(status, content type or body) that the description does not promise, invalid input that is
accepted, and any error that is not the API's JSON error format.

``LEITSTERN_FUZZ_EXAMPLES`` sets the examples per operation (default 12, a short run for CI
on two cores); ``LEITSTERN_FUZZ_SEED`` a seed for a different, reproducible run, e.g.
``LEITSTERN_FUZZ_EXAMPLES=300 LEITSTERN_FUZZ_SEED=7 ./run test leitstern/api/tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from leitstern.config.wsgi import application
from leitstern.testing import factory_samples

# About two minutes of CPU in one worker (the module goes to one): handed out first.
pytestmark = pytest.mark.long

EXAMPLES = int(os.environ.get("LEITSTERN_FUZZ_EXAMPLES", "12"))
SEED = os.environ.get("LEITSTERN_FUZZ_SEED")

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Every request carries the owner's token (below); generated credentials would only ever
# test the 401 that ``test_access`` already proves for every operation.
schema.config.generation.update(with_security_parameters=False)
# A body over the documented size limit is rightly refused with 413.
_rejection = schema.config.checks.negative_data_rejection
_rejection.expected_statuses = [*_rejection.expected_statuses, "413"]
_rejection._mark_source_keys(("expected_statuses",))

# Real ids of the seeded demo by path parameter name, filled by the ``demo_token`` fixture.
KNOWN_IDS: dict[str, list] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters: dict) -> st.SearchStrategy:
    """The demo's slug always, and for ids a real one most of the time; a generated value
    that breaks the description (a negative case) is kept as it is."""
    choices = {}
    for name, generated in (path_parameters or {}).items():
        known = KNOWN_IDS.get(name)
        if not known or not _valid(name, generated):
            choices[name] = st.just(generated)
        elif name == "slug":
            choices[name] = st.just(known[0])
        else:
            choices[name] = st.one_of(st.sampled_from(known), st.just(generated))
    return st.fixed_dictionaries(choices)


def _valid(name: str, value) -> bool:
    if name == "slug":
        return isinstance(value, str) and re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", value) is not None
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 2**63


@schemathesis.check
def errors_are_json(ctx, response, case) -> None:
    """Every error answers ``{"errors": [{"field", "reason"}, ...]}`` as JSON."""
    if response.status_code < 400:
        return
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/json"), (
        f"{response.status_code} answered as {content_type!r}, not JSON"
    )
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"], (
        f"{response.status_code} without an errors list: {body!r}"
    )
    for error in body["errors"]:
        assert set(error) >= {"field", "reason"} and error["reason"], error


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
    errors_are_json,
]


@pytest.fixture(scope="module")
def demo_token(django_db_setup, django_db_blocker):
    """The demo company, seeded once for the module and rolled back after it; an owner's
    token for it."""
    from leitstern.accounts.services import api_token_create
    from leitstern.core.tests.demo_snapshot import seeded_demo
    from leitstern.site.demo import DEMO_SLUG

    # The WSGI application closes "old" connections around each request; inside the test's
    # transaction that would close it (on PostgreSQL). Django's test client keeps it open
    # the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            workspace = seeded_demo()
            owner = workspace.memberships.get(role="owner").user
            _, token = api_token_create(actor=owner, workspace=workspace, name="fuzzing")
            # Each app's tests/factory.py names the ids of its path parameters.
            ids = {name: known(workspace) for name, known in factory_samples("FUZZ_IDS").items()}
            KNOWN_IDS["slug"] = [DEMO_SLUG]
            for name, queryset in ids.items():
                KNOWN_IDS[name] = sorted(queryset.values_list("pk", flat=True))
                assert KNOWN_IDS[name], f"the demo has no {name}; the fuzzer would miss it"
            yield token
        finally:
            KNOWN_IDS.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


def _settings(test):
    test = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=SEED is None,
        # Shrinking finds the smallest failing input but can take minutes; the failure
        # report already holds a reproducible request.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )(test)
    return hypothesis_seed(int(SEED))(test) if SEED is not None else test


def test_every_path_parameter_has_real_ids_to_try():
    from leitstern.site.api import api

    parameters = {
        parameter["name"]
        for methods in api.get_openapi_schema()["paths"].values()
        for operation in methods.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    }
    assert parameters - {"slug"} - set(factory_samples("FUZZ_IDS")) == set()


@schema.parametrize()
@_settings
def test_operation_keeps_its_description(case, demo_token, db):
    case.call_and_validate(headers={"Authorization": f"Bearer {demo_token}"}, checks=CHECKS)
