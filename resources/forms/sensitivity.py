"""Forms of the sensitive-species pages: they parse input; the services check and store."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resources.models import TaxonList
from resources.sensitivity.policy import (
    COORDINATES,
    FIELDS,
    IDENTIFICATION,
    RANKS,
    WITHHOLD,
    Action,
)

KIND_CHOICES = [
    (WITHHOLD, _("Withhold the occurrence")),
    (COORDINATES, _("Generalise the coordinates to a grid")),
    (IDENTIFICATION, _("Generalise the identification to a rank")),
    (FIELDS, _("Withhold fields")),
]
MODE_CHOICES = [("replace", _("Replace the typed taxa")), ("append", _("Add to the typed taxa"))]
TAXA_HELP = _(
    "One taxon a line: a scientific name, optionally followed by | rank | synonym | synonym. "
    "A taxon with its own action (from an uploaded list) keeps it."
)
UPLOAD_HELP = _(
    "CSV, TSV or Excel with a header row: scientificName (required), taxonRank, synonyms "
    "(separated by |), and for an action of its own action, grid, toRank and fields."
)


def _terms(text: str) -> list[str]:
    return [t.strip() for t in text.replace("|", ",").split(",") if t.strip()]


class ActionFields(forms.Form):
    """The default action: a kind and what it needs (grid, rank or terms)."""

    kind = forms.ChoiceField(
        label=_("What publication does to sensitive records"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        initial=COORDINATES,
    )
    grid = forms.CharField(
        label=_("Grid"),
        required=False,
        max_length=20,
        initial="0.1",
        help_text=_("0.01, 0.1 or 1 (degrees), a size such as 10km, or decimals:2."),
    )
    rank = forms.ChoiceField(
        label=_("Rank"), choices=[(r, r) for r in RANKS], initial="genus", required=False
    )
    terms = forms.CharField(
        label=_("Terms to withhold"),
        required=False,
        max_length=2000,
        help_text=_(
            "Darwin Core terms separated by commas, such as locality, footprintWKT, recordedBy; "
            "eventDate is cut to year and month."
        ),
    )

    @staticmethod
    def initial_from(action: dict[str, Any]) -> dict[str, Any]:
        found = Action.from_json(action) if action else Action(COORDINATES, grid="0.1")
        return {
            "kind": found.kind,
            "grid": found.grid or "0.1",
            "rank": found.rank or "genus",
            "terms": ", ".join(f.rsplit("/", 1)[-1] for f in found.fields),
        }

    def action_json(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "grid": data.get("grid", ""),
            "rank": data.get("rank", ""),
            "fields": _terms(data.get("terms", "")),
        }


class TaxaFields(forms.Form):
    """Taxa typed one per line, and a list to upload that replaces or joins them."""

    taxa = forms.CharField(
        label=_("Sensitive taxa"),
        required=False,
        max_length=10_000_000,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=TAXA_HELP,
    )
    upload = forms.FileField(label=_("Upload a list"), required=False, help_text=UPLOAD_HELP)
    mode = forms.ChoiceField(
        label=_("The uploaded list"),
        choices=MODE_CHOICES,
        initial="replace",
        widget=forms.RadioSelect,
    )


class SensitivityForm(ActionFields, TaxaFields):
    """A resource's policy as its page edits it."""

    field_order = ["kind", "grid", "rank", "terms", "separate_events", "taxa", "upload", "mode"]

    separate_events = forms.BooleanField(
        label=_("Publish sensitive occurrences under a generated event"),
        required=False,
        help_text=_(
            "The sensitive occurrences move to a generated event with the generalised place "
            "and date; the other occurrences keep their precise event."
        ),
    )
    lists = forms.ModelMultipleChoiceField(
        label=_("Shared lists"),
        queryset=TaxonList.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Lists the administrators keep; the taxa typed here win over theirs."),
    )


class PolicyDeleteForm(forms.Form):
    """Confirms removing a resource's policy."""

    confirm = forms.BooleanField(
        label=_("Publish without a sensitivity policy from the next version on"), required=True
    )


class TaxonListForm(TaxaFields):
    """A shared list as its admin page edits it."""

    field_order = ["name", "description", "taxa", "upload", "mode"]

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
