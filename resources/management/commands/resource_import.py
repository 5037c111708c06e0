"""`manage.py resource_import <zip|folder|URL> [--shortname]`."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from core import error_codes as core_codes
from core.api.serializers import JobSerializer
from core.cli import ScriptCommand, add_job_arguments
from core.errors import UserError
from core.permissions import has_manager_rights
from resources.services.importing.start import resource_import_start


class Command(ScriptCommand):
    help = (
        "Create resources from a Darwin Core Archive, a zipped or unpacked IPT resource folder "
        "or a whole IPT data directory (zip or folder), given as a local path or an http(s) "
        "URL. An IPT folder keeps its short name and published versions, so archive.do URLs "
        "keep serving the same files. "
        'JSON: {"ok": true, "job", "resources": [{"shortname", "type", "url", "sources", '
        '"mappings", "versions", "notes"}], "failed": [{"message"}]}; notes list what could not '
        "be imported; failed lists resources of a data directory that could not be."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A zip file, a folder or an http(s) URL.")
        parser.add_argument(
            "--shortname",
            default="",
            help="The new resource's short name (default: the folder's, or "
            "the archive file's name).",
        )
        add_job_arguments(parser)

    def run(self, *, source, shortname, inline, no_wait, **_options) -> dict:
        if not has_manager_rights(self.user):
            raise UserError(
                _("%(email)s may not create resources.") % {"email": self.user.email},
                code=core_codes.AUTH_FORBIDDEN,
            )
        url, path = (
            (source, None)
            if source.startswith(("http://", "https://"))
            else ("", Path(source).resolve())
        )
        if path is not None and not path.exists():
            raise UserError(
                _("%(file)s does not exist.") % {"file": source},
                code=core_codes.CLI_FILE,
                details={"file": source},
            )
        job = resource_import_start(
            user=self.user, url=url, path=path, shortname=shortname, enqueue=not inline
        )
        job = self.run_job(job, inline=inline, wait=not no_wait)
        result = job.result or {}
        return {
            "job": JobSerializer(job).data,
            "resources": result.get("resources", []),
            "failed": result.get("failed", []),
        }

    def report(self, result: dict) -> None:
        if not result["job"]["finished_at"]:
            self.say(_("Queued job %(id)s.") % {"id": result["job"]["id"]})
        for item in result["resources"]:
            self.say(
                _(
                    "Created %(shortname)s (%(type)s): %(sources)d sources, %(mappings)d "
                    "mappings, %(versions)d versions."
                )
                % item,
                success=True,
            )
            for note in item["notes"]:
                self.say("  - " + note)
        for item in result["failed"]:
            self.say(item["message"])
