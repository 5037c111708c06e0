"""``manage.py compile_catalogues``: compile every ``locale/*/LC_MESSAGES/*.po`` into its
``.mo`` with polib (no GNU gettext needed); ``--check`` lists the stale ``.mo`` files instead
and exits 1 if there are any."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.catalogues import Catalogue, catalogues, is_stale, write_mo


def project_catalogues() -> list[Catalogue]:
    """The catalogues of every folder in ``settings.LOCALE_PATHS``."""
    return [c for path in settings.LOCALE_PATHS for c in catalogues(Path(path))]


class Command(BaseCommand):
    help = (
        "Compile the translation catalogues (.po) of LOCALE_PATHS into .mo files, byte for "
        "byte the same for the same .po. --check: only list the .mo files that are missing or "
        "out of date, and fail if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; exit 1 if a .mo is stale."
        )

    def handle(self, *args, check=False, **options):
        found = project_catalogues()
        if check:
            stale = [c for c in found if is_stale(c)]
            for catalogue in stale:
                self.stderr.write("stale: %s" % catalogue.mo)
            if stale:
                raise CommandError(
                    "%d .mo file(s) are stale: run manage.py compile_catalogues." % len(stale)
                )
            self.stdout.write("%d catalogue(s), every .mo is current." % len(found))
            return
        written = [c for c in found if write_mo(c)]
        for catalogue in written:
            self.stdout.write("compiled %s" % catalogue.mo)
        self.stdout.write("%d catalogue(s), %d .mo file(s) written." % (len(found), len(written)))
