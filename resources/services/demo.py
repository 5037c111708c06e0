"""The demo resource a fresh instance starts with."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.db import transaction

from publisher.models import User
from resources.models import Resource

from .sources import sources_ingest, staging_dir

DEMO_SHORTNAME = "demo-pond-survey"
DEMO_TITLE = "Demo: amphibian pond survey (synthetic sampling-event data)"
DEMO_FILES = ("event.csv", "occurrence.csv")
DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"


def demo_resource_ensure(*, creator: User) -> tuple[Resource, bool]:
    """Create the demo resource once, with its two sources (files in ``resources/demo/``)."""
    with transaction.atomic():
        resource, created = Resource.objects.get_or_create(
            shortname=DEMO_SHORTNAME, defaults={"title": DEMO_TITLE, "creator": creator})
    if not resource.sources.exists():
        folder = staging_dir()
        files = []
        for name in DEMO_FILES:
            shutil.copy(DEMO_DIR / name, folder / name)
            files.append({"path": str(folder / name), "filename": name})
        sources_ingest(resource=resource, staged={"folder": str(folder), "files": files})
    return resource, created
