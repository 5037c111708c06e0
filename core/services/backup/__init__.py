"""Backups of an installation: its database and the files under ``DATA_DIR`` in one tar file.

``backup_write`` makes the file while the instance keeps serving; ``backup_restore`` checks a
file and restores it into an empty installation. The format is in ``archive``.
"""

from core.services.backup.archive import BackupError
from core.services.backup.restore import backup_restore
from core.services.backup.write import backup_write

__all__ = ["BackupError", "backup_restore", "backup_write"]
