"""`manage.py network list|add|remove [SHORTNAME] [NETWORK_KEY]`: GBIF networks."""

from __future__ import annotations

from django.utils.translation import gettext as _

import publisher.error_codes as codes
from core.cli import add_job_arguments, job_body
from core.errors import UserError
from core.permissions import has_registration_rights
from publisher.services.registration import (
    dataset_network_start,
    dataset_networks,
    networks_list,
)
from resources.cli import ResourceCommand


class Command(ResourceCommand):
    help = (
        "List the GBIF networks the registry offers (list), or those of the resource "
        "SHORTNAME (list SHORTNAME); add the registered resource to the network NETWORK_KEY "
        "or remove it (a registry job). Needs registration rights (Publisher role or admin). "
        'JSON: {"ok": true, "networks": [{"key", "name"}]} or {"ok": true, "job": {...}}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("list", "add", "remove"))
        parser.add_argument("shortname", nargs="?", default="")
        parser.add_argument("network_key", nargs="?", default="")
        add_job_arguments(parser)

    def run(self, *, action, shortname, network_key, inline, no_wait, **_options) -> dict:
        if action == "list":
            return {"networks": [n.__dict__ for n in self._list(shortname)]}
        if not shortname or not network_key:
            raise UserError(
                _("Name the resource and the network: network %(action)s SHORTNAME KEY.")
                % {"action": action},
                code=codes.REGISTRATION_NETWORK_KEY,
            )
        job = dataset_network_start(
            resource=self.managed_resource(shortname),
            user=self.user,
            network_key=network_key,
            action=action,
            enqueue=not inline,
        )
        return {"job": job_body(self.run_job(job, inline=inline, wait=not no_wait))}

    def _list(self, shortname: str):
        if shortname:
            return dataset_networks(self.managed_resource(shortname))
        if not has_registration_rights(self.user):
            raise UserError(
                _("Only managers with registration rights and administrators list networks."),
                code=codes.REGISTRATION_FORBIDDEN,
            )
        return networks_list()

    def report(self, result: dict) -> None:
        if "networks" in result:
            for network in result["networks"]:
                self.say("%(key)s  %(name)s" % network)
            if not result["networks"]:
                self.note(_("No networks."))
            return
        job = result["job"]
        self.say(
            _("Network job %(id)s: %(status)s") % {"id": job["id"], "status": job["status"]},
            success=job["status"] == "succeeded",
        )
