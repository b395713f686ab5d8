"""Products travel with their workspace."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.products.models import Product

portability.register(Product)
