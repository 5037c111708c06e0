"""`manage.py extensions list|install|update|check|update-vocabularies`: the catalogue from the
command line."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.models import Extension, Origin, Vocabulary
from catalogue.selectors import extensions_list
from catalogue.services.install import extension_install_from_bytes, extension_install_from_url
from catalogue.services.sync import extension_update, extensions_check_updates
from catalogue.services.vocabularies import vocabularies_check_updates, vocabulary_update
from core.errors import PublisherError


class Command(BaseCommand):
    help = "List, install (file or URL), check for updates of, and update extensions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Installed extensions.")
        listing.add_argument("--json", action="store_true", help="Machine-readable output.")
        install = sub.add_parser("install", help="Install from a file path or an http(s) URL.")
        install.add_argument("source")
        sub.add_parser(
            "check", help="Ask the registry which extensions and vocabularies have newer versions."
        )
        update = sub.add_parser("update", help="Install newer versions found by 'check'.")
        update.add_argument("row_types", nargs="*", help="Row types (default: all with updates).")
        vocabularies = sub.add_parser(
            "update-vocabularies", help="Install newer vocabulary versions found by 'check'."
        )
        vocabularies.add_argument("uris", nargs="*", help="URIs (default: all with updates).")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except PublisherError as exc:
            raise CommandError("%s: %s" % (exc.code, exc.message)) from exc

    def _list(self, **options):
        rows = [
            {
                "id": e.pk,
                "row_type": e.row_type,
                "title": e.title,
                "issued": str(e.issued or ""),
                "terms": e.property_count,
                "origin": e.origin,
                "update_available": str(e.latest_issued or "") if e.update_available else "",
            }
            for e in extensions_list()
        ]
        if options.get("json"):
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            note = ("  update: " + row["update_available"]) if row["update_available"] else ""
            self.stdout.write("%(issued)-10s %(terms)4d  %(title)s  <%(row_type)s>" % row + note)

    def _install(self, source: str, **_):
        if source.startswith(("http://", "https://")):
            result = extension_install_from_url(url=source)
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError("No such file: %s" % source)
            result = extension_install_from_bytes(
                data=path.read_bytes(), source=path.name, origin=Origin.FILE
            )
        self._report(result)

    def _check(self, **_):
        outcome = extensions_check_updates()
        self.stdout.write("%(listed)d listed, %(updates)d with a newer version" % outcome)
        outcome = vocabularies_check_updates()
        self.stdout.write(
            "%(listed)d vocabularies listed, %(updates)d with a newer version" % outcome
        )

    def _update(self, row_types: list[str], **_):
        extensions = Extension.objects.exclude(latest_url="")
        if row_types:
            extensions = extensions.filter(row_type__in=row_types)
        for extension in extensions:
            self._report(extension_update(extension=extension))
        if not extensions:
            self.stdout.write("Nothing to update.")

    def _update_vocabularies(self, uris: list[str], **_):
        vocabularies = [v for v in Vocabulary.objects.exclude(latest_url="") if v.update_available]
        for vocabulary in vocabularies:
            if uris and vocabulary.uri not in uris:
                continue
            report = vocabulary_update(vocabulary=vocabulary)
            self.stdout.write(
                self.style.SUCCESS(
                    "Updated %s (issued %s)" % (vocabulary.title, report["to_issued"] or "-")
                )
            )
            for entry in report["mappings"]:
                self.stdout.write("  review the values of %(term)s in %(resource)s" % entry)
        if not vocabularies:
            self.stdout.write("Nothing to update.")

    def _report(self, result) -> None:
        verb = "Installed" if result.created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                "%s %s (issued %s)" % (verb, result.extension.title, result.extension.issued)
            )
        )
        for entry in result.report.get("renamed", []):
            self.stdout.write("  re-pointed %(term)s -> %(new_term)s in %(resource)s" % entry)
        for entry in result.report.get("unmapped", []):
            self.stdout.write("  unmapped %(term)s in %(resource)s" % entry)


def _dumps(rows) -> str:
    return json.dumps(rows, indent=1)
