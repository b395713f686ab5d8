"""The upload form every module's import page shows: a CSV file or pasted rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.core.forms import BoundedInputs

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # the stubs' name for a lazy text


class UploadForm(BoundedInputs, forms.Form):
    """A file or pasted rows; :meth:`upload` gives a name and the bytes either way, for the
    import flow's ``import_start``. A module sets ``MAX_BYTES`` (its importer's limit) and,
    in ``columns_help``, the columns it reads."""

    MAX_BYTES: ClassVar[int] = 5_000_000
    columns_help: ClassVar[str | _StrPromise] = ""

    file = forms.FileField(label=capfirst(gettext_lazy("CSV file")), required=False)
    text = forms.CharField(
        label=capfirst(gettext_lazy("or paste the rows")),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        strip=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.columns_help:
            self.fields["file"].help_text = self.columns_help

    def clean(self) -> dict:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(max)s.") % {"max": filesizeformat(self.MAX_BYTES)}
                )
        elif not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste some rows."))
        return data

    def upload(self) -> tuple[str, bytes]:
        """The file's name and bytes, or the pasted rows as a UTF-8 file."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.name, upload.read()
        return str(_("pasted rows")), self.cleaned_data["text"].encode("utf-8")
