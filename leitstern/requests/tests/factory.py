"""Plain builders for requests tests (and the access walk's samples), through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from leitstern.customers.tests.factory import make_organisation
from leitstern.requests import services
from leitstern.requests.models import Commitment, Request

_n = count(1)


def make_request(world, *, organisations=None, arr: str = "1000", actor=None, **data) -> Request:
    organisations = organisations or [make_organisation(world.workspace, world.owner)]
    data.setdefault("title", f"Buyers want to pay on invoice ({next(_n)})")
    data.setdefault("problem", "Half of our buyers ask to pay after delivery.")
    return services.request_create(
        actor=actor or world.contributor,
        workspace=world.workspace,
        accounts=[services.AccountInput(organisation=o, arr=Decimal(arr)) for o in organisations],
        **data,
    )


def make_commitment(world, request: Request | None = None, *, days: int = 60, **data) -> Commitment:
    request = request or make_request(world)
    organisation = request.accounts.first().organisation
    return services.commitment_propose(
        actor=world.contributor,
        workspace=world.workspace,
        organisation=organisation,
        what=data.pop("what", f"Invoice payment live ({next(_n)})"),
        due_on=timezone.localdate() + timedelta(days=days),
        request=request,
        **data,
    )


# --- samples for the access walk (core/tests/test_access.py) -------------------------------


def _request(w, u) -> dict:
    return {"pk": make_request(w).pk}


def _commitment(w, u) -> dict:
    return {"pk": make_commitment(w).pk}


def make_import_job(world):
    from leitstern.core.imports.flow import import_start
    from leitstern.requests.importers import REQUESTS

    return import_start(
        actor=world.owner,
        importer=REQUESTS,
        target=world.workspace,
        filename="deals.csv",
        data=b"Opportunity Name,Account Name,ARR\nInvoice payment,Modehaus,1000\n",
    )


ROUTE_SAMPLES = {
    **{
        f"requests:{name}": lambda w, u: {"job": make_import_job(w).pk}
        for name in ("import_job", "import_apply")
    },
    **{
        f"requests:{name}": _request
        for name in ("detail", "edit", "triage", "comment", "account_add", "merge", "close_loop")
    },
    **{
        f"requests:{name}": _commitment
        for name in ("commitment", "commitment_decide", "commitment_move", "commitment_settle")
    },
    "requests:account": lambda w, u: {"pk": make_organisation(w.workspace, w.owner).pk},
}

API_PATH_SAMPLES = {
    "request_id": lambda w: make_request(w).pk,
    # Committed, so settling it works too; approving it again changes nothing.
    "commitment_id": lambda w: (
        services.commitment_decide(actor=w.owner, commitment=make_commitment(w), approve=True).pk
    ),
    "source_id": lambda w: make_request(w).pk,
}


API_BODIES = {
    "leitstern_requests_api_request_create": lambda: {
        "title": f"Export orders ({next(_n)})",
        "problem": "We retype every order.",
        "arr": "10",
    },
    "leitstern_requests_api_request_update": lambda: {"title": f"Renamed ({next(_n)})"},
    "leitstern_requests_api_request_triage": lambda: {"status": "review"},
    "leitstern_requests_api_request_comment": lambda: {"body": "Asked again at the QBR."},
    "leitstern_requests_api_request_account_add": lambda: {"arr": "10"},
    "leitstern_requests_api_commitment_create": lambda: {
        "what": "Invoice payment",
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    },
    "leitstern_requests_api_commitment_decide": lambda: {"approve": True},
    "leitstern_requests_api_commitment_move": lambda: {
        "due_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "why": "Scope grew.",
    },
    "leitstern_requests_api_commitment_settle": lambda: {"kept": True},
}

FUZZ_IDS = {
    "request_id": lambda workspace: Request.objects.filter(workspace=workspace),
    "commitment_id": lambda workspace: Commitment.objects.filter(workspace=workspace),
    "source_id": lambda workspace: Request.objects.filter(workspace=workspace),
}


def import_target(world):
    """The workspace request files are imported into."""
    return world.workspace
