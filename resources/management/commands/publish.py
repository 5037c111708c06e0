"""`manage.py publish <shortname>`: publish the next version and follow it to the end.
`manage.py publish --all-changed` or `--resources a,b`: publish many, a few at a time
(``workflows.bulk``), and print each resource's outcome."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.cli import UsageError, add_job_arguments, job_body
from core.errors import UserError
from core.models import Job, JobStatus
from resources.api.publication_views import VersionSerializer
from resources.cli import ResourceCommand
from resources.models import Resource
from resources.selectors import resources_changed, resources_for_manager
from resources.services.publication import resource_publish
from workflows import error_codes as workflow_codes
from workflows.bulk import bulk_publish_items, bulk_publish_start

NOT_PUBLISHED = ("refused", JobStatus.FAILED, JobStatus.CANCELLED)


class Command(ResourceCommand):
    help = (
        "Publish the next version of a resource and follow it with a progress bar. "
        'JSON: {"ok": true, "job": {...}, "version": {...}} ("version" is the latest one when '
        "nothing changed, null with --no-wait). Exits 0 when the version was published (or "
        "skipped), 1 otherwise. With --all-changed or --resources, publish many resources, "
        "--concurrency at a time, in the workers; "
        'JSON: {"ok": true, "job": {...}, "resources": [{"resource", "status", "version", '
        '"message"}]}; exits 1 when any was refused or failed.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname", nargs="?", default="")
        parser.add_argument("--summary", default="", help="The change summary of the version.")
        parser.add_argument(
            "--drop-orphans",
            action="store_true",
            help="Leave out extension rows whose core record does not exist.",
        )
        parser.add_argument(
            "--all-changed",
            action="store_true",
            help="Publish every resource changed since its latest version (or never published).",
        )
        parser.add_argument(
            "--resources", default="", help="Publish these resources (short names, a,b,c)."
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=None,
            help="At most this many publications at once (default: BULK_PUBLISH_CONCURRENCY).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="With --all-changed or --resources: list what would be published, publish none.",
        )
        add_job_arguments(parser)

    def run(self, *, shortname, summary, drop_orphans, inline, no_wait, **options) -> dict:
        if options["all_changed"] or options["resources"]:
            if shortname or inline or drop_orphans:
                raise UsageError(
                    _(
                        "--all-changed and --resources go without a short name, --inline "
                        "and --drop-orphans."
                    )
                )
            return self._bulk(summary, wait=not no_wait, **options)
        if not shortname:
            raise UsageError(_("Name a resource, or use --all-changed or --resources."))
        resource = self.managed_resource(shortname)
        job = resource_publish(
            resource=resource,
            user=self.user,
            change_summary=summary,
            drop_orphans=drop_orphans,
            enqueue=not inline,
        )
        job = self.run_job(job, inline=inline, wait=not no_wait)
        version = _version(job, resource)
        return {
            "job": job_body(job),
            "version": VersionSerializer(version).data if version else None,
        }

    def _bulk(self, summary: str, *, wait: bool, **options) -> dict:
        resources = self._chosen(options["all_changed"], options["resources"])
        if options["dry_run"] or not resources:  # nothing changed: nothing to do, no error
            names = [{"resource": r.shortname} for r in resources]
            return {"dry_run": options["dry_run"], "resources": names}
        job = bulk_publish_start(
            resources=resources,
            user=self.user,
            concurrency=options["concurrency"],
            change_summary=summary,
        )
        job = self.run_job(job, inline=False, wait=wait)
        outcomes = _outcomes(job)
        body = {"job": job_body(job), "resources": outcomes}
        if any(o["status"] in NOT_PUBLISHED for o in outcomes):
            if not self.as_json:
                self.report(body)
            raise UserError(code=workflow_codes.BULK_INCOMPLETE, details={"resources": outcomes})
        return body

    def _chosen(self, all_changed: bool, names: str) -> list[Resource]:
        if all_changed:
            managed = resources_for_manager(user=self.user)
            return list(resources_changed(managed).order_by("shortname"))
        return [self.managed_resource(n.strip()) for n in names.split(",") if n.strip()]

    def report(self, result: dict) -> None:
        if "resources" in result:
            self._report_bulk(result)
            return
        job, version = result["job"], result["version"]
        if not job["finished_at"]:
            self.say(_("Publication queued as job %(id)s.") % {"id": job["id"]})
        elif job["result"].get("skipped"):
            self.say(
                _("Nothing changed since version %(version)s.")
                % {"version": job["result"]["version"]}
            )
        elif version is not None:
            counts = ", ".join("%s %d" % kv for kv in version["counts"].items())
            self.say(
                _("Published version %(version)s: %(records)d records (%(counts)s).")
                % {"version": version["version"], "records": version["records"], "counts": counts},
                success=True,
            )

    def _report_bulk(self, result: dict) -> None:
        if not result["resources"]:
            self.say(_("Nothing to publish: no resource changed since its latest version."))
        elif result.get("dry_run"):
            self.say(
                _("Resources that would be published: %(n)s.") % {"n": len(result["resources"])}
            )
        for outcome in result["resources"]:
            line = outcome["resource"]
            if "status" in outcome:
                line += ": " + outcome["status"]
                if outcome.get("version"):
                    line += " " + outcome["version"]
                if outcome.get("message"):
                    line += " (" + outcome["message"] + ")"
            self.say(line, success=outcome.get("status") == JobStatus.SUCCEEDED)


def _outcomes(bulk: Job) -> list[dict]:
    return [
        {"resource": i.shortname, "status": i.status, "version": i.version, "message": i.message}
        for i in bulk_publish_items(bulk)
    ]


def _version(job, resource: Resource):
    label = (job.result or {}).get("version")
    if job.status == JobStatus.SUCCEEDED and label:
        return resource.versions.filter(label=label).first()
    return None
