"""`manage.py backup FILE`: the database and DATA_DIR in one file, while the instance serves."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.services.backup import BackupError, backup_write
from core.services.backup.archive import FILES_PREFIX, Manifest


class Command(BaseCommand):
    help = (
        "Write one consistent backup of the database (SQLite's backup API, or pg_dump on "
        "PostgreSQL) and of the files under DATA_DIR (without tmp, broker, cache, logs and "
        "static) to FILE, a tar with a manifest and SHA-256 checksums, readable by its owner "
        "only. The instance may keep serving meanwhile. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file to write (replaced).")
        parser.add_argument(
            "--include-secrets",
            action="store_true",
            help=(
                "Also store the key the stored passwords and tokens are encrypted with, so "
                "that they decrypt wherever the backup is restored. Anyone with the file can "
                "then read them: keep it as secret as that key."
            ),
        )

    def handle(self, *args, file, include_secrets, **options):
        try:
            manifest = backup_write(target=file, include_secrets=include_secrets)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("The backup could not be written to %(path)s: %(error)s")
                % {"path": file, "error": exc}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s: the %(engine)s database and %(count)s files.")
                % {"path": file, "engine": manifest.engine, "count": _files(manifest)}
            )
        )


def _files(manifest: Manifest) -> str:
    count = sum(name.startswith(FILES_PREFIX) for name in manifest.members)
    return number_format(count, force_grouping=True)
