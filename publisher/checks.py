"""Start-up checks of the installation: DATA_DIR must be readable by the instance alone."""

from __future__ import annotations

import logging
import stat

from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)

EXPOSED = (
    "DATA_DIR %(path)s can be read by other users (mode %(mode)s): it holds the database, "
    "the source data, private archives and secrets. Run: chmod -R go-rwx %(path)s"
)


def data_dir_exposed() -> str | None:
    """The warning to give when DATA_DIR lets its group or others in, else ``None``."""
    try:
        mode = stat.S_IMODE(settings.DATA_DIR.stat().st_mode)
    except OSError:
        return None  # a missing DATA_DIR is reported by the self-check
    if not mode & 0o077:
        return None
    return EXPOSED % {"path": settings.DATA_DIR, "mode": oct(mode)[2:].zfill(4)}


@checks.register(checks.Tags.security)
def check_data_dir_private(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``manage.py check`` (and every command that runs the checks) warns of an open DATA_DIR."""
    message = data_dir_exposed()
    if message is None:
        return []
    return [checks.Warning(message, id="publisher.W001")]


def warn_if_data_dir_exposed() -> None:
    """Log the same warning once per process (gunicorn and Celery run no checks)."""
    message = data_dir_exposed()
    if message is not None:
        logger.warning(message)
