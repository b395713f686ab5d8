from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitstern.core.forms import BoundedInputs, EditForm
from leitstern.products.models import Product


class ProductForm(BoundedInputs, EditForm, forms.ModelForm):
    """New and edit form; for an edit, built with ``loaded=product``."""

    edit_fields = Product.EDITABLE_FIELDS

    note = forms.CharField(
        label=_("Why this change?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the activity log next to the change."),
    )

    class Meta:
        model = Product
        fields = Product.EDITABLE_FIELDS
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 3}),
            "target_customers": forms.Textarea(attrs={"rows": 3}),
            "roadmap_disclaimer": forms.Textarea(attrs={"rows": 3}),
        }

    def product_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in Product.EDITABLE_FIELDS}
