"""`manage.py publish <shortname>`: publish the next version and follow it to the end."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.cli import add_job_arguments, job_body
from core.models import JobStatus
from resources.api.publication_views import VersionSerializer
from resources.cli import ResourceCommand
from resources.models import Resource
from resources.services.publication import resource_publish


class Command(ResourceCommand):
    help = (
        "Publish the next version of a resource and follow it with a progress bar. "
        'JSON: {"ok": true, "job": {...}, "version": {...}} ("version" is the latest one when '
        "nothing changed, null with --no-wait). Exits 0 when the version was published (or "
        "skipped), 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("--summary", default="", help="The change summary of the version.")
        parser.add_argument(
            "--drop-orphans",
            action="store_true",
            help="Leave out extension rows whose core record does not exist.",
        )
        add_job_arguments(parser)

    def run(self, *, shortname, summary, drop_orphans, inline, no_wait, **_options) -> dict:
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

    def report(self, result: dict) -> None:
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


def _version(job, resource: Resource):
    label = (job.result or {}).get("version")
    if job.status == JobStatus.SUCCEEDED and label:
        return resource.versions.filter(label=label).first()
    return None
