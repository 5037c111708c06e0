"""The demo resource a fresh instance starts with."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.db import transaction

from catalogue.models import Extension
from publisher.models import User
from resources.models import Resource

from .mappings import mapping_create
from .sources import sources_ingest, staging_dir

DEMO_SHORTNAME = "demo-pond-survey"
DEMO_TITLE = "Demo: amphibian pond survey (synthetic sampling-event data)"
DEMO_FILES = ("event.csv", "occurrence.csv")
DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DWC = "http://rs.tdwg.org/dwc/terms/"
DEMO_MAPPINGS = (("event.csv", DWC + "Event"), ("occurrence.csv", DWC + "Occurrence"))


def demo_resource_ensure(*, creator: User) -> tuple[Resource, bool]:
    """Create the demo resource once, with its two sources (files in ``resources/demo/``)."""
    with transaction.atomic():
        resource, created = Resource.objects.get_or_create(
            shortname=DEMO_SHORTNAME, defaults={"title": DEMO_TITLE, "creator": creator}
        )
    if not resource.sources.exists():
        folder = staging_dir()
        files = []
        for name in DEMO_FILES:
            shutil.copy(DEMO_DIR / name, folder / name)
            files.append({"path": str(folder / name), "filename": name})
        sources_ingest(resource=resource, staged={"folder": str(folder), "files": files})
    if not resource.mappings.exists():
        _demo_mappings(resource)
    _demo_metadata(resource, creator)
    return resource, created


def _demo_mappings(resource: Resource) -> None:
    for filename, row_type in DEMO_MAPPINGS:
        extension = Extension.objects.filter(row_type=row_type).first()
        if extension is None:  # an admin removed it; the demo then stays unmapped
            continue
        source = resource.sources.get(filename=filename)
        mapping_create(resource=resource, source=source, extension=extension)


def _demo_metadata(resource: Resource, creator: User) -> None:
    from metadata.services.demo import demo_metadata_ensure

    demo_metadata_ensure(resource=resource, user=creator)


def demo_publish(*, resource: Resource, user: User) -> str | None:
    """Make the demo public and publish version 1.0 in this process (no worker needed), so
    that a fresh instance shows a dataset on its home page and harvest URLs. Returns the
    version published, or None when the demo already has one or cannot be published."""
    from core.jobs.executor import execute
    from core.models import JobStatus

    from .publication import resource_publish
    from .visibility import resource_visibility_change

    if resource.versions.exists():
        return None
    resource_visibility_change(resource=resource, user=user, visibility="public")
    job = resource_publish(resource=resource, user=user, change_summary="Demo data.", enqueue=False)
    execute(str(job.pk))
    job.refresh_from_db()
    return job.result.get("version") if job.status == JobStatus.SUCCEEDED else None
