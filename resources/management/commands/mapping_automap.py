"""`manage.py mapping_automap <shortname>`: map sources to extensions by their column names."""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalogue.models import Extension
from core import error_codes as core_codes
from core.errors import UserError
from resources.cli import ResourceCommand, source_named
from resources.selectors import extension_find
from resources.services.automapping import Automapped, sources_automap


class Command(ResourceCommand):
    help = (
        "Auto-map sources as the mapping page does: each source's columns are matched to "
        "the terms of an extension by name. Without --source, every source that has no "
        "mapping yet is tried (those that cannot be mapped are listed under 'skipped'); "
        "without --extension, each source goes to the extension its name names "
        "(occurrence.csv: Occurrence), else to the one most of its columns match. "
        'JSON: {"ok": true, "mappings": [{"id", "source", "row_type", "extension", '
        '"id_column", "mapped": {column: term}, "unmapped": [column], "missing_required": '
        '[term]}], "skipped": [{"source", "code", "message"}]}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument(
            "--source",
            action="append",
            default=[],
            metavar="NAME",
            help="Map this source (repeat for more); default: all unmapped.",
        )
        parser.add_argument(
            "--extension",
            default="",
            metavar="ROW_TYPE_OR_NAME",
            help="Map to this extension: row type or name (Event, Occurrence, "
            "MeasurementOrFact...).",
        )

    def run(self, *, shortname, source, extension, **_options) -> dict:
        resource = self.managed_resource(shortname)
        results = sources_automap(
            resource=resource,
            sources=[source_named(resource, n) for n in source] or None,
            extension=_extension(extension) if extension else None,
        )
        return {
            "mappings": [_mapping_body(r) for r in results if r.mapping is not None],
            "skipped": [
                {"source": r.source.name, "code": r.error.code, "message": r.error.message}
                for r in results
                if r.error is not None
            ],
        }

    def report(self, result: dict) -> None:
        if not result["mappings"] and not result["skipped"]:
            self.say(_("Every source is mapped already; nothing to do."))
        for entry in result["mappings"]:
            self.say(
                _(
                    "%(source)s -> %(extension)s: %(count)d of %(total)d columns mapped, id "
                    "column %(id)s."
                )
                % {
                    "source": entry["source"],
                    "extension": entry["extension"],
                    "count": len(entry["mapped"]),
                    "total": len(entry["mapped"]) + len(entry["unmapped"]),
                    "id": entry["id_column"] or _("(none)"),
                },
                success=True,
            )
            if entry["unmapped"]:
                self.say(
                    "  "
                    + _("left unmapped: %(columns)s") % {"columns": ", ".join(entry["unmapped"])}
                )
            if entry["missing_required"]:
                self.say(
                    "  "
                    + _("required terms not mapped: %(terms)s")
                    % {"terms": ", ".join(entry["missing_required"])}
                )
        for entry in result["skipped"]:
            self.say(_("%(source)s skipped: %(message)s") % entry)


def _extension(text: str) -> Extension:
    extension = extension_find(text=text)
    if extension is None:
        raise UserError(
            _("No installed extension is called %(name)s; see manage.py extensions list.")
            % {"name": text},
            code=core_codes.NOT_FOUND,
            details={"extension": text},
        )
    return extension


def _mapping_body(result: Automapped) -> dict:
    mapping = result.mapping
    assert mapping is not None, "called only for the results that made a mapping"
    return {
        "id": mapping.pk,
        "source": result.source.name,
        "row_type": mapping.extension.row_type,
        "extension": mapping.extension.title,
        "id_column": mapping.id_column or None,
        "mapped": result.mapped,
        "unmapped": result.unmapped,
        "missing_required": result.missing_required,
    }
