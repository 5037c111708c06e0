"""Publishing a resource: versions, archives, archival mode and auto-publishing.

``start``: the checks and the job; ``run``: what the job does; ``store``: making a version
final; ``schedule``: settings, the auto-publishing calendar and failures; ``archive``: the
archive builder's input; ``files``: the stored files and their IPT names.
"""

from .files import version_path
from .schedule import (
    next_publish_date,
    publication_settings,
    publication_settings_update,
    publish_due,
)
from .start import (
    PUBLISH,
    PublishParams,
    latest_version,
    next_version,
    publication_running,
    publish_jobs,
    resource_publish,
)

__all__ = [
    "PUBLISH",
    "PublishParams",
    "latest_version",
    "next_publish_date",
    "next_version",
    "publication_running",
    "publication_settings",
    "publication_settings_update",
    "publish_due",
    "publish_jobs",
    "resource_publish",
    "version_path",
]
