"""Products: what a workspace builds, with the vision that guides it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned


class ProductQuerySet(models.QuerySet["Product"]):
    def active(self) -> ProductQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ProductQuerySet:
        return self.filter(archived_at__isnull=False)


class Product(Versioned):
    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("name"), max_length=120)
    vision = models.TextField(
        _("vision statement"),
        blank=True,
        help_text=_("Where this product is heading, in a sentence or two."),
    )
    # Geoffrey Moore's positioning template, optional and filled as far as it helps.
    vision_for = models.CharField(_("For (target customer)"), max_length=300, blank=True)
    vision_who = models.CharField(_("Who (statement of need)"), max_length=300, blank=True)
    vision_the = models.CharField(_("The (product name)"), max_length=300, blank=True)
    vision_is_a = models.CharField(_("Is a (product category)"), max_length=300, blank=True)
    vision_that = models.CharField(_("That (key benefit)"), max_length=300, blank=True)
    vision_unlike = models.CharField(_("Unlike (primary alternative)"), max_length=300, blank=True)
    vision_our_product = models.CharField(
        _("Our product (differentiation)"), max_length=300, blank=True
    )
    target_customers = models.TextField(_("target customers"), blank=True)
    roadmap_disclaimer = models.TextField(
        _("roadmap disclaimer"),
        blank=True,
        help_text=_("Shown on shared roadmaps, e.g. that plans can change and are no promise."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    EDITABLE_FIELDS = [
        "name",
        "vision",
        "vision_for",
        "vision_who",
        "vision_the",
        "vision_is_a",
        "vision_that",
        "vision_unlike",
        "vision_our_product",
        "target_customers",
        "roadmap_disclaimer",
    ]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"],
                condition=models.Q(archived_at__isnull=True),
                name="unique_active_product_name",
                violation_error_message=_("This workspace already has a product of that name."),
            )
        ]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def has_positioning(self) -> bool:
        return any(getattr(self, f) for f in self.EDITABLE_FIELDS if f.startswith("vision_"))
