"""`manage.py validate <shortname>`: validate the resource as it would be published."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.cli import add_job_arguments, job_body
from core.errors import UserError
from publisher.services.installation import installation_base_url
from resources import error_codes as codes
from resources.api.validation_views import ResourceValidationSerializer
from resources.cli import ResourceCommand
from resources.services.publication.start import validation_start
from resources.services.publication.validation import latest_validation, validation_flagged_path


class Command(ResourceCommand):
    help = (
        "Validate a resource as it would be published, without publishing it, and follow "
        "the job with a progress bar. Prints the blocking problems, the warnings per check "
        'and where the report is. JSON: {"ok": true, "job": {...}, "validation": {...}} with '
        'the report in "validation"; with blocking problems {"ok": false, "code": '
        '"validation:blocking", "details": {"job": ..., "validation": ...}}. Exits 0 when '
        "nothing blocks, 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument(
            "--drop-orphans",
            action="store_true",
            help="Check as a publication that leaves out extension rows without a core record.",
        )
        add_job_arguments(parser)

    def run(self, *, shortname, drop_orphans, inline, no_wait, **_options) -> dict:
        resource = self.managed_resource(shortname)
        job = validation_start(
            resource=resource, user=self.user, drop_orphans=drop_orphans, enqueue=not inline
        )
        job = self.run_job(job, inline=inline, wait=not no_wait)
        if not job.is_final:
            return {"job": job_body(job), "validation": None}
        validation = latest_validation(resource)
        flagged = validation_flagged_path(validation) if validation else None
        result = {
            "job": job_body(job),
            "validation": ResourceValidationSerializer(validation).data if validation else None,
            "report_url": installation_base_url()
            + reverse("validation-report", args=[resource.shortname]),
            "flagged_path": str(flagged) if flagged else "",
        }
        if validation is not None and not validation.ok:
            self._refuse(result)
        return result

    def _refuse(self, result: dict) -> None:
        """Blocking problems: the summary (without --json), then exit status 1."""
        if not self.as_json:
            self.report(result)
        errors = result["validation"]["errors"]
        raise UserError(
            _("The validation found %(n)d blocking problem(s); see the report: %(url)s")
            % {"n": errors, "url": result["report_url"]},
            code=codes.VALIDATION_BLOCKING,
            details=result,
        )

    def report(self, result: dict) -> None:
        validation = result["validation"]
        if validation is None:
            self.say(_("Validation queued as job %(id)s.") % {"id": result["job"]["id"]})
            return
        self.say(_("Blocking problems: %(n)d") % {"n": validation["errors"]})
        warned = [
            c
            for c in validation["report"].get("checks", [])
            if c.get("severity") != "error" and c.get("count")
        ]
        self.say(_("Warnings: %(n)d") % {"n": validation["warnings"]})
        for check in warned:
            self.say("  %s %s: %d" % (check["check"], check.get("file") or "", check["count"]))
        self.say(_("Report: %(url)s") % {"url": result["report_url"]})
        if result["flagged_path"]:
            self.say(_("Flagged rows: %(path)s") % {"path": result["flagged_path"]})
        if validation["ok"]:
            self.say(_("Nothing blocks publication."), success=True)
