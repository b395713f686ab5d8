"""Forms of the customers pages: each a new and edit form (``loaded=`` for an edit)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leitstern.core.forms import BoundedInputs, EditForm
from leitstern.core.imports.forms import UploadForm
from leitstern.customers.models import Organisation, Person, Persona, Segment

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class SegmentForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = list(Segment.EDITABLE_FIELDS)

    class Meta:
        model = Segment
        fields = list(Segment.EDITABLE_FIELDS)
        widgets = {"description": TEXTAREA}

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class PersonaForm(SegmentForm):
    edit_fields = list(Persona.EDITABLE_FIELDS)

    class Meta(SegmentForm.Meta):
        model = Persona


class OrganisationForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = list(Organisation.EDITABLE_FIELDS)

    class Meta:
        model = Organisation
        fields = list(Organisation.EDITABLE_FIELDS)
        widgets = {"notes": TEXTAREA}

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(workspace=workspace).active()


class PersonForm(BoundedInputs, EditForm, forms.ModelForm):
    edit_fields = list(Person.EDITABLE_FIELDS)

    class Meta:
        model = Person
        fields = list(Person.EDITABLE_FIELDS)
        widgets = {"notes": TEXTAREA}

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            workspace=workspace
        ).active()


class ImportForm(UploadForm):
    """A CSV file or pasted rows; the kernel's import flow reads either (``upload``)."""


class MergeForm(BoundedInputs, forms.Form):
    """Which duplicate to merge into the organisation or contact at hand."""

    duplicate = forms.ModelChoiceField(
        label=capfirst(_("duplicate")),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Everything that points at the duplicate moves here; empty fields here take its "
            "values; then the duplicate is deleted. This cannot be undone."
        ),
    )

    def __init__(self, *args, keep: Organisation | Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model = type(keep)
        self.fields["duplicate"].queryset = (
            model.objects.filter(workspace_id=keep.workspace_id).active().exclude(pk=keep.pk)
        )
