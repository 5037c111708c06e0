"""`manage.py publish <shortname>`: publish the next version and follow it to the end."""

from __future__ import annotations

import json
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections

from publisher.api.serializers import JobSerializer
from publisher.errors import PublisherError
from publisher.jobs.executor import execute
from publisher.models import Job, JobStatus, User
from publisher.services.jobs import job_cancel
from resources.api.publication_views import VersionSerializer
from resources.models import Resource
from resources.services.publication import resource_publish

BAR_WIDTH = 30
POLL_SECONDS = 0.5


def progress_line(job: Job) -> str:
    """One terminal line: bar, percentage, phase and done/total."""
    percent = job.percent
    filled = int(BAR_WIDTH * (percent or 0) / 100)
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    done = (
        "%d/%d" % (job.progress_done, job.progress_total)
        if job.progress_total
        else str(job.progress_done or "")
    )
    pct = "%3d%%" % percent if percent is not None else " ..."
    return "[%s] %s %s %s %s" % (bar, pct, job.status, job.phase, done)


class Command(BaseCommand):
    help = (
        "Publish the next version of a resource and follow it with a progress bar. "
        "Exits 0 when the version was published (or skipped), 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("--summary", default="", help="The change summary of the version.")
        parser.add_argument(
            "--drop-orphans",
            action="store_true",
            help="Leave out extension rows whose core record does not exist.",
        )
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Run the publication in this process (no worker needed).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the final job and version as JSON."
        )
        parser.add_argument("--user", default="", help="E-mail of the user publishing.")

    def handle(self, *args, **options):
        shortname, as_json = options["shortname"], options["json"]
        resource = Resource.objects.filter(shortname=shortname).first()
        if resource is None:
            raise CommandError("No resource named %s." % shortname)
        try:
            job = resource_publish(
                resource,
                user=self._user(options["user"]),
                change_summary=options["summary"],
                drop_orphans=options["drop_orphans"],
                enqueue=not options["inline"],
            )
        except PublisherError as exc:
            raise CommandError("%s: %s" % (exc.code, exc.message)) from exc
        runner = self._start_inline(job) if options["inline"] else None
        try:
            self._follow(job, quiet=as_json)
        except KeyboardInterrupt:
            job_cancel(job=job)
            self.stderr.write("\ncancelling...")
            self._follow(job, quiet=True)
        finally:
            if runner is not None:
                runner.join()
        self._finish(job, resource, as_json=as_json)

    def _user(self, email: str) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError("No user with the e-mail %s." % email)
        return user

    def _start_inline(self, job: Job) -> threading.Thread:
        def run() -> None:
            try:
                execute(str(job.pk))
            finally:
                close_old_connections()

        thread = threading.Thread(target=run, name="publish-inline", daemon=True)
        thread.start()
        return thread

    def _follow(self, job: Job, *, quiet: bool) -> None:
        """Redraw the progress line until the job ends (on stderr, so --json stays clean)."""
        shown = ""
        while True:
            job.refresh_from_db()
            line = progress_line(job)
            if line != shown and not quiet:
                self.stderr.write("\r" + line.ljust(len(shown)), ending="")
                self.stderr.flush()
                shown = line
            if job.is_final:
                break
            time.sleep(POLL_SECONDS)
        if shown:
            self.stderr.write("")

    def _finish(self, job: Job, resource: Resource, *, as_json: bool) -> None:
        version = None
        label = (job.result or {}).get("version")
        if job.status == JobStatus.SUCCEEDED and label:
            version = resource.versions.filter(label=label).first()
        if as_json:
            body = {
                "job": JobSerializer(job).data,
                "version": VersionSerializer(version).data if version else None,
            }
            self.stdout.write(json.dumps(body, cls=DjangoJSONEncoder, indent=1))
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(
                "%s: %s"
                % (job.error_code or job.status, job.error_message or "the publication stopped")
            )
        if not as_json:
            self._say_done(job, version)

    def _say_done(self, job: Job, version) -> None:
        if job.result.get("skipped"):
            self.stdout.write("Nothing changed since version %s." % job.result["version"])
        elif version is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    "Published version %s: %d records (%s)."
                    % (
                        version.label,
                        version.records,
                        ", ".join("%s %d" % kv for kv in version.counts.items()),
                    )
                )
            )
