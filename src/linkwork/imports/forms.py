from __future__ import annotations

from typing import Any

from django import forms

from linkwork.imports.harmonise.profile import load_profile, shipped_profiles
from linkwork.organisations.models import Scheme


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def profile_choices() -> list[tuple[str, str]]:
    profiles = [load_profile(str(path)) for path in shipped_profiles()]
    return [("", "Choose a profile"), *((p.name, p.title) for p in profiles)]


class UploadForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), empty_label=None)
    uploads = MultipleFileField(
        label="Files to import",
        help_text="The export's CSV or Excel files (up to 10).",
        required=False,
    )
    profile = forms.ChoiceField(
        label="Mapping profile", required=False, help_text="How the export's columns map."
    )
    profile_file = forms.FileField(
        label="Or upload your own profile (JSON or YAML)", required=False
    )
    skip_invalid = forms.BooleanField(
        label="Import the valid rows only, and reject the rows with problems",
        required=False,
    )

    def __init__(self, *args: Any, schemes: list[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scheme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Scheme.objects.filter(pk__in=[s.pk for s in schemes])
        profile = self.fields["profile"]
        assert isinstance(profile, forms.ChoiceField)
        profile.choices = profile_choices()
