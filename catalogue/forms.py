"""Forms of the resources pages; they parse and validate input, the services do the work."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from catalogue.definitions.builtin import builtin_extensions
from catalogue.definitions.offer import CORE_ROW_TYPES


class ExtensionUploadForm(forms.Form):
    """An extension definition uploaded as an XML file."""

    file = forms.FileField(
        label=_("Definition file (XML)"),
        help_text=_("An extension or core definition in the rs.gbif.org format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CATALOGUE_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: at most %(limit)s are accepted."),
                params={"limit": filesizeformat(limit)},
                code="too-large",
            )
        return upload


class ExtensionUrlForm(forms.Form):
    """The address of an extension definition to download and install in the background."""

    url = forms.URLField(
        label=_("Definition URL"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("For example http://rs.gbif.org/extension/eco/humboldt_2025-07-10.xml"),
    )


class BuiltinInstallForm(forms.Form):
    """One of the built-in definitions, installed again after it was removed."""

    builtin = forms.ChoiceField(choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["builtin"].choices = [
            (key, definition.title) for key, (definition, _source) in builtin_extensions().items()
        ]


def _core_choices() -> list[tuple[str, str]]:
    return [(row_type, row_type.rsplit("/", 1)[-1]) for row_type in CORE_ROW_TYPES]


class ExtraCoresForm(forms.Form):
    """Cores under which an extension is offered besides those its keywords name."""

    cores = forms.MultipleChoiceField(
        label=_("Also offer under"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, row_type: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cores"].choices = [c for c in _core_choices() if c[0] != row_type]
