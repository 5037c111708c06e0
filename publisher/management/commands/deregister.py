"""`manage.py deregister SHORTNAME`: retry a failed GBIF deregistration."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.cli import job_body
from resources.cli import ResourceCommand
from workflows.resources import resource_deregister_retry


class Command(ResourceCommand):
    help = (
        "Retry the GBIF deregistration of the withdrawn or deleted resource SHORTNAME after "
        "it failed (the registry refused the token, or stayed down): a registry job; the "
        "resource is deleted once the registry confirmed, when its deletion was asked. Needs "
        'registration rights. JSON: {"ok": true, "job": {...}, "key": "<GBIF dataset key>"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="Queue the job, print it and return at once (default: follow it to its end).",
        )

    def run(self, *, shortname, no_wait, **_options) -> dict:
        resource = self.managed_resource(shortname)
        key = str(resource.gbif_key or "")
        job = resource_deregister_retry(resource=resource, user=self.user)
        if job is not None:
            job = self.run_job(job, inline=False, wait=not no_wait)
        return {"job": job_body(job) if job is not None else None, "key": key}

    def report(self, result: dict) -> None:
        job = result["job"] or {"id": "-", "status": "-"}
        self.say(
            _("Deregistration of GBIF dataset %(key)s: job %(id)s %(status)s")
            % {"key": result["key"], "id": job["id"], "status": job["status"]},
            success=job["status"] == "succeeded",
        )
