"""Forms of the mapping pages; they parse input into definitions, the services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Extension
from resources.mapping import MappingError, compile_pattern
from resources.mapping.model import FILTER_OPS
from resources.models import MappingTemplate, Source
from resources.selectors import mapping_template_list_for_user

PATTERN_ERRORS = {
    "mapping:filter": _("The pattern %(pattern)s is not a valid regular expression."),
    "mapping:pattern": _(
        "The pattern %(pattern)s uses a backreference (such as \\1) or a lookaround (such as "
        "(?=...)), which cannot be matched safely; rewrite the pattern without it."
    ),
}
RULE_KEYS = ("column", "constant", "template", "default")
# Keys of a definition the "Id and derived events" card edits; the editor's form keeps them.
ID_KEYS = ("id_template", "derive_events", "on_conflict")
FILTER_LABELS = {
    "equals": _("equals"),
    "not_equals": _("does not equal"),
    "empty": _("is empty"),
    "not_empty": _("is not empty"),
    "in": _("is one of (comma-separated)"),
    "regex": _("matches the regular expression"),
}


class MappingNewForm(forms.Form):
    """A source of the resource and the core or an extension to map it to."""

    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.none())
    extension = forms.ModelChoiceField(label=_("Map to"), queryset=Extension.objects.none())

    def __init__(self, *args, sources, extensions: list[Extension], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        # Most resources start with one source per file: offer the first, not a blank.
        self.fields["source"].empty_label = None
        self.fields["extension"].queryset = Extension.objects.filter(
            pk__in=[e.pk for e in extensions]
        )
        self.fields["extension"].choices = [(e.pk, e.title) for e in extensions]


def rule_field(position: int, key: str) -> str:
    """The form field name of one part of one term's rule."""
    return "t%d-%s" % (position, key)


def definition_from_post(data, properties, current: dict) -> dict:
    """The definition the editor submitted: id column and a rule per term with any value.

    Filters and value translations are not on the form and are kept from ``current``.
    """
    translations = {f["term"]: f.get("translations") or {} for f in current.get("fields", [])}
    fields = []
    for prop in properties:
        rule = {key: data.get(rule_field(prop.position, key), "").strip() for key in RULE_KEYS}
        rule = {key: value for key, value in rule.items() if value}
        if not rule:
            continue
        rule["term"] = prop.qual_name
        if translations.get(prop.qual_name):
            rule["translations"] = translations[prop.qual_name]
        fields.append(rule)
    return {
        **{k: current[k] for k in ID_KEYS if k in current},
        "id_column": data.get("id_column", "").strip() or None,
        "fields": fields,
        "filters": list(current.get("filters", [])),
    }


def edited_fields(definition: dict, properties) -> list[tuple[str, str]]:
    """The editor's form fields (name, value) that carry ``definition``'s id column and
    rules, for a page that passes unsaved edits on (the preview) without storing them."""
    names = {p.qual_name: p.position for p in properties}
    fields = [("id_column", definition.get("id_column") or "")]
    for rule in definition.get("fields", []):
        position = names.get(rule["term"])
        if position is not None:
            fields += [(rule_field(position, k), rule[k]) for k in RULE_KEYS if rule.get(k)]
    return fields


def same_rules(one: dict, other: dict) -> bool:
    """Whether two definitions have the same id column and term rules (in any order)."""

    def rules(definition: dict) -> dict:
        return {f["term"]: {k: f.get(k) for k in RULE_KEYS} for f in definition.get("fields", [])}

    return (one.get("id_column") or None) == (other.get("id_column") or None) and rules(
        one
    ) == rules(other)


