"""`manage.py portal_reindex [--all]`: build the portal search's facts of published versions
that have none (published before the search knew them) or older ones, and the feed entries
of the listed resources' latest versions that lack them (after an upgrade: else the first
RSS or DCAT request renders them, ~11 s at 10 000 resources)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from resources.portal.fragments import feed_rows
from resources.services.search import facts_reindex


class Command(BaseCommand):
    help = (
        "Build the search facts (text, organisation, licence, countries, years) of published "
        "versions that have none or outdated ones (--all: every version's), and the feed "
        "entries the listed resources' latest versions lack."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild the facts of all.")

    def handle(self, *args, **options):
        built = facts_reindex(everything=options["all"])
        self.stdout.write("%d version(s) indexed for the portal search." % built)
        listed = len(feed_rows("rss"))  # renders and stores the entries that are missing
        self.stdout.write("Feed entries of %d listed resource(s) are ready." % listed)
