"""The business cases linked to a roadmap item, an opportunity or a hypothesis, on that
object's page (contributed through the kernel's panel registry from ``apps.py``: the lower
module's page names a slot and knows nothing of cases). One query per panel, whatever the
number of cases."""

from __future__ import annotations

from typing import Any

from leitstern.cases.models import BusinessCase
from leitstern.core.http import WorkspaceRequest


def _rows(request: WorkspaceRequest, **link: Any) -> dict[str, Any] | None:
    cases = BusinessCase.objects.filter(workspace=request.workspace, **link).only(
        "id", "name", "currency", "result", "revision", "result_revision", "workspace_id"
    )
    rows = []
    for case in cases:
        result = case.result or {}
        npv = result.get("npv") or {}
        payback = result.get("payback") or {}
        rows.append(
            {
                "case": case,
                "simulated": bool(result),
                "current": case.result_is_current,
                "loss": result.get("probability_of_loss"),
                "median": (npv.get("percentiles") or {}).get("50"),
                "payback": (payback.get("months") or {}).get("50"),
                "within_horizon": payback.get("within_horizon"),
            }
        )
    return {"case_rows": rows} if rows else None


def roadmap_item_cases(request: WorkspaceRequest, item: Any) -> dict[str, Any] | None:
    return _rows(request, roadmap_item=item)


def opportunity_cases(request: WorkspaceRequest, opportunity: Any) -> dict[str, Any] | None:
    return _rows(request, opportunity=opportunity)


def hypothesis_cases(request: WorkspaceRequest, hypothesis: Any) -> dict[str, Any] | None:
    return _rows(request, hypothesis=hypothesis)
