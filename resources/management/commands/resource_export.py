"""`manage.py resource_export <shortname> [-o FILE]`."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.utils.translation import gettext as _

from resources.cli import ResourceCommand
from resources.services.exporting import resource_export_file


class Command(ResourceCommand):
    help = (
        "Write a resource as a zipped folder in the IPT layout (sources, mappings, metadata, "
        "every published version) that resource_import reads back. "
        'JSON: {"ok": true, "resource", "file", "bytes"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument(
            "-o", "--output", default="", help="The zip to write (default: <shortname>.zip here)."
        )

    def run(self, *, shortname, output, **_options) -> dict:
        resource = self.managed_resource(shortname)
        target = Path(output or "%s.zip" % shortname).resolve()
        made = resource_export_file(resource=resource)
        shutil.move(str(made), target)
        return {"resource": shortname, "file": str(target), "bytes": target.stat().st_size}

    def report(self, result: dict) -> None:
        self.say(_("Wrote %(file)s (%(bytes)d bytes).") % result, success=True)
