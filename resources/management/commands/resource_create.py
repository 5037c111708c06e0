"""`manage.py resource_create <shortname>`: a new resource, owned by the acting user."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.cli import ScriptCommand, user_named
from core.editable import add_arguments
from resources.api.resource_serializers import ResourceSerializer
from resources.models import Resource
from resources.services.resources import EDITABLE, resource_add_manager, resource_create


class Command(ScriptCommand):
    help = (
        "Create a resource owned by the acting user (who needs manager rights), optionally "
        'with co-managers. JSON: {"ok": true, "resource": {...}} as the API shows resources.'
    )

    def add_arguments(self, parser):
        add_arguments(
            parser,
            Resource,
            EDITABLE,
            positional=["shortname"],
            helps={"title": "Title (the metadata's title later)."},
        )
        parser.add_argument(
            "--manager",
            action="append",
            default=[],
            metavar="EMAIL",
            help="A co-manager (repeat for more); needs manager rights.",
        )

    def run(self, *, manager, **options) -> dict:
        with transaction.atomic():
            resource = resource_create(
                creator=self.user, **{name: options[name] for name in EDITABLE}
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
