"""`manage.py metadata_export <shortname> [--format eml|json] [-o FILE]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from core import error_codes as core_codes
from core.errors import UserError
from metadata.eml.serialize import to_dict
from metadata.services.documents import metadata_get
from metadata.services.io import metadata_export
from resources.cli import ResourceCommand


class Command(ResourceCommand):
    help = (
        "Write a resource's working metadata as EML (GBIF profile, as the metadata page's "
        "download) or as the API's JSON document, to FILE or stdout. "
        'JSON: {"ok": true, "format", "file", "bytes"} with -o, else {"ok": true, "format", '
        '"document"} with the EML as text or the JSON document.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("--format", choices=("eml", "json"), default="eml")
        parser.add_argument(
            "-o", "--output", default="", metavar="FILE", help="Write to FILE (default: stdout)."
        )

    def run(self, *, shortname, format, output, **_options) -> dict:  # noqa: A002
        resource = self.managed_resource(shortname)
        document: dict[str, Any] | str
        if format == "json":
            document = to_dict(metadata_get(resource))
            data = json.dumps(document, indent=1, ensure_ascii=False).encode() + b"\n"
        else:
            data = metadata_export(resource)
            document = data.decode("utf-8")
        if output:
            _write(Path(output), data)
            return {"format": format, "file": output, "bytes": len(data)}
        return {"format": format, "document": document}

    def report(self, result: dict) -> None:
        if "file" in result:
            self.say(_("Wrote %(bytes)d bytes of %(format)s to %(file)s.") % result)
        elif isinstance(result["document"], str):
            self.stdout.write(result["document"], ending="")
        else:
            self.stdout.write(json.dumps(result["document"], indent=1, ensure_ascii=False))


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(
            _("%(file)s cannot be written: %(error)s")
            % {"file": path, "error": exc.strerror or exc},
            code=core_codes.CLI_FILE,
            details={"file": str(path)},
        ) from exc
