"""`manage.py resource_create <shortname>`: a new resource, owned by the acting user."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.cli import ScriptCommand, user_named
from resources.api.resource_serializers import ResourceSerializer
from resources.models import ResourceType
from resources.services.resources import resource_add_manager, resource_create


class Command(ScriptCommand):
    help = (
        "Create a resource owned by the acting user (who needs manager rights), optionally "
        'with co-managers. JSON: {"ok": true, "resource": {...}} as the API shows resources.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname", help="Short name: letters, digits, - and _.")
        parser.add_argument("--title", default="", help="Title (the metadata's title later).")
        parser.add_argument(
            "--type",
            default=ResourceType.SAMPLING_EVENT,
            choices=list(ResourceType.values),
            help="Default: sampling-event.",
        )
        parser.add_argument(
            "--manager",
            action="append",
            default=[],
            metavar="EMAIL",
            help="A co-manager (repeat for more); needs manager rights.",
        )

    def run(self, *, shortname, title, type, manager, **_options) -> dict:  # noqa: A002
        with transaction.atomic():
            resource = resource_create(
                shortname=shortname, creator=self.user, title=title, type=type
            )
            for email in manager:
                resource_add_manager(resource=resource, user=user_named(email))
        return {"resource": ResourceSerializer(resource).data}

    def report(self, result: dict) -> None:
        resource = result["resource"]
        self.say(
            _("Created the %(type)s resource %(name)s.")
            % {"type": resource["type"], "name": resource["shortname"]},
            success=True,
        )
