"""The form of the access-limited companion card: a reader to add (one is removed with
the managers' ``ManagerRemoveForm``)."""

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
