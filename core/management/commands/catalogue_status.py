"""``manage.py catalogue_status``: how far each translation catalogue is translated."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from core.catalogues import status
from core.management.commands.compile_catalogues import project_catalogues

HEADER = "%-16s %7s %10s %6s %12s %7s"
ROW = "%-16s %7d %10d %6d %12d %6.1f%%"


class Command(BaseCommand):
    help = (
        "Print, for every language and domain, the number of msgids and how many of them are "
        "translated, fuzzy and untranslated."
    )

    def handle(self, *args, **options):
        self.stdout.write(
            HEADER % ("catalogue", "msgids", "translated", "fuzzy", "untranslated", "done")
        )
        for catalogue in project_catalogues():
            s = status(catalogue.po)
            self.stdout.write(
                ROW % (catalogue.name, s.msgids, s.translated, s.fuzzy, s.untranslated, s.percent)
            )
