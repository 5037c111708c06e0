"""The bulk work form of admins: which resources, and what to do with them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from publisher.models import Organisation
from resources.models import Resource

PUBLISH, PUBLIC, PRIVATE, ORGANISATION = "publish", "public", "private", "organisation"


class BulkForm(forms.Form):
    """Resources chosen by ticking them, an action and, for the organisation, which one."""

    resources = forms.ModelMultipleChoiceField(
        label=_("Resources"),
        queryset=Resource.objects.order_by("shortname"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one resource.")},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (PUBLISH, _("Publish a new version")),
            (PUBLIC, _("Make public")),
            (PRIVATE, _("Make private")),
            (ORGANISATION, _("Set the publishing organisation")),
        ],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.filter(can_publish=True).order_by("name"),
        empty_label=_("No organisation"),
    )
    change_summary = forms.CharField(
        label=_("Change summary"), required=False, max_length=2000, widget=forms.TextInput
    )
