"""The form of the page that republishes an occurrence resource as a new sampling-event
dataset: the short name of the new resource."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from resources.models import Resource

from .resources import PageForm


class RepublishNewForm(PageForm):
    """The short name of the new sampling-event resource."""

    id_prefix = "republish"
    shortname = forms.CharField(
        label=_("Short name of the new resource"),
        max_length=Resource._meta.get_field("shortname").max_length,
        help_text=_("At least 3 characters: letters, digits, '_' and '-'."),
    )
