"""`manage.py restore FILE`: a backup made by `manage.py backup`, into an empty installation."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this installation's database and "
        "DATA_DIR. Every checksum is checked first; the installation must be empty (no users, "
        "no files under DATA_DIR) unless --force. The stored secrets must decrypt: with the "
        "key the backup carries (--include-secrets), or with the configured ENCRYPTION_KEY. "
        "Stop the web server and the workers while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of an installation that is not empty.",
        )

    def handle(self, *args, file, force, **options):
        if not file.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": file})
        try:
            manifest = backup_restore(source=file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup of %(created)s restored.") % {"created": manifest.created or file}
            )
        )
