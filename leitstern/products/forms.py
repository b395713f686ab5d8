from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leitstern.products.models import Product


class ProductForm(forms.ModelForm):
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

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace

    def product_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in Product.EDITABLE_FIELDS}
