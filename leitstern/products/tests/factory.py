"""Plain builders for tests of products and of the modules that use them."""

from __future__ import annotations

from itertools import count

from leitstern.products.models import Product
from leitstern.products.services import product_create

_n = count(1)


def make_product(workspace, actor, name: str = "", **data) -> Product:
    return product_create(
        actor=actor, workspace=workspace, name=name or f"Product {next(_n)}", **data
    )


# --- Samples for the access walk (``core/tests/test_access.py``) -------------------------

# URL arguments by route name: ``(world, requesting user or None) -> kwargs``.
ROUTE_SAMPLES = {
    f"products:{name}": lambda w, u: {"pk": w.product.pk}
    for name in ["detail", "edit", "archive", "restore"]
}

# API path parameters by name: ``world -> value``.
API_PATH_SAMPLES = {
    "product_id": lambda w: w.product.pk,
}

# A valid body per operation id, so access (not validation) decides the answer.
API_BODIES = {
    "leitstern_products_api_product_create": lambda: {"name": f"Marketplace {next(_n)}"},
    "leitstern_products_api_product_update": lambda: {"vision": f"Clearer {next(_n)}"},
}

# Real ids of a workspace by API path parameter, for the API fuzzing (api/tests/test_fuzz.py).
FUZZ_IDS = {
    "product_id": lambda workspace: workspace.products.all(),
}
