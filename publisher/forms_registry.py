"""Forms of the installation settings, organisations and GBIF registration pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.editable import form_fields
from publisher.models import Organisation, RegistryEnvironment
from publisher.models.installation import ArchivalMode
from publisher.services.dois.accounts import DOI_EDITABLE, PASSWORD_MAX
from publisher.services.installation import contact_email_problem
from publisher.services.organisations import EDITABLE, TOKEN_MAX_LENGTH


class InstallationSettingsForm(forms.Form):
    base_url = forms.URLField(
        label=_("Public base URL"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "The address the public reaches this installation at; feeds, citations "
            "and the GBIF endpoints start with it (from the next publication on). "
            "Empty: %(default)s."
        )
        % {"default": settings.BASE_URL},
    )
    registry_environment = forms.ChoiceField(
        label=_("GBIF registry"), choices=RegistryEnvironment.choices
    )
    registry_custom_url = forms.URLField(
        label=_("Registry URL"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Only for another registry, e.g. a local test registry: the address before "
            "/registry/ (the toolkit adds /registry/… itself)."
        ),
    )
    registry_api_custom_url = forms.URLField(
        label=_("GBIF API v1 URL"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Only for another registry: read to check what a registration whose reply was "
            "lost created. Empty: the registry URL followed by /v1."
        ),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"),
        required=False,
        choices=[("", _("As the environment says"))] + list(settings.LANGUAGES),
    )
    archival_mode = forms.ChoiceField(
        label=_("Archival mode of new resources"), choices=ArchivalMode.choices
    )
    archival_limit = forms.IntegerField(
        label=_("Archives kept (newest versions)"), min_value=1, max_value=1000
    )
    email = forms.EmailField(label=_("Administrator e-mail"), required=False)
    proxy = forms.CharField(
        label=_("HTTP proxy"),
        required=False,
        max_length=300,
        help_text=_("http://host:port, for registry calls."),
    )


@form_fields(Organisation, EDITABLE)
class OrganisationAddForm(forms.Form):
    """Pick an organisation of the registry and give its token."""

    field_order = ["key", "token"]
    key = forms.ChoiceField(label=_("Organisation"), choices=())
    token = forms.CharField(
        label=_("Token (the organisation's registry password)"),
        widget=forms.PasswordInput,
        strip=True,
        max_length=TOKEN_MAX_LENGTH,
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", "---------"), *choices]


class OrganisationManualForm(OrganisationAddForm):
    """The same with the key typed in (when the registry's list cannot be read)."""

    key = forms.UUIDField(label=_("Organisation key (UUID)"))


@form_fields(Organisation, EDITABLE)
class OrganisationEditForm(forms.Form):
    token = forms.CharField(
        label=_("New token"),
        required=False,
        widget=forms.PasswordInput,
        max_length=TOKEN_MAX_LENGTH,
        help_text=_("Leave empty to keep the current one."),
    )


@form_fields(Organisation, DOI_EDITABLE, doi_api_url={"assume_scheme": "https"})
class OrganisationDoiForm(forms.Form):
    """The organisation's DataCite account; the password is never shown back."""

    field_order = ["doi_repository", "doi_password", "doi_prefix", "doi_system", "doi_api_url"]
    doi_password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=PASSWORD_MAX,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        initial = {name: getattr(organisation, name) for name in DOI_EDITABLE}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["doi_repository"].help_text = _(
            "Such as GBIF.EXAMPLE. Leave empty to remove the account (only while no DOI was "
            "minted with it)."
        )
        self.fields["doi_password"].help_text = (
            _("A password is stored; leave empty to keep it.")
            if organisation.doi_password
            else _("The repository's password; it is stored encrypted.")
        )
        self.fields["doi_prefix"].help_text = _("Such as 10.21373; new DOIs start with it.")
        self.fields["doi_active"].help_text = _(
            "The installation mints DOIs with one account; choosing this one stops the other."
        )

    def account(self) -> dict:
        """The cleaned data as ``doi_account_set`` takes it."""
        data = self.cleaned_data
        return {
            "repository": data["doi_repository"],
            "password": data["doi_password"],
            "prefix": data["doi_prefix"],
            "system": data["doi_system"],
            "api_url": data["doi_api_url"],
            "active": data["doi_active"],
        }


class DoiReserveForm(forms.Form):
    """The DOI card's "Reserve a DOI": a DOI the manager already has, or a new one."""

    doi = forms.CharField(
        label=_("A DOI you already have (optional)"),
        required=False,
        max_length=200,
        help_text=_("It must lie under the account's prefix. Leave empty for a new DOI."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "doi-%s")  # the overview has many forms: no id collides
        super().__init__(*args, **kwargs)


class InstallationDetailsForm(forms.Form):
    title = forms.CharField(label=_("Title of the installation"), min_length=3, max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    contact_name = forms.CharField(label=_("Contact name"), max_length=300)
    contact_email = forms.EmailField(label=_("Contact e-mail"))

    def clean_contact_email(self) -> str:
        """Refuse what GBIF's registry would refuse (a reserved TLD such as .local)."""
        address = self.cleaned_data["contact_email"]
        message = contact_email_problem(address)
        if message:
            raise forms.ValidationError(message, code="registry-email")
        return address


class InstallationRegisterForm(InstallationDetailsForm):
    organisation = forms.ModelChoiceField(
        label=_("Hosting organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("Add it on the organisations page first, with its token."),
    )
    password = forms.CharField(
        label=_("Installation password"),
        widget=forms.PasswordInput,
        min_length=6,
        max_length=15,
        help_text=_(
            "6 to 15 characters; the registry asks for it when the "
            "installation updates its registration."
        ),
    )
    field_order = [
        "organisation",
        "title",
        "description",
        "contact_name",
        "contact_email",
        "password",
    ]


class ResourceOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Publishing organisation"),
        required=False,
        queryset=Organisation.objects.filter(can_publish=True).order_by("name"),
    )
