"""`manage.py sensitivity <shortname> [--show] [--taxa FILE [--append]] [--default KIND
[--grid G | --rank R | --fields a,b]] [--separate-events | --no-separate-events] [--remove]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.utils.translation import gettext as _

from core.cli import UsageError, file_read
from resources.cli import ResourceCommand
from resources.sensitivity.policy import KINDS, RANKS, Taxon
from resources.services.sensitivity import (
    DEFAULT_ACTION,
    policy_delete,
    policy_json,
    policy_update,
    sensitivity_policy,
    taxa_merged,
    taxa_parse,
)
from resources.services.sensitivity_files import action_of


class Command(ResourceCommand):
    help = (
        "Show or change the sensitivity policy of a resource, as its Sensitive species page "
        "does. --taxa reads a CSV, TSV or Excel list (columns scientificName, taxonRank, "
        "synonyms, action, grid, toRank, fields) that replaces the typed taxa, or joins them "
        "with --append. --default sets the default action (with --grid, --rank or --fields). "
        "--remove deletes the policy. Without a change, shows it. "
        'JSON: {"ok": true, "resource", "policy", "taxa"} (policy null without one; taxa: '
        "how many taxa publication applies, shared lists included)."
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("--show", action="store_true", help="Show the policy (the default).")
        parser.add_argument("--taxa", metavar="FILE", help="A list of taxa to read.")
        parser.add_argument(
            "--append", action="store_true", help="With --taxa: add to the taxa already there."
        )
        parser.add_argument("--default", choices=KINDS, help="The default action.")
        parser.add_argument("--grid", help="With --default coordinates: 0.01, 0.1, 1, 10km…")
        parser.add_argument("--rank", choices=RANKS, help="With --default identification.")
        parser.add_argument("--fields", help="With --default fields: terms separated by commas.")
        parser.add_argument(
            "--separate-events",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Publish sensitive occurrences under a generated event (or not).",
        )
        parser.add_argument("--remove", action="store_true", help="Delete the policy.")

    def run(self, *, shortname, remove, **options) -> dict:
        resource = self.managed_resource(shortname)
        changes = [options[k] for k in ("taxa", "default", "separate_events")]
        if remove:
            if any(c is not None for c in changes):
                raise UsageError(_("--remove goes alone."))
            policy_delete(resource=resource, user=self.user)
        elif any(c is not None for c in changes) or _action_options(options):
            policy_update(resource=resource, user=self.user, data=_changed(resource, options))
        policy = sensitivity_policy(resource)
        return {
            "resource": resource.shortname,
            "policy": policy_json(resource, names=True),
            "taxa": len(policy.taxa) if policy else 0,
        }

    def report(self, result: dict) -> None:
        policy = result["policy"]
        if policy is None:
            self.say(_("%(resource)s has no sensitivity policy.") % result, success=True)
            return
        default = policy["default"]
        detail = default.get("grid") or default.get("rank") or ", ".join(default.get("fields", []))
        text = _(
            "%(resource)s: %(taxa)s sensitive taxa; default action %(kind)s %(detail)s; "
            "shared lists: %(lists)s; generated events: %(separate)s."
        ) % {
            **result,
            "kind": default["kind"],
            "detail": detail,
            "lists": ", ".join(policy["lists"]) or "—",
            "separate": _("yes") if policy["separate_events"] else _("no"),
        }
        self.say(text, success=True)


def _action_options(options: dict) -> bool:
    return any(options[k] is not None for k in ("grid", "rank", "fields"))


def _changed(resource, options: dict) -> dict:
    """The policy's JSON with the command's changes; the rest as it is stored."""
    data = policy_json(resource) or {
        "default": DEFAULT_ACTION.to_json(),
        "separate_events": False,
        "taxa": [],
        "lists": [],
    }
    if options["append"] and not options["taxa"]:
        raise UsageError(_("--append goes with --taxa."))
    if _action_options(options) and not options["default"]:
        raise UsageError(_("--grid, --rank and --fields go with --default."))
    if options["default"]:
        fields = [f.strip() for f in (options["fields"] or "").split(",") if f.strip()]
        action = {"kind": options["default"], "grid": options["grid"] or "", "fields": fields}
        action["rank"] = options["rank"] or ""
        data["default"] = action_of(action).to_json()
    if options["separate_events"] is not None:
        data["separate_events"] = options["separate_events"]
    if options["taxa"]:
        path = options["taxa"]
        taxa = taxa_parse(file_read(path), Path(path).name)
        if options["append"]:
            kept = [Taxon.from_json(t) for t in data["taxa"]]
            taxa = taxa_merged(kept, [taxa])
        data["taxa"] = [t.to_json() for t in taxa]
    return data
