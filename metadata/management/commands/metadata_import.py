"""`manage.py metadata_import <shortname> <eml.xml|metadata.json> [--dry-run]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.utils.translation import gettext as _

from core.cli import file_read
from core.errors import UserError
from metadata import error_codes as codes
from metadata.services.documents import document_issues, metadata_save
from metadata.services.io import metadata_import, metadata_import_preview, metadata_json_preview
from resources.cli import ResourceCommand

CHANGES_SHOWN = 50


class Command(ResourceCommand):
    help = (
        "Replace a resource's working metadata by an EML document (as the metadata page's "
        "import does) or by a JSON document (as PUT /api/v1/resources/<shortname>/metadata "
        "or metadata_export --format json give it); the short name stays. --dry-run only "
        "shows what would change. "
        'JSON: {"ok": true, "file", "format", "dry_run", "title", "changes": [{"path", '
        '"old", "new"}], "issues": [{"section", "field", "message"}]}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("file", help="eml.xml, or a .json document.")
        parser.add_argument(
            "--format",
            choices=("auto", "eml", "json"),
            default="auto",
            help="Default: json for .json files and documents starting with {.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the changes an import would make; store nothing.",
        )

    def run(self, *, shortname, file, format, dry_run, **_options) -> dict:  # noqa: A002
        resource = self.managed_resource(shortname)
        data, filename = file_read(file), Path(file).name
        fmt = format if format != "auto" else _guess(data, filename)
        if fmt == "json":
            preview = metadata_json_preview(resource, data=_json(data, filename))
            if not dry_run:
                metadata_save(resource, preview.document, user=self.user)
        else:
            preview = metadata_import_preview(resource, data=data, filename=filename)
            if not dry_run:
                metadata_import(resource, data=data, user=self.user, filename=filename)
        return {
            "file": filename,
            "format": fmt,
            "dry_run": dry_run,
            "title": preview.document.title,
            "changes": [{"path": c.path, "old": c.old, "new": c.new} for c in preview.changes],
            "issues": [
                {"section": i.section, "field": i.field, "message": i.message}
                for i in document_issues(preview.document)
            ],
        }

    def report(self, result: dict) -> None:
        changes = result["changes"]
        if result["dry_run"] and not changes:
            self.say(_("Importing %(file)s would change nothing.") % {"file": result["file"]})
        elif result["dry_run"]:
            self.say(
                _("Importing %(file)s would change %(n)d values:")
                % {"file": result["file"], "n": len(changes)}
            )
            for change in changes[:CHANGES_SHOWN]:
                self.say("  %(path)s: %(old)r -> %(new)r" % change)
            if len(changes) > CHANGES_SHOWN:
                self.say("  ...")
        else:
            self.say(
                _("Imported %(file)s: %(n)d values changed; title %(title)s.")
                % {"file": result["file"], "n": len(changes), "title": result["title"]},
                success=True,
            )
        for issue in result["issues"]:
            self.say(_("Problem (%(section)s, %(field)s): %(message)s") % issue)


def _guess(data: bytes, filename: str) -> str:
    if filename.lower().endswith(".json") or data.lstrip()[:1] == b"{":
        return "json"
    return "eml"


def _json(data: bytes, filename: str) -> object:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise UserError(
            _("%(file)s is not a JSON document: %(error)s") % {"file": filename, "error": exc},
            code=codes.METADATA_SHAPE,
            details={"file": filename, "line": line},
        ) from exc
