from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The slot of the product's page that higher modules contribute to (``core.contributions``).
PRODUCT_PANELS = "products.product"


class ProductsConfig(AppConfig):
    name = "leitstern.products"
    label = "products"
    verbose_name = _("Products")

    def ready(self) -> None:
        from leitstern.core import contributions

        contributions.declare(
            PRODUCT_PANELS,
            "Sections of a product's page (products:detail); the object is the product.",
        )
