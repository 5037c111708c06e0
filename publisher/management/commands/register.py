"""`manage.py register <shortname>`: register a resource with the GBIF registry."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

import publisher.error_codes as codes
from core.cli import add_job_arguments, job_body
from core.errors import UserError
from publisher.models import Organisation
from publisher.selectors_registration import registration_status
from publisher.services.registration import dataset_adopt_start, dataset_register_start
from resources.cli import ResourceCommand


class Command(ResourceCommand):
    help = (
        "Register a published, public resource with the GBIF registry configured for this "
        "installation (a registry job, as the Register button starts). Needs registration "
        "rights (Publisher role or admin). With --adopt: check the registry and adopt, after "
        "a registration whose outcome is unknown (registry:outcome-unknown): the GBIF dataset "
        "it may have created is looked up and adopted; nothing new is registered. "
        'JSON: {"ok": true, "job": {...}, "key": "<GBIF dataset key>", "gbif_url": "..."}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument(
            "--organisation",
            default="",
            metavar="KEY",
            help="GBIF key of the associated organisation that publishes the "
            "resource (default: the one chosen already).",
        )
        parser.add_argument(
            "--adopt",
            action="store_true",
            help="Check the registry and adopt the dataset an earlier registration whose "
            "outcome is unknown may have created (fails with registration:not-found when "
            "GBIF has none; register again then).",
        )
        add_job_arguments(parser)

    def run(self, *, shortname, organisation, adopt, inline, no_wait, **_options) -> dict:
        resource = self.managed_resource(shortname)
        if adopt:
            job = dataset_adopt_start(resource=resource, user=self.user, enqueue=not inline)
        else:
            job = dataset_register_start(
                resource=resource,
                user=self.user,
                organisation=_organisation(organisation),
                enqueue=not inline,
            )
        job = self.run_job(job, inline=inline, wait=not no_wait)
        resource.refresh_from_db()
        current = registration_status(resource=resource, user=self.user)
        return {
            "job": job_body(job),
            "key": current.key or None,
            "gbif_url": current.gbif_url or None,
        }

    def report(self, result: dict) -> None:
        if result["key"]:
            self.say(
                _("Registered with GBIF as dataset %(key)s %(url)s")
                % {"key": result["key"], "url": result["gbif_url"] or ""},
                success=True,
            )
        else:
            self.say(_("Registration queued as job %(id)s.") % {"id": result["job"]["id"]})


def _organisation(key: str) -> Organisation | None:
    if not key:
        return None
    try:
        found = Organisation.objects.filter(key=uuid.UUID(key)).first()
    except ValueError:
        found = None
    if found is None:
        raise UserError(
            _("No associated organisation has this key."),
            code=codes.REGISTRATION_ORGANISATION,
            details={"key": key},
        )
    return found
