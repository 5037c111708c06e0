"""`manage.py visibility <shortname> public|private|withdraw|restore [--publish]`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.cli import UsageError, add_job_arguments, job_body
from resources.cli import ResourceCommand
from resources.services.publication.public import resource_publish_public
from resources.services.visibility import resource_visibility_change
from workflows.resources import resource_restore, resource_withdraw

ACTIONS = ("public", "private", "withdraw", "restore")


class Command(ResourceCommand):
    help = (
        "Change who may see a resource, as its overview page does: public or private (after "
        "the first publication the change waits for the next one), withdraw (deleted: its "
        "pages answer 410 Gone) or restore (private again). With public, --publish makes it "
        "public and publishes a new version now, following the job like `publish`. "
        'JSON: {"ok": true, "resource", "visibility", "visibility_pending", "public_from"} '
        '(with --publish, also "job").'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument(
            "--publish",
            action="store_true",
            help="With public: publish a new, public version now (change summary: Made public).",
        )
        parser.add_argument("--summary", default="", help="Added to the change summary.")
        add_job_arguments(parser)

    def run(self, *, shortname, action, publish, summary, inline, no_wait, **_options) -> dict:
        resource = self.managed_resource(shortname)
        if publish:
            if action != "public":
                raise UsageError(_("--publish goes with public only."))
            return self._publish_public(resource, summary, inline=inline, wait=not no_wait)
        if action == "withdraw":
            resource = resource_withdraw(resource=resource, user=self.user)
        elif action == "restore":
            resource = resource_restore(resource=resource, user=self.user)
        else:
            resource = resource_visibility_change(
                resource=resource, user=self.user, visibility=action
            )
        return _body(resource)

    def _publish_public(self, resource, summary: str, *, inline: bool, wait: bool) -> dict:
        job = resource_publish_public(
            resource=resource, user=self.user, change_summary=summary, enqueue=not inline
        )
        job = self.run_job(job, inline=inline, wait=wait)
        resource.refresh_from_db()
        return {**_body(resource), "job": job_body(job)}

    def report(self, result: dict) -> None:
        job = result.get("job")
        if job is not None and not job["finished_at"]:
            self.say(_("Publication as public queued as job %(id)s.") % {"id": job["id"]})
            return
        if job is not None:
            text = _("%(resource)s is %(visibility)s, with version %(version)s published.") % {
                **result,
                "version": job["result"].get("version", "?"),
            }
            self.say(text, success=True)
            return
        text = _("%(resource)s is %(visibility)s.") % result
        if result["visibility_pending"]:
            text += " " + _("It becomes %(visibility_pending)s at the next publication.") % result
        self.say(text, success=True)


def _body(resource) -> dict:
    return {
        "resource": resource.shortname,
        "visibility": str(resource.visibility),
        "visibility_pending": resource.visibility_pending or None,
        "public_from": resource.public_from,
    }
