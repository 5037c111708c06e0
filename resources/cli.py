"""Command-line helpers for the commands that act on one resource."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core import error_codes as core_codes
from core.cli import ScriptCommand
from core.errors import UserError
from resources.models import Resource, Source
from resources.selectors import resource_get_for_manager


class ResourceCommand(ScriptCommand):
    """A ``ScriptCommand`` that names the resource it acts on."""

    def managed_resource(self, shortname: str) -> Resource:
        """The resource, if the acting user may manage it; else ``not-found`` or
        ``auth:forbidden`` (the command line runs on the server: no need to hide names)."""
        if not Resource.objects.filter(shortname=shortname).exists():
            raise UserError(
                _("No resource named %(name)s.") % {"name": shortname},
                code=core_codes.NOT_FOUND,
                details={"resource": shortname},
            )
        resource = resource_get_for_manager(user=self.user, shortname=shortname)
        if resource is None:
            raise UserError(
                _("%(email)s may not manage the resource %(name)s.")
                % {"email": self.user.email, "name": shortname},
                code=core_codes.AUTH_FORBIDDEN,
                details={"resource": shortname, "user": self.user.email},
            )
        return resource


def source_named(resource: Resource, name: str) -> Source:
    """The resource's source called ``name``, or ``not-found``."""
    source = resource.sources.filter(name=name).first()
    if source is None:
        raise UserError(
            _("The resource has no source named %(name)s.") % {"name": name},
            code=core_codes.NOT_FOUND,
            details={"source": name},
        )
    return source
