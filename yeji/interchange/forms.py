"""The import page's upload: files chosen one by one, or a whole folder."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yeji.interchange.uploads import Rejection, Source


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """A list of uploaded files, possibly empty.

    The files are checked by the upload service, which knows the format's
    rules; this field only collects them.
    """

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> list[Any]:
        if not data:
            return []
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data]

    def bound_data(self, data: Any, initial: Any) -> Any:
        return initial


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
        help_text=gettext_lazy(
            "One or several files, each named for its kind: teams.csv, "
            "employees.xlsx, …"
        ),
        widget=MultipleFileInput(attrs={"multiple": True}),
    )
    folder = MultipleFileField(
        label=gettext_lazy("Or a whole folder"),
        help_text=gettext_lazy(
            "Every file of the folder; files whose names are not kinds of the "
            "format are left out."
        ),
        widget=MultipleFileInput(attrs={"multiple": True, "webkitdirectory": True}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("folder"):
            raise forms.ValidationError(
                _("Choose one or more files, or a folder."), code="required"
            )
        return cleaned

    def add_rejections(self, rejections: list[Rejection]) -> None:
        """Show the upload service's reasons next to the input concerned."""
        fields = {Source.FILES: "files", Source.FOLDER: "folder"}
        for rejection in rejections:
            name = fields.get(rejection.source) if rejection.source else None
            self.add_error(name, rejection.message)
