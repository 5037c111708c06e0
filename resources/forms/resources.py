"""Forms of the resource and source pages; they parse input, the services do the work."""

from __future__ import annotations

import codecs

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.editable import form_field, form_fields, max_length
from publisher.models import User
from resources.models import Resource, Source
from resources.services.resources import EDITABLE
from resources.sources.model import SHEET_FORMATS

PREVIEW_CHOICES = [(10, "10"), (100, "100"), (1000, "1000")]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "iso-8859-1", "iso-8859-15", "utf-16", "mac-roman"]
DELIMITERS = [
    (",", _("Comma ( , )")),
    (";", _("Semicolon ( ; )")),
    ("\t", _("Tab")),
    ("|", _("Pipe ( | )")),
    (":", _("Colon ( : )")),
    (" ", _("Space")),
]
QUOTES = [('"', _('Double quote ( " )')), ("'", _("Single quote ( ' )")), ("", _("None"))]
HEADER_CHOICES = [
    ("1", _("Yes: the first row names the columns")),
    ("0", _("No: the columns are numbered")),
]


# --- resources ------------------------------------------------------------------------------


@form_fields(Resource, EDITABLE)
class ResourceForm(forms.Form):
    """Short name, title and type of a new or existing resource (as the model declares them)."""

    def __init__(self, *args, resource: Resource | None = None, **kwargs):
        if resource is not None:
            kwargs.setdefault("initial", {name: getattr(resource, name) for name in EDITABLE})
        super().__init__(*args, **kwargs)
        if resource is not None and resource.is_published:
            field = self.fields["shortname"]
            field.disabled = True
            field.help_text = _(
                "Fixed: the resource has been published, and harvesters and "
                "links use its short name."
            )

    def changes(self) -> dict:
        """The cleaned values, without the short name when it may not change."""
        data = dict(self.cleaned_data)
        if self.fields["shortname"].disabled:
            data.pop("shortname")
        return data


