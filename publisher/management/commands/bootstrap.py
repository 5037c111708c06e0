"""Prepare an instance to run: migrate, collect static files, ensure an admin, add demo data."""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from publisher.services.users import admin_ensure
from resources.services import demo_resource_ensure
from resources.services.demo import demo_publish


class Command(BaseCommand):
    help = "Migrate, collect static files, create the admin (ADMIN_EMAIL) and demo data."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Do not add the demo resource.")
        parser.add_argument("--no-static", action="store_true", help="Skip collectstatic.")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        email = os.environ.get("ADMIN_EMAIL", "admin@example.org")
        admin, generated = admin_ensure(email=email, password=os.environ.get("ADMIN_PASSWORD"))
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    "Created admin %s with password: %s  (shown once; change it after logging in)"
                    % (admin.email, generated)
                )
            )
        else:
            self.stdout.write("Admin account: %s" % admin.email)
        if not options["no_demo"]:
            resource, created = demo_resource_ensure(creator=admin)
            if created:
                self.stdout.write("Added demo resource %s" % resource.shortname)
            version = demo_publish(resource=resource, user=admin)
            if version:
                self.stdout.write("Published demo resource version %s" % version)
        self.stdout.write(self.style.SUCCESS("Instance ready."))
