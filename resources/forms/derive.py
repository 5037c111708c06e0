"""The form of the page that derives events from a flat source: it turns the manager's
choices into a split (``resources.mapping.split.Split`` in its JSON form); the services
check it, count what it gives and make the mappings."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

CONFLICT_CHOICES = [
    ("first", _("Keep the first row's value and warn")),
    ("block", _("Block the publication")),
]
# The split's column lists on the form: field name -> (split key, which terms it maps to).
LEVELS = (("parent", "event"), ("event", "event"), ("occurrence", "occurrence"))


def term_name(term: str) -> str:
    """The short name of a term (``decimalLatitude`` of its full URI)."""
    return term.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _extra_terms(text: str | None) -> dict[str, str]:
    """The {column: term} object of ``text``; nothing when it is not one."""
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {c: t for c, t in found.items() if isinstance(c, str) and isinstance(t, str)}


class DeriveForm(forms.Form):
    """Key columns, templates, the columns of each level and what to do with conflicts.

    ``columns`` are the source's; ``event_terms`` and ``occurrence_terms`` the Event and
    Occurrence terms auto-mapping found by column (only columns with a term can be chosen
    for a level)."""

    key = forms.MultipleChoiceField(
        label=_("Columns that identify an event"),
        help_text=_("One event is made for each distinct combination of their values."),
    )
    template = forms.CharField(
        label=_("Event id template"),
        required=False,
        max_length=1000,
        help_text=_("Empty: the key columns joined with a colon, such as {site}:{eventDate}."),
    )
    parent_key = forms.MultipleChoiceField(
        label=_("Columns that identify a parent event (optional)"),
        required=False,
        help_text=_("A coarser part of the key, such as the site: one parent event per site."),
    )
    parent_template = forms.CharField(
        label=_("Parent event id template"), required=False, max_length=1000
    )
    parent = forms.MultipleChoiceField(label=_("Parent event columns"), required=False)
    event = forms.MultipleChoiceField(label=_("Event columns"), required=False)
    occurrence = forms.MultipleChoiceField(label=_("Occurrence columns"), required=False)
    occurrence_id = forms.CharField(
        label=_("occurrenceID template"),
        required=False,
        max_length=1000,
        help_text=_("The source has no occurrenceID column: compose one that is unique."),
    )
    # Event terms the suggestion gave columns auto-mapping does not map (a site column as
    # locationID), carried through the form as JSON so that a POST offers them again.
    extra_terms = forms.CharField(widget=forms.HiddenInput, required=False)
    on_conflict = forms.ChoiceField(
        label=_("When rows of one event disagree on an event column"),
        choices=CONFLICT_CHOICES,
        initial="first",
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args,
        columns: list[str],
        event_terms: dict[str, str],
        occurrence_terms: dict[str, str],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        extra = _extra_terms(self.data.get("extra_terms") if self.is_bound else None)
        if not self.is_bound:
            extra = _extra_terms(self.initial.get("extra_terms"))
        event_terms = {**extra, **event_terms}
        self.terms = {"event": event_terms, "occurrence": occurrence_terms}
        self.has_occurrence_id = any(
            term_name(t) == "occurrenceID" for t in occurrence_terms.values()
        )
        plain = [(c, c) for c in columns]
        self.fields["key"].choices = plain
        self.fields["parent_key"].choices = plain
        for name, level in LEVELS:
            terms = self.terms[level]
            self.fields[name].choices = [(c, c) for c in columns if c in terms]
        if self.has_occurrence_id:
            del self.fields["occurrence_id"]

    @staticmethod
    def initial_from(split: dict | None) -> dict:
        """The form's initial values from a split's JSON form (the suggestion)."""
        if not split:
            return {"on_conflict": "first"}
        initial = {k: v for k, v in split.items() if k not in ("event", "parent", "occurrence")}
        initial["extra_terms"] = json.dumps({**split.get("event", {}), **split.get("parent", {})})
        for name, _level in LEVELS:
            initial[name] = list(split.get(name) or {})
        return initial

    def level_rows(self, name: str) -> list[dict]:
        """The checkbox rows of one level: column, the term it maps to, checked or not."""
        level = dict(LEVELS)[name]
        chosen = set(self[name].value() or [])
        return [
            {
                "column": column,
                "term": term_name(self.terms[level][column]),
                "checked": column in chosen,
                "id": "id_%s_%d" % (name, i),
            }
            for i, (column, _label) in enumerate(self.fields[name].choices)
        ]

    def levels(self) -> list[tuple[str, str, list[dict]]]:
        """Each level's field name, label and checkbox rows, in the page's order."""
        return [(name, str(self.fields[name].label), self.level_rows(name)) for name, _l in LEVELS]

    def split(self) -> dict:
        """The split's JSON form of the cleaned data."""
        data = self.cleaned_data
        split = {
            "key": data["key"],
            "template": data["template"].strip(),
            "parent_key": data["parent_key"],
            "parent_template": data["parent_template"].strip() if data["parent_key"] else "",
            "occurrence_id": (data.get("occurrence_id") or "").strip(),
            "on_conflict": data["on_conflict"],
        }
        for name, level in LEVELS:
            split[name] = {c: self.terms[level][c] for c in data[name]}
        if not data["parent_key"]:
            split["parent"] = {}
        return split