class PageForm(forms.Form):
    """A form sharing a page with others: its field ids carry a prefix so none collide."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.id_prefix + "-%s")
        super().__init__(*args, **kwargs)


class ResourceDeleteForm(PageForm):
    """Deleting asks for the short name, so that no stray click removes a resource."""

    id_prefix = "delete"
    confirm = forms.CharField(
        label=_("Type the short name to confirm"), max_length=max_length(Resource, "shortname")
    )

    def __init__(self, *args, resource: Resource, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != self.resource.shortname:
            raise forms.ValidationError(_("The short name does not match."), code="mismatch")
        return value


class ManagerAddForm(PageForm):
    """A co-manager to invite, found by their e-mail address."""

    id_prefix = "manager"
    email = forms.EmailField(label=_("E-mail of a user with manager rights"))

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active user has the e-mail %(email)s."),
                params={"email": email},
                code="unknown",
            )
        return user


class ManagerRemoveForm(forms.Form):
    """A co-manager to remove (by user id)."""

    remove = forms.IntegerField(widget=forms.HiddenInput)


# --- sources --------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or many uploaded files, as a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = list(data) if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items or [None]]


class SourceUploadForm(forms.Form):
    """Files to add as sources (or one file to replace the source named ``replace``)."""

    file = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Text files (CSV, TSV, TXT), spreadsheets (XLSX, ODS) or ZIP / GZIP "
            "archives; each file becomes a source named after it."
        ),
    )
    replace = forms.CharField(
        required=False, max_length=max_length(Source, "name"), widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        if data.get("replace") and len(data.get("file") or []) > 1:
            raise forms.ValidationError(
                _("A source is replaced by exactly one file."), code="replace-count"
            )
        return data


class SourceUrlForm(PageForm):
    """A file to download from a URL and keep as a source."""

    id_prefix = "url"
    url = form_field(
        Source,
        "url",
        form_class=forms.URLField,
        required=True,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    keep_cached = form_field(Source, "keep_cached")


class SecretInput(forms.TextInput):
    """A text input that never writes its value back into the page (it holds a password)."""

    def format_value(self, value):
        return None


class SourceSqlForm(PageForm):
    """A database query as a source; the connection URL is stored encrypted."""

    id_prefix = "sql"
    name = form_field(Source, "name")
    url = forms.CharField(
        label=_("Connection URL"),
        max_length=max_length(Source, "sql_url_redacted"),
        widget=SecretInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "For example postgresql://user:password@host:5432/database, "
            "mysql://user:password@host:3306/database (MariaDB or MySQL) or "
            "mssql://user:password@host:1433/database (SQL Server). It is stored "
            "encrypted and shown only without the password."
        ),
    )
    query = form_field(Source, "sql_query", required=True, widget=forms.Textarea(attrs={"rows": 4}))


class SourceSqlReplaceForm(SourceSqlForm):
    """The database connection and query that replace a source awaiting replacement."""

    id_prefix = "sql-replace"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["name"]


class ReadingOptionsForm(forms.Form):
    """How to read a file source: encoding, delimiter, quote, header, skipped lines, sheet."""

    encoding = forms.CharField(
        label=_("Character encoding"),
        max_length=40,
        widget=forms.TextInput(attrs={"list": "encodings"}),
    )
    delimiter = forms.ChoiceField(label=_("Field delimiter"), choices=DELIMITERS)
    quotechar = forms.ChoiceField(label=_("Quote character"), choices=QUOTES, required=False)
    sheet = forms.CharField(
        label=_("Sheet"), max_length=255, required=False, help_text=_("Empty for the first sheet.")
    )
    header = forms.TypedChoiceField(
        label=_("Header row"), choices=HEADER_CHOICES, coerce=lambda v: v == "1"
    )
    skip_lines = forms.IntegerField(
        label=_("Lines to skip before the header"),
        min_value=0,
        max_value=10_000,
        help_text=_("For files that start with a title or notes above the table."),
    )

    def __init__(self, *args, spec: dict, **kwargs):
        self.current = spec
        kwargs.setdefault("initial", self.initial_from_spec(spec))
        super().__init__(*args, **kwargs)
        if self.is_spreadsheet:
            del self.fields["encoding"], self.fields["delimiter"], self.fields["quotechar"]
        else:
            del self.fields["sheet"]
            self._offer(self.fields["delimiter"], self.initial.get("delimiter"))

    @property
    def is_spreadsheet(self) -> bool:
        return self.current.get("format") in SHEET_FORMATS

    @staticmethod
    def initial_from_spec(spec: dict) -> dict:
        text = spec.get("text") or {}
        quote = text.get("quotechar")
        return {
            "encoding": text.get("encoding", "utf-8"),
            "delimiter": text.get("delimiter"),
            "quotechar": "" if quote is None else quote,
            "sheet": spec.get("sheet") or "",
            "header": "1" if text.get("header", True) else "0",
            "skip_lines": text.get("skip_lines", 0),
        }

    @staticmethod
    def _offer(field, value) -> None:
        """Keep an unusual sniffed delimiter selectable."""
        if value and value not in dict(field.choices):
            field.choices = [*field.choices, (value, value)]

    def clean_encoding(self) -> str:
        value = self.cleaned_data["encoding"].strip()
        try:
            codecs.lookup(value)
        except LookupError:
            raise forms.ValidationError(
                _("Unknown encoding %(name)s."), params={"name": value}, code="encoding"
            ) from None
        return value

    def spec(self) -> dict:
        """The changed reading options merged into the current ones, as a spec dict."""
        data = self.cleaned_data
        text = {
            **(self.current.get("text") or {}),
            "header": data["header"],
            "skip_lines": data["skip_lines"],
        }
        if self.is_spreadsheet:
            return {"text": text, "sheet": data["sheet"] or None}
        text.update(
            encoding=data["encoding"],
            delimiter=data["delimiter"],
            quotechar=data["quotechar"] or None,
        )
        return {"text": text}


class DateFormatForm(PageForm):
    """How a source writes its dates (none: ISO 8601 already)."""

    id_prefix = "dates"
    date_format = form_field(Source, "date_format")


class PreviewForm(forms.Form):
    """How many rows the preview shows."""

    rows = forms.TypedChoiceField(
        label=_("Rows"),
        choices=PREVIEW_CHOICES,
        coerce=int,
        initial=10,
        required=False,
        empty_value=10,
    )


class ResourceImportForm(forms.Form):
    """An archive or IPT folder to create resources from: a file or a URL, and optionally
    the short name the new resource gets."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "A Darwin Core Archive (zip), a zipped IPT resource folder "
            "(resources/<short name>/), a zipped IPT data directory, or an EML "
            "document (.xml) for a metadata-only resource."
        ),
    )
    url = forms.URLField(
        label=_("or URL"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    shortname = form_field(
        Resource,
        "shortname",
        required=False,
        help_text=_(
            "Optional. An IPT folder keeps its own short name, so its archive.do "
            "URLs keep working; an archive is named after its file."
        ),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(
                _("Choose a file or give a URL (one of them)."), code="import-input"
            )
        return data
