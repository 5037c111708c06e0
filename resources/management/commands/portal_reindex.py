"""`manage.py portal_reindex [--all]`: build the portal search's facts of published versions
that have none (published before the search knew them) or older ones."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from resources.services.search import facts_reindex


class Command(BaseCommand):
    help = (
        "Build the search facts (text, organisation, licence, countries, years) of published "
        "versions that have none or outdated ones; --all rebuilds every version's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild the facts of all.")

    def handle(self, *args, **options):
        built = facts_reindex(everything=options["all"])
        self.stdout.write("%d version(s) indexed for the portal search." % built)