class MappingIdsForm(forms.Form):
    """The id composed from columns and whether the mapping derives one row per id."""

    id_template = forms.CharField(
        label=_("Id template"),
        required=False,
        max_length=1000,
        help_text=_(
            "The record id composed from columns, such as {site}:{eventDate}; it replaces the "
            "id column. Empty when all its columns are empty."
        ),
    )
    derive_events = forms.BooleanField(
        label=_("One row per distinct id (events derived from a flat source)"), required=False
    )
    on_conflict = forms.ChoiceField(
        label=_("When rows of one id disagree"),
        choices=[
            ("first", _("Keep the first row's value and warn")),
            ("block", _("Block the publication")),
        ],
        initial="first",
    )

    @staticmethod
    def initial_from(definition: dict) -> dict:
        return {
            "id_template": definition.get("id_template") or "",
            "derive_events": bool(definition.get("derive_events")),
            "on_conflict": definition.get("on_conflict") or "first",
        }

    def definition(self, current: dict) -> dict:
        """``current`` with the card's keys replaced, every other key as it is."""
        data = self.cleaned_data
        definition = {k: v for k, v in current.items() if k not in ID_KEYS}
        if data["id_template"].strip():
            definition["id_template"] = data["id_template"].strip()
        if data["derive_events"]:
            definition["derive_events"] = True
            definition["on_conflict"] = data["on_conflict"]
        return definition


class FilterForm(forms.Form):
    """One filter: a column (or a term, after translation), an operator and a value."""

    column = forms.ChoiceField(label=_("Column"))
    op = forms.ChoiceField(
        label=_("Condition"), choices=[(op, FILTER_LABELS[op]) for op in FILTER_OPS]
    )
    value = forms.CharField(label=_("Value"), required=False, max_length=2000)
    after_translation = forms.BooleanField(
        label=_("After translation"),
        required=False,
        help_text=_("Tests the output value of the chosen term."),
    )

    def __init__(self, *args, columns: list[str], terms: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [
            (_("Source columns"), [(c, c) for c in columns]),
            (_("Terms (after translation)"), terms),
        ]

    def clean(self):
        data = super().clean()
        op, value = data.get("op"), data.get("value", "")
        if op in ("equals", "not_equals", "in", "regex") and not value:
            self.add_error("value", _("This condition needs a value."))
        elif op == "regex":
            self._check_pattern(value)
        return data

    def _check_pattern(self, pattern: str) -> None:
        try:
            compile_pattern(pattern)
        except MappingError as exc:
            message = PATTERN_ERRORS.get(exc.code, PATTERN_ERRORS["mapping:filter"])
            self.add_error("value", message % {"pattern": pattern})

    def as_filter(self) -> dict:
        data = self.cleaned_data
        value: str | list[str] = data["value"]
        if data["op"] == "in":
            value = [v.strip() for v in data["value"].split(",") if v.strip()]
        elif data["op"] in ("empty", "not_empty"):
            value = ""
        return {
            "column": data["column"],
            "op": data["op"],
            "value": value,
            "after_translation": data["after_translation"],
        }


def translations_from_post(data) -> dict[str, str]:
    """Source value → target value for every row of the translations form with a target."""
    result = {}
    for key, source_value in data.items():
        if not key.startswith("value-"):
            continue
        target = data.get("target-" + key[len("value-") :], "").strip()
        if target:
            result[source_value] = target
    return result


def suggestions_from_post(data) -> dict[str, str]:
    """Source value → target value for every ``value-N``/``target-N`` pair posted, an empty
    target included (the value is then published as empty)."""
    result = {}
    for key, source_value in data.items():
        target_key = "target-" + key[len("value-") :]
        if key.startswith("value-") and target_key in data:
            result[source_value] = data[target_key].strip()
    return result


class TemplateSaveForm(forms.Form):
    """The name to save the resource's mappings under."""

    name = forms.CharField(label=_("Template name"), max_length=200)


class TemplateApplyForm(forms.Form):
    """A mapping template to apply to the resource (among those ``user`` may see)."""

    template = forms.ModelChoiceField(label=_("Template"), queryset=MappingTemplate.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = mapping_template_list_for_user(user=user)
