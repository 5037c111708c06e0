"""What the mapping page shows of the mapping checks: per mapped term, the values that break
a rule, examples and the suggested translations to apply in one click."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import UserError
from resources.check_text import check_message, mapping_check
from resources.models import ExtensionMapping
from resources.services.mapping_checks import mapping_checks


def checks_context(mapping: ExtensionMapping, properties, definition: dict) -> dict:
    """The checks of the saved mapping, per term in the extension's order (a check on the
    row as a whole first); ``error`` says why there are none when the mapping cannot run."""
    try:
        found = mapping_checks(mapping)
    except UserError as exc:
        return {
            "error": exc.localized_message(),
            "scope": None,
            "terms": [],
            "file_checks": [],
            "by_term": {},
        }
    props = {p.qual_name: p for p in properties}
    rules = {f["term"]: f for f in definition.get("fields", [])}
    terms = [
        _term(term, props.get(term), rules.get(term, {}), entries)
        for term, entries in found["terms"].items()
    ]
    terms.sort(key=lambda t: -1 if t["prop"] is None else t["prop"].position)
    return {
        "error": "",
        "scope": found["scope"],
        "terms": terms,
        "file_checks": [_file_check(c) for c in found["file_checks"]],
        "by_term": {t["term"]: t for t in terms},
        "count": sum(t["count"] for t in terms),
    }


def _file_check(check: dict) -> dict:
    message = check_message(check["check"], check["message"], term=check["term"])
    return {**check, "message": message}


def _term(term: str, prop, rule: dict, entries: list[dict]) -> dict:
    # Translations apply to a column's values; a term without a column gets none offered.
    translatable = prop is not None and bool(rule.get("column"))
    return {
        "term": term,
        "prop": prop,
        "label": (prop.label or prop.name) if prop is not None else _("Whole row"),
        "count": sum(e["count"] for e in entries),
        "checks": [
            {
                **mapping_check(entry, term),
                "apply": sorted(entry["translations"].items()) if translatable else [],
            }
            for entry in entries
        ],
    }


def flag_rows(groups: list[dict], column_rows: list[dict], definition: dict, checks: dict) -> None:
    """Add to each term row and each column row the checks of the terms it feeds."""
    by_term = checks["by_term"]
    for group in groups:
        for row in group["rows"]:
            row["flagged"] = by_term.get(row["prop"].qual_name)
    fed: dict[str, list[dict]] = {}
    for rule in definition.get("fields", []):
        if rule.get("column") and rule["term"] in by_term:
            fed.setdefault(rule["column"], []).append(by_term[rule["term"]])
    for row in column_rows:
        row["flagged"] = fed.get(row["name"], [])
