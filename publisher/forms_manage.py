"""The filter form of the manage list (GET parameters; nothing is written)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from publisher.models import Organisation
from resources.manage_list import DEFAULT_SORT, manage_sort_valid
from resources.models import ResourceType, Visibility


class SearchInput(forms.TextInput):
    input_type = "search"


class ManageFilterForm(forms.Form):
    """Text, visibility, type and organisation to narrow the manage list, and its sort."""

    q = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=200,
        widget=SearchInput(attrs={"placeholder": _("Title or short name")}),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=[("", _("Any visibility")), *Visibility.choices],
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *ResourceType.choices]
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Any organisation"),
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="filter-%s", **kwargs)

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"]
        return sort if manage_sort_valid(sort) else DEFAULT_SORT

    def filters(self) -> dict:
        """The selector's keyword arguments; an invalid value is ignored, not refused."""
        self.is_valid()
        data = self.cleaned_data
        organisation = data.get("organisation")
        return {
            "search": data.get("q", ""),
            "visibility": data.get("visibility", ""),
            "type": data.get("type", ""),
            "organisation": organisation.pk if organisation else None,
            "sort": data.get("sort") or DEFAULT_SORT,
        }
