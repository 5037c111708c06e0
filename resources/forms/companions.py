"""The forms of the access-limited companion card: a reader to add or to remove."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .resources import PageForm


class ReaderAddForm(PageForm):
    """A reader to name, by the e-mail address of their account."""

    id_prefix = "reader"
    email = forms.EmailField(
        label=_("E-mail of a user"),
        help_text=_("Readers see this resource and download its versions; they manage nothing."),
    )


class ReaderRemoveForm(forms.Form):
    """A reader to remove (by user id)."""

    remove = forms.IntegerField(widget=forms.HiddenInput)
