"""`manage.py version_delete <shortname> <version> --reason TEXT` (admins)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.cli import UsageError
from resources.cli import ResourceCommand
from resources.services.publication import latest_version
from workflows.versions import version_delete


class Command(ResourceCommand):
    help = (
        "Delete a published version, as its version history page does (admins): its files "
        "are removed and its addresses answer 410 Gone; the reason is kept in the history. "
        'JSON: {"ok": true, "resource", "version", "deleted_at", "current"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("version", help="The version to delete, e.g. 1.2.")
        parser.add_argument("--reason", default="", help="Why it is deleted (required).")

    def run(self, *, shortname, version, reason, **_options) -> dict:
        resource = self.managed_resource(shortname)
        found = resource.versions.filter(label=version).first()
        if found is None:
            raise UsageError(_("The resource has no version %(v)s.") % {"v": version})
        tombstone = version_delete(version=found, by=self.user, reason=reason)
        current = latest_version(resource)
        return {
            "resource": resource.shortname,
            "version": tombstone.label,
            "deleted_at": tombstone.deleted_at.isoformat(),
            "current": current.label if current else "",
        }

    def report(self, result: dict) -> None:
        self.say(
            _("Version %(version)s of %(resource)s deleted; the current version is %(current)s.")
            % {
                "version": result["version"],
                "resource": result["resource"],
                "current": result["current"],
            },
            success=True,
        )
