"""Forms parse and validate input; saving goes through the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from publisher.models import Role, User


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


def language_choices() -> list[tuple[str, str]]:
    """The offered languages, each named in itself (as in the language menu)."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class AccountForm(ProfileForm):
    """The user's own account: name and the language of their pages and e-mails."""

    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)
    notify_publications = forms.BooleanField(
        label=_("E-mail me when a publication of my resources succeeds or fails"), required=False
    )
    notify_problems = forms.BooleanField(
        label=_("E-mail me when a GBIF registration or a DOI update fails"), required=False
    )
    notify_digest = forms.BooleanField(
        label=_("E-mail me a weekly digest of the failed jobs (admins)"), required=False
    )


class UserEditForm(ProfileForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Inactive users cannot log in; their resources stay."),
    )


class UserCreateForm(UserEditForm):
    email = forms.EmailField(label=_("E-mail (login)"))
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=password_validators_help_text_html(),
    )
    field_order = ["email", "first_name", "last_name", "role", "password"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]


class SelfCheckForm(forms.Form):
    steps = forms.IntegerField(min_value=1, max_value=1000, initial=20, required=False)
    delay = forms.FloatField(min_value=0, max_value=5, initial=0.1, required=False)


class PasswordResetRequestForm(forms.Form):
    """The address to send a reset link to; saving queues the mail (never sent here)."""

    email = forms.EmailField(label=_("E-mail (login)"), max_length=254)


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("New e-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("We send a link to the new address; it changes once you open the link."),
    )


class UserDeleteForm(forms.Form):
    """Who takes over the resources of the user being deleted."""

    successor = forms.ModelChoiceField(
        label=_("Who takes over their resources"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (only if every resource has another manager)"),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            User.objects.filter(is_active=True).exclude(role=Role.USER).exclude(pk=user.pk)
        )
