"""`manage.py visibility <shortname> public|private|withdraw|restore`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from resources.cli import ResourceCommand
from resources.services.visibility import resource_restore, resource_visibility_change
from workflows.resources import resource_withdraw

ACTIONS = ("public", "private", "withdraw", "restore")


class Command(ResourceCommand):
    help = (
        "Change who may see a resource, as its overview page does: public or private (after "
        "the first publication the change waits for the next one), withdraw (deleted: its "
        "pages answer 410 Gone) or restore (private again). "
        'JSON: {"ok": true, "resource", "visibility", "visibility_pending", "public_from"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("action", choices=ACTIONS)

    def run(self, *, shortname, action, **_options) -> dict:
        resource = self.managed_resource(shortname)
        if action == "withdraw":
            resource = resource_withdraw(resource=resource, user=self.user)
        elif action == "restore":
            resource = resource_restore(resource=resource, user=self.user)
        else:
            resource = resource_visibility_change(
                resource=resource, user=self.user, visibility=action
            )
        return {
            "resource": resource.shortname,
            "visibility": str(resource.visibility),
            "visibility_pending": resource.visibility_pending or None,
            "public_from": resource.public_from,
        }

    def report(self, result: dict) -> None:
        text = _("%(resource)s is %(visibility)s.") % result
        if result["visibility_pending"]:
            text += " " + _("It becomes %(visibility_pending)s at the next publication.") % result
        self.say(text, success=True)
