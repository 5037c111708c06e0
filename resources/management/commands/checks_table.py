"""``manage.py checks_table``: every data check as a Markdown table (README's "Checks"
section), or written into the README in place."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.quality.declarations import CHECKS
from resources.quality.table import markdown_table, readme_with_table


class Command(BaseCommand):
    help = (
        "List every data check with its code, severity, what it looks at and the GBIF rule "
        "behind its severity (a Markdown table). --readme FILE rewrites the table in that file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--readme", default="", help="Write the table between the markers of this file."
        )

    def handle(self, *args, **options):
        if not options["readme"]:
            self.stdout.write(markdown_table(), ending="")
            return
        path = Path(options["readme"])
        try:
            text = readme_with_table(path.read_text(encoding="utf-8"), markdown_table())
        except ValueError as exc:
            raise CommandError("%s has %s." % (path, exc)) from exc
        path.write_text(text, encoding="utf-8")
        self.stderr.write("%d checks written to %s." % (len(CHECKS), path))
