"""Forms of the customers pages: each a new and edit form (``loaded=`` for an edit)."""

from __future__ import annotations

from django import forms

from leitstern.core.forms import BoundedInputs, EditForm
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
